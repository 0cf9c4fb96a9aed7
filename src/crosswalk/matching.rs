//! Best matches of each competency in every other framework.
//!
//! Text cosines come from an inverted index (term → competencies with their weights), so
//! one competency is scored against all others by touching only the competencies that
//! share a term with it; no pair of frameworks is compared explicitly. Name similarity is
//! costlier (string distance), so it is computed only for each target framework's top
//! `candidates` competencies by text: a name can re-rank plausible matches but cannot make
//! a match out of a competency whose text has nothing in common.

use super::align::Aligner;
use super::similarity::{Model, Score};
use rayon::prelude::*;

#[derive(Debug, Clone, Copy)]
pub struct MapOptions {
    /// Matches kept per competency and target framework.
    pub top: usize,
    /// Matches scoring below this are dropped.
    pub min_score: f32,
    /// A second or third match is kept only if it scores at least this share of the best:
    /// many-to-one mappings are real (Chesterfield's "Can do" covers three Mansfield
    /// competencies) but a distant runner-up is noise.
    pub relative: f32,
    /// Text-ranked candidates per target framework that get the full score.
    pub candidates: usize,
    /// A best match below `min_score` is still kept from this score up when it is mutual
    /// (each is the other's best in its framework): mutual best is strong evidence on its
    /// own, and frameworks written from different sources share fewer words.
    pub mutual_min_score: f32,
    /// A mutual best below `mutual_min_score` is still kept from this score up when a third
    /// framework corroborates it: some competency C is kept as a match of both (A ↔ C and
    /// C ↔ B). Frameworks written from different sources share few words, but when two of
    /// them each clearly correspond to a third, their own weak mutual best is rarely chance.
    pub corroborated_min_score: f32,
}

pub const DEFAULT_MIN_SCORE: f32 = 0.18;

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            top: 3,
            min_score: DEFAULT_MIN_SCORE,
            relative: 0.8,
            candidates: 3,
            mutual_min_score: 0.16,
            corroborated_min_score: 0.1,
        }
    }
}

/// `from` and `to` are profile indices of the [`Model`].
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub from: usize,
    pub to: usize,
    pub score: Score,
}

/// For every competency of the `from` frameworks, its best matches in each of the `to`
/// frameworks (other than its own). Sorted by source competency, then target framework,
/// then score (descending), then target, so output is identical run to run.
pub fn best_matches(model: &Model, from: &[usize], to: &[usize], opts: &MapOptions) -> Vec<Match> {
    let mut from = from.to_vec();
    let mut to = to.to_vec();
    from.sort_unstable();
    from.dedup();
    to.sort_unstable();
    to.dedup();
    let floor = opts
        .min_score
        .min(opts.mutual_min_score)
        .min(opts.corroborated_min_score);
    let mut raw = directed(model, &from, &to, opts, floor);
    let keep = {
        // Mutuality needs each target's best match back in the source framework.
        let reverse_owned;
        let reverse: &[Match] = if from == to {
            &raw
        } else {
            reverse_owned = directed(model, &to, &from, opts, floor);
            &reverse_owned
        };
        let fw_of = |p: usize| model.profiles[p].at.fw;
        let n = model.profiles.len();
        let (raw_at, reverse_at) = (by_source(&raw, n), by_source(reverse, n));
        // Within one source's few thousand matches, not across all of them: at a thousand
        // frameworks there are millions and a global search missed the cache every step.
        let best_back = |p: usize, fw: u32| -> Option<usize> {
            let mine = &reverse[reverse_at[p]..reverse_at[p + 1]];
            let i = mine.partition_point(|m| fw_of(m.to) < fw);
            mine.get(i).filter(|m| fw_of(m.to) == fw).map(|m| m.to)
        };
        let mutual = |m: &Match| best_back(m.to, fw_of(m.from)) == Some(m.from);
        // Each source's matches are decided on their own, so in parallel. Flags are kept
        // rather than matches copied: at a thousand frameworks there are millions.
        let sources: Vec<usize> = (0..n).filter(|&p| raw_at[p] < raw_at[p + 1]).collect();
        let decided: Vec<(Vec<bool>, Vec<usize>)> = sources
            .par_iter()
            .map(|&p| {
                let (lo, hi) = (raw_at[p], raw_at[p + 1]);
                let mut keep = vec![false; hi - lo];
                // Mutual bests below the mutual floor, to be kept if corroborated.
                let mut weak = Vec::new();
                let mut i = lo;
                while i < hi {
                    let fw = fw_of(raw[i].to);
                    let mut j = i + 1;
                    while j < hi && fw_of(raw[j].to) == fw {
                        keep[j - lo] = raw[j].score.score >= opts.min_score;
                        j += 1;
                    }
                    let first = &raw[i];
                    let s = first.score.score;
                    keep[i - lo] =
                        s >= opts.min_score || (s >= opts.mutual_min_score && mutual(first));
                    if !keep[i - lo] && s >= opts.corroborated_min_score && mutual(first) {
                        weak.push(i);
                    }
                    i = j;
                }
                (keep, weak)
            })
            .collect();
        let mut keep = Vec::with_capacity(raw.len());
        let mut weak = Vec::new();
        for (k, w) in decided {
            keep.extend(k);
            weak.extend(w);
        }
        if !weak.is_empty() {
            corroborate(&raw, reverse, from == to, &mut keep, &weak, opts, fw_of);
        }
        keep
    };
    let mut k = keep.iter();
    raw.retain(|_| k.next().copied().unwrap_or(false));
    raw
}

/// Where each source profile's matches start in `matches` (sorted by source): entry `p` and
/// `p + 1` bound profile `p`'s.
fn by_source(matches: &[Match], n: usize) -> Vec<usize> {
    let mut at = vec![0usize; n + 1];
    for m in matches {
        at[m.from + 1] += 1;
    }
    for p in 0..n {
        at[p + 1] += at[p];
    }
    at
}

/// Keeps each weak mutual best (indices into `raw`) that a third framework corroborates:
/// some competency C kept as a match of both ends. Only the neighbours of weak pairs' ends
/// are gathered: the full neighbour lists would be every kept match twice over.
fn corroborate(
    raw: &[Match],
    reverse: &[Match],
    same: bool,
    keep: &mut [bool],
    weak: &[usize],
    opts: &MapOptions,
    fw_of: impl Fn(usize) -> u32,
) {
    let mut ends: Vec<usize> = weak
        .iter()
        .flat_map(|&w| [raw[w].from, raw[w].to])
        .collect();
    ends.sort_unstable();
    ends.dedup();
    let wanted = |p: usize| ends.binary_search(&p).is_ok();
    // Kept matches as sorted neighbour lists (both orientations); the reverse direction's
    // matches count when it was computed separately.
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut add = |a: usize, b: usize| {
        if wanted(a) {
            edges.push((a, b));
        }
        if wanted(b) {
            edges.push((b, a));
        }
    };
    for (m, &k) in raw.iter().zip(keep.iter()) {
        if k {
            add(m.from, m.to);
        }
    }
    if !same {
        for m in reverse.iter().filter(|m| m.score.score >= opts.min_score) {
            add(m.from, m.to);
        }
    }
    edges.sort_unstable();
    edges.dedup();
    let neighbours = |p: usize| -> &[(usize, usize)] {
        let lo = edges.partition_point(|e| e.0 < p);
        let hi = edges.partition_point(|e| e.0 <= p);
        &edges[lo..hi]
    };
    for &w in weak {
        let (a, b) = (raw[w].from, raw[w].to);
        let (na, nb) = (neighbours(a), neighbours(b));
        let (mut x, mut y) = (0, 0);
        while x < na.len() && y < nb.len() {
            match na[x].1.cmp(&nb[y].1) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    let c = na[x].1;
                    if fw_of(c) != fw_of(a) && fw_of(c) != fw_of(b) {
                        keep[w] = true;
                        break;
                    }
                    x += 1;
                    y += 1;
                }
            }
        }
    }
}

/// One direction: every source competency against every target framework, keeping the top
/// `opts.top` at or above `floor` (and within `opts.relative` of the best).
fn directed(
    model: &Model,
    from: &[usize],
    to: &[usize],
    opts: &MapOptions,
    floor: f32,
) -> Vec<Match> {
    let n = model.profiles.len();
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); model.vocab.len()];
    for &fw in to {
        for p in model.profiles_of(fw) {
            for &(t, w) in &model.profiles[p].vec {
                postings[t as usize].push((p as u32, w));
            }
        }
    }
    let queries: Vec<usize> = from.iter().flat_map(|&f| model.profiles_of(f)).collect();
    let keep = opts.candidates.max(opts.top);
    // Without a share for it the alignment is not computed at all.
    let align = model.weights.align_share > 0.0;
    queries
        .par_iter()
        .map_init(
            || {
                (
                    vec![0f32; n],
                    super::similarity::NameCache::default(),
                    Aligner::new(model.vocab.len()),
                )
            },
            |(acc, names, aligner), &q| {
                aligner.prepare(model, q);
                // A plain slice: through the Vec, every store could change its length as far
                // as the compiler knows, and the length was reloaded on every posting.
                let sums: &mut [f32] = acc;
                for &(t, w) in &model.profiles[q].vec {
                    for &(p, wp) in &postings[t as usize] {
                        sums[p as usize] += w * wp;
                    }
                }
                let own = model.profiles[q].at.fw as usize;
                let mut out = Vec::new();
                // Top `keep` by text, best first, ties to the lower index; a short insertion
                // list is cheaper than sorting every framework's competencies.
                let mut cands: Vec<(f32, usize)> = Vec::with_capacity(keep + 1);
                let mut scored: Vec<Match> = Vec::with_capacity(keep);
                for &fw in to {
                    if fw == own {
                        continue;
                    }
                    cands.clear();
                    for p in model.profiles_of(fw) {
                        let v = acc[p];
                        if cands.len() == keep && v <= cands[keep - 1].0 {
                            continue;
                        }
                        let pos = cands.partition_point(|&(c, _)| c >= v);
                        cands.insert(pos, (v, p));
                        cands.truncate(keep);
                    }
                    scored.clear();
                    scored.extend(
                        cands
                            .iter()
                            .map(|&(_, p)| Match {
                                from: q,
                                to: p,
                                score: model.combine_cached(
                                    acc[p],
                                    if align { aligner.align(model, p) } else { 0.0 },
                                    q,
                                    p,
                                    names,
                                ),
                            })
                            .filter(|m| m.score.score >= floor),
                    );
                    scored.sort_by(|a, b| {
                        b.score
                            .score
                            .total_cmp(&a.score.score)
                            .then(a.to.cmp(&b.to))
                    });
                    if let Some(best) = scored.first().map(|m| m.score.score) {
                        scored.retain(|m| m.score.score >= best * opts.relative);
                    }
                    scored.truncate(opts.top);
                    out.append(&mut scored);
                }
                for &fw in to {
                    for p in model.profiles_of(fw) {
                        acc[p] = 0.0;
                    }
                }
                out
            },
        )
        .flatten()
        .collect()
}

/// Frameworks whose council or id contains `pattern` (case-insensitive); all when None.
pub fn select(frameworks: &[crate::model::Framework], pattern: Option<&str>) -> Vec<usize> {
    let pat = pattern.map(str::to_lowercase);
    frameworks
        .iter()
        .enumerate()
        .filter(|(_, f)| match &pat {
            None => true,
            Some(p) => {
                f.id.to_lowercase().contains(p)
                    || f.council
                        .as_deref()
                        .is_some_and(|c| c.to_lowercase().contains(p))
            }
        })
        .map(|(i, _)| i)
        .collect()
}

/// What a reader calls a framework's owner: the council, or the framework id when the
/// document does not name one.
pub fn council_label(f: &crate::model::Framework) -> String {
    f.council.clone().unwrap_or_else(|| format!("({})", f.id))
}
