//! Themes: competencies of all frameworks clustered by average-linkage agglomeration on the
//! crosswalk score. Average linkage because a theme should be close to all its members, not
//! chained through one look-alike (single linkage) nor held back by one outlier (complete).

use super::align::Aligner;
use super::similarity::{Model, NameCache};
use rayon::prelude::*;

/// Above this many competencies the O(n²) matrix and O(n³) merging get slow; themes are
/// meant for a reading-sized set (filter with --from/--to).
pub const MAX_THEME_COMPETENCIES: usize = 3000;

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Most characteristic terms: highest summed TF-IDF weight over the members.
    pub terms: Vec<String>,
    /// Profile indices, sorted.
    pub members: Vec<usize>,
    /// Average pairwise score of the members (1.0 for a single member).
    pub cohesion: f32,
}

/// Clusters the competencies of `frameworks` (indices into the model); merging stops when
/// the best average similarity between two clusters falls below `threshold`.
pub fn themes(model: &Model, frameworks: &[usize], threshold: f32) -> Result<Vec<Theme>, String> {
    let items: Vec<usize> = frameworks
        .iter()
        .flat_map(|&f| model.profiles_of(f))
        .collect();
    let n = items.len();
    if n > MAX_THEME_COMPETENCIES {
        return Err(format!(
            "{n} competencies: themes handle at most {MAX_THEME_COMPETENCIES}; narrow with --from/--to"
        ));
    }
    let sim: Vec<Vec<f32>> = (0..n)
        .into_par_iter()
        .map_init(
            || (Aligner::new(model.vocab.len()), NameCache::default()),
            |(aligner, names), i| {
                let a = items[i];
                aligner.prepare(model, a);
                (0..n)
                    .map(|j| {
                        let b = items[j];
                        if i == j {
                            1.0
                        } else {
                            let (cos, align) = (model.cosine(a, b), aligner.align(model, b));
                            model.combine_cached(cos, align, a, b, names).score
                        }
                    })
                    .collect()
            },
        )
        .collect();
    // Symmetrise against float noise so merge order cannot depend on argument order.
    let mut s = sim.clone();
    for i in 0..n {
        for j in 0..n {
            s[i][j] = 0.5 * (sim[i][j] + sim[j][i]);
        }
    }
    let mut clusters: Vec<Option<Vec<usize>>> = (0..n).map(|i| Some(vec![i])).collect();
    loop {
        let mut best: Option<(f32, usize, usize)> = None;
        for i in 0..n {
            if clusters[i].is_none() {
                continue;
            }
            for j in i + 1..n {
                if clusters[j].is_none() {
                    continue;
                }
                if best.is_none_or(|(b, _, _)| s[i][j] > b) {
                    best = Some((s[i][j], i, j));
                }
            }
        }
        let Some((v, i, j)) = best else { break };
        if v < threshold {
            break;
        }
        let bj = clusters[j].take().unwrap_or_default();
        let bi = clusters[i].as_mut().expect("live cluster");
        let (ni, nj) = (bi.len() as f32, bj.len() as f32);
        bi.extend(bj);
        // Lance–Williams update for average linkage.
        for k in 0..n {
            if k != i && clusters[k].is_some() {
                let v = (ni * s[i][k] + nj * s[j][k]) / (ni + nj);
                s[i][k] = v;
                s[k][i] = v;
            }
        }
    }
    let mut out: Vec<Theme> = clusters
        .into_iter()
        .flatten()
        .map(|c| {
            let mut members: Vec<usize> = c.iter().map(|&k| items[k]).collect();
            members.sort_unstable();
            let mut pairs = 0.0;
            let mut total = 0.0;
            for (x, &a) in c.iter().enumerate() {
                for &b in &c[x + 1..] {
                    total += s_orig(&sim, a, b);
                    pairs += 1.0;
                }
            }
            Theme {
                terms: characteristic_terms(model, &members, 3),
                cohesion: if pairs > 0.0 { total / pairs } else { 1.0 },
                members,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        councils(model, b)
            .cmp(&councils(model, a))
            .then(b.members.len().cmp(&a.members.len()))
            .then(a.members.cmp(&b.members))
    });
    Ok(out)
}

fn s_orig(sim: &[Vec<f32>], a: usize, b: usize) -> f32 {
    0.5 * (sim[a][b] + sim[b][a])
}

/// Number of distinct frameworks among the theme's members.
pub fn councils(model: &Model, t: &Theme) -> usize {
    let mut f: Vec<u32> = t.members.iter().map(|&m| model.profiles[m].at.fw).collect();
    f.dedup();
    f.len()
}

fn characteristic_terms(model: &Model, members: &[usize], k: usize) -> Vec<String> {
    let mut acc: std::collections::BTreeMap<u32, f32> = Default::default();
    for &m in members {
        for &(t, w) in &model.profiles[m].vec {
            *acc.entry(t).or_default() += w;
        }
    }
    let mut v: Vec<(u32, f32)> = acc.into_iter().collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter()
        .take(k)
        .map(|(t, _)| model.vocab.display(t).to_string())
        .collect()
}
