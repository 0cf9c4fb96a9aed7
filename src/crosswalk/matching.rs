//! Best matches of each competency in every other framework.
//!
//! Text cosines come from an inverted index (term → competencies with their weights), so
//! one competency is scored against all others by touching only the competencies that
//! share a term with it; no pair of frameworks is compared explicitly. Name similarity is
//! costlier (string distance), so it is computed only for each target framework's top
//! `candidates` competencies by text: a name can re-rank plausible matches but cannot make
//! a match out of a competency whose text has nothing in common.

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
}

pub const DEFAULT_MIN_SCORE: f32 = 0.2;

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            top: 3,
            min_score: DEFAULT_MIN_SCORE,
            relative: 0.8,
            candidates: 4,
            mutual_min_score: 0.16,
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
/// frameworks (other than its own). Sorted by source competency, then score (descending),
/// then target, so output is identical run to run.
pub fn best_matches(model: &Model, from: &[usize], to: &[usize], opts: &MapOptions) -> Vec<Match> {
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
    queries
        .par_iter()
        .map_init(
            || vec![0f32; n],
            |acc, &q| {
                for &(t, w) in &model.profiles[q].vec {
                    for &(p, wp) in &postings[t as usize] {
                        acc[p as usize] += w * wp;
                    }
                }
                let own = model.profiles[q].at.fw as usize;
                let mut out = Vec::new();
                let mut cands: Vec<(f32, usize)> = Vec::new();
                for &fw in to {
                    if fw == own {
                        continue;
                    }
                    cands.clear();
                    for p in model.profiles_of(fw) {
                        cands.push((acc[p], p));
                    }
                    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                    cands.truncate(keep);
                    let mut scored: Vec<Match> = cands
                        .iter()
                        .map(|&(text, p)| Match {
                            from: q,
                            to: p,
                            score: model.combine(text, q, p),
                        })
                        .filter(|m| m.score.score >= opts.min_score.min(opts.mutual_min_score))
                        .collect();
                    scored.sort_by(|a, b| {
                        b.score
                            .score
                            .total_cmp(&a.score.score)
                            .then(a.to.cmp(&b.to))
                    });
                    if let Some(best) = scored.first().map(|m| m.score.score) {
                        scored.retain(|m| m.score.score >= best * opts.relative);
                    }
                    let first_kept = scored.first().is_some_and(|m| {
                        m.score.score >= opts.min_score || is_best_in(model, m.to, own, q)
                    });
                    let mut k = 0;
                    scored.retain(|m| {
                        k += 1;
                        if k == 1 {
                            first_kept
                        } else {
                            m.score.score >= opts.min_score
                        }
                    });
                    scored.truncate(opts.top);
                    out.extend(scored);
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

/// Whether `q` is the best match of `p` among the competencies of framework `fw` (ties go to
/// the lower index, as in the ranking).
fn is_best_in(model: &Model, p: usize, fw: usize, q: usize) -> bool {
    let sq = model.score(p, q).score;
    model.profiles_of(fw).all(|o| {
        o == q || {
            let so = model.score(p, o).score;
            so < sq || (so == sq && o > q)
        }
    })
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
