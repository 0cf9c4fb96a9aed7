//! Sentence alignment of one competency against many (the definition is
//! [`Model::alignment`]).
//!
//! At a thousand frameworks each competency is aligned with thousands of candidates, and
//! comparing every sentence pair by merging their term lists was most of `atlas map`'s time.
//! Here the query competency's sentences are laid out term by term once ([`TermRows`]); a
//! candidate sentence then gets its cosines with every query sentence in one pass over its
//! own terms, bit-identical to the pairwise definition.

use super::dense::{Chunk, LANES, TermRows};
use super::similarity::{Model, facet_mean};

pub struct Aligner {
    /// The query's sentences.
    rows: TermRows,
    /// Cosines of the current candidate sentence with each query sentence.
    sums: Vec<Chunk>,
    /// Weight of each query sentence (padding 0), and their sum.
    weights: Vec<f32>,
    total: f32,
    /// Per query sentence: its best cosine with any sentence of the candidate so far.
    best: Vec<Chunk>,
    /// Query sentences, and the query's facets (see [`facet_mean`]).
    sentences: usize,
    facets: u32,
    /// (best cosine, weight) of a broad cluster's sentences.
    scratch: Vec<(f32, f32)>,
}

impl Aligner {
    pub fn new(vocab_len: usize) -> Aligner {
        Aligner {
            rows: TermRows::new(vocab_len),
            sums: Vec::new(),
            weights: Vec::new(),
            total: 0.0,
            best: Vec::new(),
            sentences: 0,
            facets: 1,
            scratch: Vec::new(),
        }
    }

    /// Lays out the sentences of profile `a`; [`Self::align`] then compares against it.
    pub fn prepare(&mut self, model: &Model, a: usize) {
        self.rows.set(model.sentences.of(a).map(|(v, _)| v));
        let n = self.rows.len();
        let width = self.rows.width();
        self.sentences = n;
        self.facets = model.sentences.facets(a);
        self.weights.clear();
        self.weights.resize(width * LANES, 0.0);
        self.total = 0.0;
        for (i, (_, w)) in model.sentences.of(a).enumerate() {
            self.weights[i] = w;
            self.total += w;
        }
        self.sums.clear();
        self.sums.resize(width, [0.0; LANES]);
        self.best.clear();
        self.best.resize(width, [0.0; LANES]);
    }

    /// The alignment of the prepared competency with profile `b`.
    pub fn align(&mut self, model: &Model, b: usize) -> f32 {
        let sentences = model.sentences.of(b);
        if self.rows.is_empty() || sentences.len() == 0 {
            return 0.0;
        }
        let best = &mut self.best[..];
        let sums = &mut self.sums[..];
        let facets_b = model.sentences.facets(b);
        let scratch = &mut self.scratch;
        scratch.clear();
        let (mut back, mut total_b) = (0.0f32, 0.0f32);
        for (v, w) in sentences {
            self.rows.dots(v, sums);
            // This sentence's best in the query, and each query sentence's best so far.
            // Comparisons rather than f32::max: no value here is NaN, and the plain select
            // compiles to vector max instructions. Padding columns stay 0, which changes
            // neither maximum (every cosine is ≥ 0).
            let mut here = [0.0f32; LANES];
            for (sum, b) in sums.iter().zip(best.iter_mut()) {
                for k in 0..LANES {
                    let v = sum[k];
                    here[k] = if v > here[k] { v } else { here[k] };
                    b[k] = if v > b[k] { v } else { b[k] };
                }
            }
            let best_here = here.iter().fold(0.0f32, |m, &v| if v > m { v } else { m });
            if facets_b > 1 {
                scratch.push((best_here, w));
            } else {
                back += w * best_here;
                total_b += w;
            }
        }
        let one = |s: f32, t: f32| if t > 0.0 { s / t } else { 0.0 };
        let back = if facets_b > 1 {
            facet_mean(scratch, facets_b)
        } else {
            one(back, total_b)
        };
        let bests = best.iter_mut().flatten().take(self.sentences);
        let forward = if self.facets > 1 {
            scratch.clear();
            for (&w, b) in self.weights.iter().zip(bests) {
                scratch.push((std::mem::take(b), w));
            }
            facet_mean(scratch, self.facets)
        } else {
            let mut forward = 0.0f32;
            for (w, b) in self.weights.iter().zip(bests) {
                forward += w * std::mem::take(b);
            }
            one(forward, self.total)
        };
        // Padding columns were never raised above 0, so `best` is clear for the next one.
        (0.5 * (forward + back)).clamp(0.0, 1.0)
    }
}
