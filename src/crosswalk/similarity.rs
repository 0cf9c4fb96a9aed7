//! Competency profiles and the pairwise score (formula and rationale: module doc of
//! [`crate::crosswalk`]).

use super::text::{Vocab, normalise_name};
use crate::model::{Competency, Framework};
use rayon::prelude::*;
use std::collections::HashMap;

/// How much one occurrence in each field counts before IDF. Names, covers and descriptions
/// are what a framework says a competency *is*; indicators are many, long and full of
/// generic management verbs, so per word they count less (they still dominate by volume).
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub name: f32,
    pub covers: f32,
    pub description: f32,
    pub indicators: f32,
    /// Share of the name similarity in the final score; the rest is text.
    pub name_share: f32,
    /// Share of the sentence alignment in the text similarity; the rest is the cosine.
    pub align_share: f32,
    /// Weight of a label (the name or a covered competency) among the sentences aligned,
    /// where each indicator or description sentence weighs 1.
    pub align_label: f32,
}

impl Weights {
    /// The score's formula with these weights, as pages show it to a reader.
    pub fn formula(&self) -> String {
        let (n, a) = (self.name_share, self.align_share);
        format!(
            "{:.2} × ({:.2} × TF-IDF cosine + {:.2} × sentence alignment) + {:.2} × name similarity",
            1.0 - n,
            1.0 - a,
            a,
            n
        )
    }
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            name: 3.0,
            covers: 2.0,
            description: 2.0,
            indicators: 1.0,
            name_share: 0.1,
            align_share: 0.75,
            align_label: 2.0,
        }
    }
}

/// Name similarities by (label key, label key): a direct-mapped cache, one slot per hash of
/// the pair, a colliding pair simply replacing the one before. At scale the lookup runs for
/// millions of pairs; a hash map grown to a million entries missed the processor's caches on
/// nearly every probe, while this table stays at 4 MiB and frameworks reuse names
/// ("Changing and improving") far more than they invent them.
pub struct NameCache {
    slots: Vec<(u64, f32)>,
}

const NAME_SLOTS: usize = 1 << 18;

impl Default for NameCache {
    fn default() -> Self {
        NameCache {
            slots: vec![(u64::MAX, 0.0); NAME_SLOTS],
        }
    }
}

impl NameCache {
    fn get_or(&mut self, key: u64, compute: impl FnOnce() -> f32) -> f32 {
        let h = (key ^ (key >> 29)).wrapping_mul(0x9e3779b97f4a7c15)
            >> (64 - NAME_SLOTS.trailing_zeros());
        let slot = &mut self.slots[h as usize];
        if slot.0 != key {
            *slot = (key, compute());
        }
        slot.1
    }
}

/// Terms kept per competency vector (the heaviest by TF-IDF).
pub const MAX_TERMS: usize = 96;

/// A competency located in the input: framework index, competency index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CompRef {
    pub fw: u32,
    pub comp: u32,
}

#[derive(Debug, Clone)]
pub struct Profile {
    pub at: CompRef,
    /// Unit-length TF-IDF vector, sorted by term id.
    pub vec: Vec<(u32, f32)>,
    /// Name and covers, normalised, each with its sorted distinct term ids.
    pub labels: Vec<(String, Vec<u32>)>,
}

/// What the name similarity of two profiles needs before it compares any string; kept apart
/// from the profiles (one small array) because it is read for every candidate pair.
#[derive(Debug, Clone, Copy)]
pub struct LabelSig {
    /// One bit per label term (mod 64): names with disjoint masks share no word, so their
    /// name similarity is 0 without comparing strings (most pairs, at scale).
    pub mask: u64,
    /// Same id for profiles with identical labels, so name similarities can be cached:
    /// frameworks reuse names ("Changing and improving") far more than they invent them.
    pub key: u32,
}

/// Every competency's sentences as unit-length TF-IDF vectors sorted by term id, each with
/// its weight; empty ones are left out. One arena rather than a vector per sentence: the
/// alignment reads thousands of candidates' sentences per competency, and scattered small
/// allocations made that a walk through cache misses.
#[derive(Debug, Clone, Default)]
pub struct Sentences {
    terms: Vec<(u32, f32)>,
    /// End of each sentence's terms in `terms` (the start is the previous end).
    ends: Vec<u32>,
    weights: Vec<f32>,
    /// First sentence of each profile, and one past the last profile's: kept apart from the
    /// profiles so that looking up a candidate's sentences touches one small array.
    first: Vec<u32>,
    /// Per profile: how many facets its sentences are taken to describe (the number of
    /// competencies a broad cluster covers, else 1); see [`facet_mean`].
    facets: Vec<u32>,
}

impl Sentences {
    fn push(&mut self, vec: &[(u32, f32)], weight: f32) {
        self.terms.extend_from_slice(vec);
        self.ends.push(self.terms.len() as u32);
        self.weights.push(weight);
    }

    /// The terms of sentence `i` and its weight.
    #[inline]
    pub fn get(&self, i: u32) -> (&[(u32, f32)], f32) {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        (&self.terms[start..self.ends[i] as usize], self.weights[i])
    }

    /// How many facets profile `p` describes: the competencies it covers when two or more,
    /// else 1.
    #[inline]
    pub fn facets(&self, p: usize) -> u32 {
        self.facets[p]
    }

    /// The sentences of profile `p` (labels, description sentences, indicators), in order.
    #[inline]
    pub fn of(&self, p: usize) -> impl ExactSizeIterator<Item = (&[(u32, f32)], f32)> + '_ {
        (self.first[p]..self.first[p + 1]).map(|i| self.get(i))
    }
}

/// Everything needed to score competencies of a fixed set of frameworks against each other.
pub struct Model<'a> {
    pub frameworks: &'a [Framework],
    pub vocab: Vocab,
    pub profiles: Vec<Profile>,
    /// Per profile, what its name similarity needs first.
    pub label_sigs: Vec<LabelSig>,
    pub sentences: Sentences,
    /// Index of the first profile of each framework (profiles are in framework order).
    pub fw_start: Vec<usize>,
    pub idf: Vec<f32>,
    pub weights: Weights,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Score {
    pub score: f32,
    pub text: f32,
    pub name: f32,
}

fn all_text(c: &Competency) -> impl Iterator<Item = &str> {
    std::iter::once(c.name.as_str())
        .chain(c.description.as_deref())
        .chain(c.covers.iter().map(String::as_str))
        .chain(c.notes.iter().map(String::as_str))
        .chain(c.indicators.iter().map(|i| i.text.as_str()))
}

impl<'a> Model<'a> {
    pub fn build(frameworks: &'a [Framework], weights: Weights) -> Model<'a> {
        let texts: Vec<&str> = frameworks
            .iter()
            .flat_map(|f| f.competencies.iter().flat_map(all_text))
            .collect();
        let vocab = Vocab::build_folded(texts);
        let mut refs = Vec::new();
        let mut fw_start = Vec::with_capacity(frameworks.len() + 1);
        for (fi, f) in frameworks.iter().enumerate() {
            fw_start.push(refs.len());
            for ci in 0..f.competencies.len() {
                refs.push(CompRef {
                    fw: fi as u32,
                    comp: ci as u32,
                });
            }
        }
        fw_start.push(refs.len());

        // Per-field sublinear term frequency, summed with field weights: a word repeated in
        // twelve indicators should not outweigh the one word of the name twelve times over.
        let raw: Vec<HashMap<u32, f32>> = refs
            .par_iter()
            .map(|r| {
                let c = &frameworks[r.fw as usize].competencies[r.comp as usize];
                let mut acc: HashMap<u32, f32> = HashMap::new();
                let mut field = |texts: &mut dyn Iterator<Item = &str>, w: f32| {
                    let mut tf: HashMap<u32, u32> = HashMap::new();
                    for t in texts {
                        for term in vocab.terms(t) {
                            *tf.entry(term).or_default() += 1;
                        }
                    }
                    for (term, n) in tf {
                        *acc.entry(term).or_default() += w * (1.0 + (n as f32).ln());
                    }
                };
                field(&mut std::iter::once(c.name.as_str()), weights.name);
                field(&mut c.covers.iter().map(String::as_str), weights.covers);
                field(
                    &mut c.description.iter().map(String::as_str),
                    weights.description,
                );
                field(
                    &mut c
                        .indicators
                        .iter()
                        .map(|i| i.text.as_str())
                        .chain(c.notes.iter().map(String::as_str)),
                    weights.indicators,
                );
                acc
            })
            .collect();

        let n = refs.len().max(1) as f32;
        let mut df = vec![0u32; vocab.len()];
        for m in &raw {
            for &t in m.keys() {
                df[t as usize] += 1;
            }
        }
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| (1.0 + n / (d.max(1) as f32)).ln())
            .collect();

        let profiles: Vec<(Profile, Vec<(Vec<(u32, f32)>, f32)>)> = refs
            .par_iter()
            .zip(raw.into_par_iter())
            .map(|(r, m)| {
                let mut vec: Vec<(u32, f32)> = m
                    .into_iter()
                    .map(|(t, w)| (t, w * idf[t as usize]))
                    .collect();
                // The tail of a long vector is words mentioned once in one indicator: it adds
                // little to any cosine but most of the cost of scoring at scale.
                if vec.len() > MAX_TERMS {
                    vec.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    vec.truncate(MAX_TERMS);
                }
                vec.sort_by_key(|&(t, _)| t);
                let norm = vec.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                if norm > 0.0 {
                    for (_, w) in &mut vec {
                        *w /= norm;
                    }
                }
                let c = &frameworks[r.fw as usize].competencies[r.comp as usize];
                let labels: Vec<(String, Vec<u32>)> = std::iter::once(&c.name)
                    .chain(c.covers.iter())
                    .map(|l| {
                        let mut ts = vocab.terms(l);
                        ts.sort_unstable();
                        ts.dedup();
                        (normalise_name(l), ts)
                    })
                    .collect();
                let units = units(c, &vocab, &idf, weights.align_label);
                (
                    Profile {
                        at: *r,
                        vec,
                        labels,
                    },
                    units,
                )
            })
            .collect();

        let mut sentences = Sentences::default();
        let profiles: Vec<Profile> = profiles
            .into_iter()
            .map(|(p, units)| {
                sentences.first.push(sentences.ends.len() as u32);
                let covers = frameworks[p.at.fw as usize].competencies[p.at.comp as usize]
                    .covers
                    .len() as u32;
                sentences.facets.push(covers.max(1));
                for (v, w) in &units {
                    sentences.push(v, *w);
                }
                p
            })
            .collect();
        sentences.first.push(sentences.ends.len() as u32);
        let mut keys: HashMap<Vec<String>, u32> = HashMap::new();
        let label_sigs = profiles
            .iter()
            .map(|p| {
                let k: Vec<String> = p.labels.iter().map(|(n, _)| n.clone()).collect();
                let next = keys.len() as u32;
                LabelSig {
                    mask: p
                        .labels
                        .iter()
                        .flat_map(|(_, ts)| ts.iter())
                        .fold(0u64, |m, &t| m | (1u64 << (t % 64))),
                    key: *keys.entry(k).or_insert(next),
                }
            })
            .collect();

        Model {
            frameworks,
            vocab,
            profiles,
            label_sigs,
            sentences,
            fw_start,
            idf,
            weights,
        }
    }

    pub fn competency(&self, p: usize) -> &Competency {
        let at = self.profiles[p].at;
        &self.frameworks[at.fw as usize].competencies[at.comp as usize]
    }

    pub fn framework_of(&self, p: usize) -> &Framework {
        &self.frameworks[self.fw(p)]
    }

    /// Index of profile `p`'s framework.
    #[inline]
    pub fn fw(&self, p: usize) -> usize {
        self.profiles[p].at.fw as usize
    }

    pub fn profiles_of(&self, fw: usize) -> std::ops::Range<usize> {
        self.fw_start[fw]..self.fw_start[fw + 1]
    }

    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        dot(&self.profiles[a].vec, &self.profiles[b].vec)
    }

    /// Best similarity between any label (name or a covered competency) of `a` and any of `b`.
    pub fn name_similarity(&self, a: usize, b: usize) -> f32 {
        if self.label_sigs[a].mask & self.label_sigs[b].mask == 0 {
            return 0.0;
        }
        let mut best = 0.0f32;
        for (na, ta) in &self.profiles[a].labels {
            for (nb, tb) in &self.profiles[b].labels {
                best = best.max(label_similarity(na, ta, nb, tb, &self.idf));
            }
        }
        best
    }

    /// The score of `a` and `b` from their known cosine and alignment, with name
    /// similarities memoised by label key in `cache`.
    pub fn combine_cached(
        &self,
        cosine: f32,
        align: f32,
        a: usize,
        b: usize,
        cache: &mut NameCache,
    ) -> Score {
        let (pa, pb) = (self.label_sigs[a], self.label_sigs[b]);
        let name = if pa.mask & pb.mask == 0 {
            0.0
        } else {
            cache.get_or(((pa.key as u64) << 32) | pb.key as u64, || {
                self.name_similarity(a, b)
            })
        };
        self.blend(cosine, align, name)
    }

    /// The score of one pair, computed from scratch (at scale, `best_matches` gets the same
    /// values from its inverted index and [`super::align::Aligner`]).
    pub fn score(&self, a: usize, b: usize) -> Score {
        let align = if self.weights.align_share > 0.0 {
            self.alignment(a, b)
        } else {
            0.0
        };
        self.blend(self.cosine(a, b), align, self.name_similarity(a, b))
    }

    /// The text similarity: the cosine blended with the sentence alignment.
    pub fn text(&self, cosine: f32, align: f32) -> f32 {
        let w = &self.weights;
        (1.0 - w.align_share) * cosine + w.align_share * align
    }

    /// Blends the cosine with the sentence alignment into `text`, then `text` with `name`.
    fn blend(&self, cosine: f32, align: f32, name: f32) -> Score {
        let w = &self.weights;
        let text = self.text(cosine, align);
        let s = w.name_share;
        Score {
            score: ((1.0 - s) * text + s * name).clamp(0.0, 1.0),
            text,
            name,
        }
    }

    /// Soft alignment of the two competencies' sentences: for each sentence of `a`, the
    /// cosine of its best match among the sentences of `b`, averaged (weighted), and the same
    /// from `b` to `a`; the mean of both directions, in [0, 1]. From a broad cluster the
    /// average is over its best-matching facet only ([`facet_mean`]).
    /// This pairwise form is the definition; [`super::align::Aligner`] computes the
    /// same values for one competency against many at once.
    pub fn alignment(&self, a: usize, b: usize) -> f32 {
        let one = |x: usize, y: usize| {
            let bests = self.sentences.of(x).map(|(v, w)| {
                let best = self
                    .sentences
                    .of(y)
                    .map(|(u, _)| dot(v, u))
                    .fold(0.0f32, f32::max);
                (best, w)
            });
            let facets = self.sentences.facets(x);
            if facets > 1 {
                let mut vals: Vec<(f32, f32)> = bests.collect();
                return facet_mean(&mut vals, facets);
            }
            let (mut s, mut total) = (0.0f32, 0.0f32);
            for (best, w) in bests {
                s += w * best;
                total += w;
            }
            if total > 0.0 { s / total } else { 0.0 }
        };
        (0.5 * (one(a, b) + one(b, a))).clamp(0.0, 1.0)
    }

    /// The terms contributing most to the cosine of `a` and `b`, strongest first.
    pub fn shared_terms(&self, a: usize, b: usize, max: usize) -> Vec<String> {
        let (va, vb) = (&self.profiles[a].vec, &self.profiles[b].vec);
        let mut contrib = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < va.len() && j < vb.len() {
            match va[i].0.cmp(&vb[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    contrib.push((va[i].1 * vb[j].1, va[i].0));
                    i += 1;
                    j += 1;
                }
            }
        }
        contrib.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        contrib
            .into_iter()
            .take(max)
            .map(|(_, t)| self.vocab.display(t).to_string())
            .collect()
    }
}

/// The sentences of a competency as weighted unit TF-IDF vectors: each label (name, covered
/// competency) weighs `label_weight`, each description sentence and indicator 1. A broad
/// cluster (two or more covered competencies) is aligned by its covers, not its name.
fn units(
    c: &Competency,
    vocab: &Vocab,
    idf: &[f32],
    label_weight: f32,
) -> Vec<(Vec<(u32, f32)>, f32)> {
    // A cluster's name is a banner ("Can do", "One council one team"); what it is, its
    // covers say.
    let cluster = c.covers.len() >= 2;
    let mut texts: Vec<(&str, f32)> = std::iter::once(c.name.as_str())
        .filter(|_| !cluster)
        .chain(c.covers.iter().map(String::as_str))
        .map(|t| (t, label_weight))
        .collect();
    if let Some(d) = &c.description {
        texts.extend(split_sentences(d).into_iter().map(|t| (t, 1.0)));
    }
    texts.extend(c.indicators.iter().map(|i| (i.text.as_str(), 1.0)));
    texts
        .into_iter()
        .filter_map(|(t, w)| {
            let mut tf: HashMap<u32, u32> = HashMap::new();
            for term in vocab.terms(t) {
                *tf.entry(term).or_default() += 1;
            }
            let mut v: Vec<(u32, f32)> = tf
                .into_iter()
                .map(|(t, n)| (t, (1.0 + (n as f32).ln()) * idf[t as usize]))
                .collect();
            // Sorted before summing: HashMap order would make the norm differ in the last bit
            // from run to run.
            v.sort_by_key(|&(t, _)| t);
            let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
            if norm <= 0.0 {
                return None;
            }
            for (_, x) in &mut v {
                *x /= norm;
            }
            Some((v, w))
        })
        .collect()
}

/// Sentences of a description: split after '.' or ';' followed by white space.
fn split_sentences(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_stop = false;
    for (i, ch) in s.char_indices() {
        if prev_stop && ch.is_whitespace() {
            out.push(&s[start..i]);
            start = i;
        }
        prev_stop = ch == '.' || ch == ';';
    }
    out.push(&s[start..]);
    out
}

/// The weighted mean of the best-matching `1 / √facets` share (by weight) of a broad
/// cluster's `(best cosine, weight)` pairs: how much of the part of the cluster that a
/// narrower competency would correspond to has a counterpart in it. That part is taken to be
/// the cluster's sentences that match best, so no sentence has to be assigned to a covered
/// competency beforehand; its size is `1 / √k` of the cluster rather than `1 / k` because a
/// cluster's facets overlap (one indicator often serves two of them). Sorts `vals`, best
/// first; the last sentence taken counts with the part of its weight that fits.
pub fn facet_mean(vals: &mut [(f32, f32)], facets: u32) -> f32 {
    let mut total = 0.0f32;
    for &(_, w) in vals.iter() {
        total += w;
    }
    if total <= 0.0 {
        return 0.0;
    }
    vals.sort_by(|x, y| y.0.total_cmp(&x.0));
    let share = total / (facets as f32).sqrt();
    let (mut s, mut taken) = (0.0f32, 0.0f32);
    for &(v, w) in vals.iter() {
        let w = w.min(share - taken);
        if w <= 0.0 {
            break;
        }
        s += w * v;
        taken += w;
    }
    s / taken
}

pub fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// IDF-weighted Dice overlap of stemmed name terms, scaled by Jaro-Winkler on the
/// normalised names. Weighting by IDF matters: names share generic words ("Managing a
/// quality service" / "Manages resources and risk", "Effective … influencing" / "Effective
/// relationships …") far more often than they share the word that says what the competency
/// is ("astute", "collaborative"). Names with no stemmed word in common score 0 however alike
/// they look as strings; among names that do share words, the string measure separates
/// near-identical names from ones that merely share a word.
pub fn label_similarity(na: &str, ta: &[u32], nb: &str, tb: &[u32], idf: &[f32]) -> f32 {
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let w = |ts: &[u32]| ts.iter().map(|&t| idf[t as usize]).sum::<f32>();
    let common: f32 = ta
        .iter()
        .filter(|t| tb.binary_search(t).is_ok())
        .map(|&t| idf[t as usize])
        .sum();
    if common <= 0.0 {
        return 0.0;
    }
    let dice = 2.0 * common / (w(ta) + w(tb));
    let jw = strsim::jaro_winkler(na, nb) as f32;
    dice * (0.5 + 0.5 * jw)
}

/// Common elements of two sorted, deduplicated slices.
pub fn count_common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_mean_averages_the_best_matching_share() {
        // One facet: the plain weighted mean.
        let mut v = vec![(0.2, 1.0), (0.8, 1.0), (0.5, 2.0)];
        assert!((facet_mean(&mut v, 1) - 0.5).abs() < 1e-6);
        // Four facets: the best-matching half of the weight (1/√4), the last sentence taken
        // with the part of its weight that fits.
        let mut v = vec![(0.0, 1.0), (0.5, 2.0), (0.8, 1.0)];
        assert!((facet_mean(&mut v, 4) - (0.8 + 0.5) / 2.0).abs() < 1e-6);
        assert_eq!(facet_mean(&mut [], 3), 0.0);
    }
}
