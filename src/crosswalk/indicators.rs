//! Shared-origin indicators: the same sentence in two councils' frameworks, give or take
//! inflection, a swapped word ("staff"/"employees") or an added clause.
//!
//! Candidates come from an inverted index on rare stemmed terms with *prefix filtering*:
//! each indicator's distinct terms are ordered rarest first (by document frequency); if two
//! indicators share at least `t` of the smaller one's `k` terms, they must share one of its
//! first `k − ⌈t·k⌉ + 1` rarest terms. Probing only that prefix, from the smaller side of each
//! pair, finds every pair above the containment floor exactly (no false negatives, unlike
//! MinHash, which also misses containment: a sentence with a clause added has low Jaccard
//! but full containment), and rare terms have short posting lists, so the work grows with
//! the number of similar pairs, not with n².
//!
//! Verification, on stemmed content terms:
//!
//! `score = 0.35 · ordered · locality + 0.35 · phrases + 0.15 · containment + 0.15 · jaccard
//! − 0.1 · [opening term of the shorter missing from the longer]`
//!
//! where containment = |A∩B| / min(|A|,|B|), jaccard = |A∩B| / |A∪B|, ordered = longest
//! common subsequence of the term sequences / length of the shorter one, phrases = share of
//! the shorter one's term bigrams found in the longer, and locality = (share of the shorter
//! one's terms inside the best window of the longer 1.5× its length) / containment, capped
//! at 1. Ordered containment and phrases carry most of the weight because they are what
//! "the same sentence" means: the shorter text appears, in order, inside the longer (an
//! added clause or a merged sentence leaves them at 1; the same words in a different
//! sentence do not). Locality discounts an "ordered" match whose words are scattered over a
//! long paragraph ("challenging the status quo … evidence … service improvement" is not
//! "challenges status quo to ensure service improvement"); the opening penalty reflects that
//! edited copies keep their first verb, while sentences that merely share a phrase
//! ("working across departmental boundaries") start differently. Jaccard breaks ties in
//! favour of pairs that differ less overall. Pairs from the same council are not reported:
//! repeating a sentence across one's own levels is not shared origin.

use super::text::Vocab;
use crate::model::Framework;
use rayon::prelude::*;

/// Pairs sharing less than this share of the smaller indicator's terms are never candidates.
const MIN_CONTAINMENT: f32 = 0.5;

#[derive(Debug, Clone, Copy)]
pub struct IndicatorOptions {
    pub min_score: f32,
    /// Indicators with fewer distinct content terms are too generic to attribute an origin
    /// ("Be flexible.").
    pub min_terms: usize,
}

impl Default for IndicatorOptions {
    fn default() -> Self {
        IndicatorOptions {
            min_score: 0.5,
            min_terms: 4,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IndicatorRef {
    pub fw: u32,
    pub comp: u32,
    pub ind: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndicatorPair {
    /// Indices into [`SharedIndicators::refs`], `a < b`.
    pub a: u32,
    pub b: u32,
    pub score: f32,
}

#[derive(Debug, Clone, Default)]
pub struct SharedIndicators {
    pub refs: Vec<IndicatorRef>,
    /// Sorted by (a, b).
    pub pairs: Vec<IndicatorPair>,
    /// Connected components of the pairs, each sorted; sorted by first member.
    pub families: Vec<Vec<u32>>,
}

impl SharedIndicators {
    /// The score of the pair of indicators `x` and `y` (either order), if they are a pair.
    /// Pairs are sorted by (a, b): looked up, not scanned (there are millions at scale).
    pub fn score(&self, x: u32, y: u32) -> Option<f32> {
        let key = (x.min(y), x.max(y));
        self.pairs
            .binary_search_by(|p| (p.a, p.b).cmp(&key))
            .ok()
            .map(|i| self.pairs[i].score)
    }
}

impl IndicatorRef {
    pub fn get<'f>(
        &self,
        fws: &'f [Framework],
    ) -> (
        &'f Framework,
        &'f crate::model::Competency,
        &'f crate::model::Indicator,
    ) {
        let f = &fws[self.fw as usize];
        let c = &f.competencies[self.comp as usize];
        (f, c, &c.indicators[self.ind as usize])
    }
}

pub fn shared_indicators(frameworks: &[Framework], opts: &IndicatorOptions) -> SharedIndicators {
    let mut refs = Vec::new();
    for (fi, f) in frameworks.iter().enumerate() {
        for (ci, c) in f.competencies.iter().enumerate() {
            for ii in 0..c.indicators.len() {
                refs.push(IndicatorRef {
                    fw: fi as u32,
                    comp: ci as u32,
                    ind: ii as u32,
                });
            }
        }
    }
    let vocab = Vocab::build(
        refs.par_iter()
            .map(|r| r.get(frameworks).2.text.as_str())
            .collect::<Vec<_>>(),
    );
    // Council identity: the name, or the framework when the document names none.
    let mut owners: Vec<String> = frameworks
        .iter()
        .map(|f| {
            f.council
                .clone()
                .unwrap_or_else(|| format!("\u{0}{}", f.id))
        })
        .collect();
    owners.sort();
    owners.dedup();
    let owner_of: Vec<u32> = frameworks
        .iter()
        .map(|f| {
            let k = f
                .council
                .clone()
                .unwrap_or_else(|| format!("\u{0}{}", f.id));
            owners.binary_search(&k).unwrap_or(0) as u32
        })
        .collect();

    let seqs: Vec<Vec<u32>> = refs
        .par_iter()
        .map(|r| vocab.terms(&r.get(frameworks).2.text))
        .collect();
    let sets: Vec<Vec<u32>> = seqs
        .par_iter()
        .map(|s| {
            let mut v = s.clone();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let eligible: Vec<bool> = sets.iter().map(|s| s.len() >= opts.min_terms).collect();
    let bigrams: Vec<Vec<u64>> = seqs
        .par_iter()
        .map(|q| {
            let mut v: Vec<u64> = q
                .windows(2)
                .map(|w| ((w[0] as u64) << 32) | w[1] as u64)
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();

    // Rank terms rarest first; ties by id keep the order (and so the prefixes) deterministic.
    let mut df = vec![0u32; vocab.len()];
    for (s, _) in sets.iter().zip(&eligible).filter(|(_, e)| **e) {
        for &t in s {
            df[t as usize] += 1;
        }
    }
    let mut order: Vec<u32> = (0..vocab.len() as u32).collect();
    order.sort_by_key(|&t| (df[t as usize], t));
    let mut rank = vec![0u32; vocab.len()];
    for (r, &t) in order.iter().enumerate() {
        rank[t as usize] = r as u32;
    }
    let ranked: Vec<Vec<u32>> = sets
        .par_iter()
        .map(|s| {
            let mut v: Vec<u32> = s.iter().map(|&t| rank[t as usize]).collect();
            v.sort_unstable();
            v
        })
        .collect();
    // Copies of one sentence (same term sequence) are compared once, through their first
    // member, and expanded afterwards: at scale most indicators are verbatim copies.
    let mut group_of = vec![0u32; refs.len()];
    let mut members: Vec<Vec<u32>> = Vec::new();
    {
        let mut by_seq: std::collections::HashMap<&[u32], u32> = Default::default();
        for (i, q) in seqs.iter().enumerate() {
            let next = members.len() as u32;
            let g = *by_seq.entry(q.as_slice()).or_insert(next);
            if g == next {
                members.push(Vec::new());
            }
            members[g as usize].push(i as u32);
            group_of[i] = g;
        }
    }
    let is_rep = |i: usize| members[group_of[i] as usize][0] as usize == i;
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); vocab.len()];
    for (i, r) in ranked.iter().enumerate() {
        if eligible[i] && is_rep(i) {
            for &t in r {
                postings[t as usize].push(i as u32);
            }
        }
    }
    // (size, index): each pair is probed once, from its smaller member.
    let smaller = |i: usize, j: usize| (ranked[i].len(), i) < (ranked[j].len(), j);

    let rep_pairs: Vec<IndicatorPair> = (0..refs.len())
        .into_par_iter()
        .filter(|&i| eligible[i] && is_rep(i))
        .map_init(
            || (vec![u32::MAX; refs.len()], Vec::new()),
            |(seen, lcs_row), i| {
                let k = ranked[i].len();
                let prefix = k - (MIN_CONTAINMENT * k as f32).ceil() as usize + 1;
                let mut out = Vec::new();
                for &t in &ranked[i][..prefix.min(k)] {
                    for &j in &postings[t as usize] {
                        let j = j as usize;
                        if j == i || seen[j] == i as u32 || !smaller(i, j) {
                            continue;
                        }
                        seen[j] = i as u32;
                        let common = super::similarity::count_common(&ranked[i], &ranked[j]);
                        if (common as f32) < MIN_CONTAINMENT * k as f32 {
                            continue;
                        }
                        let score = verify(
                            common,
                            k,
                            ranked[j].len(),
                            (&seqs[i], &seqs[j]),
                            (&bigrams[i], &bigrams[j]),
                            lcs_row,
                        );
                        if score >= opts.min_score {
                            let (a, b) = if i < j { (i, j) } else { (j, i) };
                            out.push(IndicatorPair {
                                a: a as u32,
                                b: b as u32,
                                score,
                            });
                        }
                    }
                }
                out
            },
        )
        .flatten()
        .collect();
    let owner = |i: u32| owner_of[refs[i as usize].fw as usize];
    let expand = |ga: &[u32], gb: &[u32], score: f32, out: &mut Vec<IndicatorPair>| {
        for &a in ga {
            for &b in gb {
                if a != b && owner(a) != owner(b) && (ga.as_ptr() != gb.as_ptr() || a < b) {
                    out.push(IndicatorPair {
                        a: a.min(b),
                        b: a.max(b),
                        score,
                    });
                }
            }
        }
    };
    let mut pairs: Vec<IndicatorPair> = rep_pairs
        .par_iter()
        .flat_map_iter(|p| {
            let mut out = Vec::new();
            let (ga, gb) = (
                &members[group_of[p.a as usize] as usize],
                &members[group_of[p.b as usize] as usize],
            );
            expand(ga, gb, p.score, &mut out);
            out
        })
        .collect();
    for g in &members {
        if g.len() > 1 && eligible[g[0] as usize] {
            expand(g, g, 1.0, &mut pairs);
        }
    }
    pairs.sort_by(|x, y| (x.a, x.b).cmp(&(y.a, y.b)));

    let families = families(refs.len(), &pairs);
    SharedIndicators {
        refs,
        pairs,
        families,
    }
}

/// The verification score (module doc); `common` distinct terms shared by sets of sizes
/// `na` and `nb`; term sequences and sorted term bigrams of both.
pub fn verify(
    common: usize,
    na: usize,
    nb: usize,
    seqs: (&[u32], &[u32]),
    bigrams: (&[u64], &[u64]),
    row: &mut Vec<u32>,
) -> f32 {
    if common == 0 {
        return 0.0;
    }
    let c = common as f32;
    let containment = c / na.min(nb) as f32;
    let jaccard = c / ((na + nb) as f32 - c).max(1.0);
    let shorter = seqs.0.len().min(seqs.1.len()).max(1) as f32;
    let ordered = (lcs(seqs.0, seqs.1, row) as f32 / shorter).min(1.0);
    let bshort = bigrams.0.len().min(bigrams.1.len()).max(1) as f32;
    let phrases = (super::similarity::count_common(bigrams.0, bigrams.1) as f32 / bshort).min(1.0);
    let (short, long) = if seqs.0.len() <= seqs.1.len() {
        (seqs.0, seqs.1)
    } else {
        (seqs.1, seqs.0)
    };
    let locality = (window_containment(short, long) / containment).min(1.0);
    let opening = short.first().is_none_or(|t| long.contains(t));
    0.35 * ordered * locality + 0.35 * phrases + 0.15 * containment + 0.15 * jaccard
        - if opening { 0.0 } else { OPENING_PENALTY }
}

/// Subtracted when the shorter indicator's first content term is nowhere in the longer: an
/// edited copy keeps its opening verb ("Seek"/"Seeks", "Drive"/"Drives") even when clauses
/// are added or swapped; two sentences that merely share a phrase usually open differently.
const OPENING_PENALTY: f32 = 0.1;

/// Share of the shorter sequence's distinct terms found inside the best window of the longer
/// one that is 1.5 times the shorter's length: a copied sentence sits in one place of the
/// longer text (added clauses before or after it do not matter), while the same few words
/// spread over a long paragraph do not.
fn window_containment(short: &[u32], long: &[u32]) -> f32 {
    let mut distinct: Vec<u32> = short.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.is_empty() {
        return 0.0;
    }
    let w = ((short.len() as f32 * 1.5).ceil() as usize).max(1);
    let pos = |t: u32| distinct.binary_search(&t).ok();
    let mut count = vec![0u32; distinct.len()];
    let (mut inside, mut best) = (0usize, 0usize);
    for (j, &t) in long.iter().enumerate() {
        if let Some(k) = pos(t) {
            count[k] += 1;
            if count[k] == 1 {
                inside += 1;
            }
        }
        if j >= w
            && let Some(k) = pos(long[j - w])
        {
            count[k] -= 1;
            if count[k] == 0 {
                inside -= 1;
            }
        }
        best = best.max(inside);
    }
    best as f32 / distinct.len() as f32
}

/// Longest common subsequence length of two term sequences (one-row dynamic programme).
fn lcs(a: &[u32], b: &[u32], row: &mut Vec<u32>) -> usize {
    row.clear();
    row.resize(b.len() + 1, 0);
    for x in a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()] as usize
}

fn families(n: usize, pairs: &[IndicatorPair]) -> Vec<Vec<u32>> {
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn find(p: &mut [u32], mut x: u32) -> u32 {
        while p[x as usize] != x {
            p[x as usize] = p[p[x as usize] as usize];
            x = p[x as usize];
        }
        x
    }
    for pr in pairs {
        let (ra, rb) = (find(&mut parent, pr.a), find(&mut parent, pr.b));
        if ra != rb {
            // Smaller root wins, so a family's root is its first member.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent[hi as usize] = lo;
        }
    }
    let mut groups: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
    for pr in pairs {
        for x in [pr.a, pr.b] {
            let r = find(&mut parent, x);
            groups.entry(r).or_default().push(x);
        }
    }
    groups
        .into_values()
        .map(|mut v| {
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Competency, Indicator, Polarity, Provenance, Source};

    fn fw(id: &str, council: &str, texts: &[&str]) -> Framework {
        Framework {
            schema_version: 1,
            id: id.into(),
            council: Some(council.into()),
            council_from: None,
            title: None,
            source: Source {
                path: id.into(),
                format: "txt".into(),
                sha256: String::new(),
                pages: None,
            },
            levels: vec![],
            groups: vec![],
            competencies: vec![Competency {
                id: format!("{id}/c"),
                code: None,
                name: "C".into(),
                group: None,
                description: None,
                covers: vec![],
                notes: vec![],
                indicators: texts
                    .iter()
                    .enumerate()
                    .map(|(i, t)| Indicator {
                        id: format!("{id}/c/{i}"),
                        text: t.to_string(),
                        level: None,
                        polarity: Polarity::Positive,
                        source: Provenance::default(),
                    })
                    .collect(),
            }],
            warnings: vec![],
        }
    }

    #[test]
    fn scattered_words_and_a_different_opening_are_not_a_copy() {
        let v = Vocab::build(vec![
            "May be a lone voice challenging the status quo, but will always back up their position with evidence that the action is aimed at achieving service improvement",
            "Challenges status quo to ensure service improvement",
            "Works as an effective team player, managing team dynamics when working across departmental and other boundaries",
            "Leads collaboratively, working across departmental boundaries",
            "Challenges the status quo to ensure service improvement across the council",
        ]);
        let score = |a: &str, b: &str| {
            let (sa, sb) = (v.terms(a), v.terms(b));
            let set = |s: &[u32]| {
                let mut x = s.to_vec();
                x.sort_unstable();
                x.dedup();
                x
            };
            let bi = |s: &[u32]| {
                let mut x: Vec<u64> = s
                    .windows(2)
                    .map(|w| ((w[0] as u64) << 32) | w[1] as u64)
                    .collect();
                x.sort_unstable();
                x.dedup();
                x
            };
            let (ta, tb) = (set(&sa), set(&sb));
            let common = crate::crosswalk::similarity::count_common(&ta, &tb);
            verify(
                common,
                ta.len(),
                tb.len(),
                (&sa, &sb),
                (&bi(&sa), &bi(&sb)),
                &mut Vec::new(),
            )
        };
        // The shorter one's words spread over a long sentence: locality discounts "ordered".
        let spread = score(
            "May be a lone voice challenging the status quo, but will always back up their position with evidence that the action is aimed at achieving service improvement",
            "Challenges status quo to ensure service improvement",
        );
        let copied = score(
            "Challenges the status quo to ensure service improvement across the council",
            "Challenges status quo to ensure service improvement",
        );
        assert!(copied > 0.9 && spread < copied - 0.1, "{spread} {copied}");
        // Same phrase, different opening verb.
        let phrase = score(
            "Works as an effective team player, managing team dynamics when working across departmental and other boundaries",
            "Leads collaboratively, working across departmental boundaries",
        );
        assert!(phrase < 0.5, "{phrase}");
    }

    #[test]
    fn inflection_staff_and_added_clause_pair_up_but_same_council_and_unrelated_do_not() {
        let fws = vec![
            fw(
                "a",
                "A",
                &[
                    "Seeks constructive outcomes in discussions, challenges assumptions but remains willing to compromise",
                    "Continually communicates with staff, helping to clarify goals and activities",
                    "Regularly review procedures or systems with teams to identify improvements.",
                ],
            ),
            fw(
                "b",
                "B",
                &[
                    "Seek constructive outcomes in discussions, challenge assumptions but remain willing to compromise.",
                    "Continually communicate with employees, helping to clarify goals and activities.",
                    "Regularly review procedures or systems with teams to identify improvements. Spot warning signs of things going wrong.",
                    "Manages budgets and forecasts spending against agreed plans.",
                ],
            ),
            fw(
                "c",
                "A",
                &[
                    "Seeks constructive outcomes in discussions, challenges assumptions but remains willing to compromise",
                ],
            ),
        ];
        let r = shared_indicators(&fws, &IndicatorOptions::default());
        let got: Vec<(String, String)> = r
            .pairs
            .iter()
            .map(|p| {
                (
                    fws[r.refs[p.a as usize].fw as usize].id.clone(),
                    fws[r.refs[p.b as usize].fw as usize].id.clone(),
                )
            })
            .collect();
        // a–b three times, b–c once; a–c share a council.
        assert_eq!(
            got.iter()
                .filter(|p| *p == &("a".to_string(), "b".to_string()))
                .count(),
            3,
            "{got:?}"
        );
        assert!(got.contains(&("b".into(), "c".into())), "{got:?}");
        assert!(!got.contains(&("a".into(), "c".into())), "{got:?}");
        assert_eq!(r.families.len(), 3);
    }
}
