//! Shared-origin indicators: the same sentence in two councils' frameworks, give or take
//! inflection, a swapped word ("staff"/"employees") or an added clause.
//!
//! Candidates come from MinHash LSH over each indicator's set of stemmed content terms
//! (`BANDS` bands of `ROWS` rows: a pair with term Jaccard 0.4 becomes a candidate with
//! probability ≈ 0.86, at 0.5 ≈ 0.98, at 0.1 ≈ 0.03), so the work grows with the number of
//! similar pairs, not with n². A pair colliding in several bands is verified once: only in
//! the first band where it collides. Verification is exact:
//!
//! `score = (jaccard + containment + order) / 3` on stemmed term sets / sequences, where
//! containment = |A∩B| / min(|A|,|B|) (an added clause leaves it at 1) and order =
//! 1 − word-level Levenshtein distance / longer length (strsim's generic Levenshtein over
//! term ids; it catches the same words in a different sentence). Pairs from the same council
//! are not reported: repeating a sentence across one's own levels is not shared origin.

use super::text::Vocab;
use crate::model::Framework;
use rayon::prelude::*;

const BANDS: usize = 28;
const ROWS: usize = 3;
const HASHES: usize = BANDS * ROWS;

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
            min_score: 0.7,
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

impl IndicatorRef {
    pub fn get<'f>(
        &self,
        fws: &'f [Framework],
    ) -> (&'f Framework, &'f crate::model::Competency, &'f crate::model::Indicator) {
        let f = &fws[self.fw as usize];
        let c = &f.competencies[self.comp as usize];
        (f, c, &c.indicators[self.ind as usize])
    }
}

fn mix(mut z: u64) -> u64 {
    // splitmix64 finaliser: cheap, well-distributed, and fixed (deterministic across runs).
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
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
        .map(|f| f.council.clone().unwrap_or_else(|| format!("\u{0}{}", f.id)))
        .collect();
    owners.sort();
    owners.dedup();
    let owner_of: Vec<u32> = frameworks
        .iter()
        .map(|f| {
            let k = f.council.clone().unwrap_or_else(|| format!("\u{0}{}", f.id));
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
    let sigs: Vec<u32> = sets
        .par_iter()
        .flat_map_iter(|s| {
            let mut sig = [u32::MAX; HASHES];
            for &t in s {
                let base = mix(t as u64 + 1);
                for (h, slot) in sig.iter_mut().enumerate() {
                    let v = mix(base ^ (h as u64).wrapping_mul(0x9e3779b97f4a7c15)) as u32;
                    if v < *slot {
                        *slot = v;
                    }
                }
            }
            sig
        })
        .collect();
    let sig = |i: usize| &sigs[i * HASHES..(i + 1) * HASHES];
    let band_eq = |i: usize, j: usize, b: usize| {
        sig(i)[b * ROWS..(b + 1) * ROWS] == sig(j)[b * ROWS..(b + 1) * ROWS]
    };

    let mut pairs: Vec<IndicatorPair> = (0..BANDS)
        .into_par_iter()
        .flat_map_iter(|b| {
            let mut keys: Vec<(u64, u32)> = (0..refs.len())
                .filter(|&i| eligible[i])
                .map(|i| {
                    let row = &sig(i)[b * ROWS..(b + 1) * ROWS];
                    let mut k = b as u64;
                    for &v in row {
                        k = mix(k ^ v as u64);
                    }
                    (k, i as u32)
                })
                .collect();
            keys.sort_unstable();
            let mut out = Vec::new();
            let mut s = 0;
            while s < keys.len() {
                let mut e = s + 1;
                while e < keys.len() && keys[e].0 == keys[s].0 {
                    e += 1;
                }
                for x in s..e {
                    let i = keys[x].1 as usize;
                    for y in x + 1..e {
                        let j = keys[y].1 as usize;
                        if owner_of[refs[i].fw as usize] == owner_of[refs[j].fw as usize] {
                            continue;
                        }
                        // Key collisions across different rows are possible; require the
                        // rows themselves to match, and verify in the first such band only.
                        if !band_eq(i, j, b) || (0..b).any(|pb| band_eq(i, j, pb)) {
                            continue;
                        }
                        let score = verify(&sets[i], &sets[j], &seqs[i], &seqs[j]);
                        if score >= opts.min_score {
                            let (a, bb) = if i < j { (i, j) } else { (j, i) };
                            out.push(IndicatorPair {
                                a: a as u32,
                                b: bb as u32,
                                score,
                            });
                        }
                    }
                }
                s = e;
            }
            out
        })
        .collect();
    pairs.sort_by(|x, y| (x.a, x.b).cmp(&(y.a, y.b)));

    let families = families(refs.len(), &pairs);
    SharedIndicators {
        refs,
        pairs,
        families,
    }
}

/// The verification score (module doc).
pub fn verify(sa: &[u32], sb: &[u32], qa: &[u32], qb: &[u32]) -> f32 {
    let common = super::similarity::count_common(sa, sb) as f32;
    if common == 0.0 {
        return 0.0;
    }
    let union = (sa.len() + sb.len()) as f32 - common;
    let jaccard = common / union;
    let containment = common / sa.len().min(sb.len()) as f32;
    let longer = qa.len().max(qb.len()).max(1) as f32;
    let order = 1.0 - strsim::generic_levenshtein(qa, qb) as f32 / longer;
    (jaccard + containment + order) / 3.0
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
