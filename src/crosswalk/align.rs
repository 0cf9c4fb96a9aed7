//! Sentence alignment of one competency against many (the definition is
//! [`Model::alignment`]).
//!
//! At a thousand frameworks each competency is aligned with thousands of candidates, and
//! comparing every sentence pair by merging their term lists was most of `atlas map`'s time.
//! Here the query competency's sentences are laid out by term once; a candidate then costs
//! one pass over its own terms, touching only the products that are not zero. For each
//! (query sentence, candidate sentence) the products are summed in the candidate sentence's
//! term order, which is the order [`dot`] sums in, so the values are bit-identical to the
//! pairwise definition.
//!
//! [`dot`]: super::similarity::dot

use super::similarity::{Model, facet_mean};

pub struct Aligner {
    /// Per term id: (first entry in `entries`, number of entries); 0 entries when absent.
    slots: Vec<(u32, u32)>,
    /// (query sentence, its weight for the term), grouped by term.
    entries: Vec<(u32, f32)>,
    terms: Vec<u32>,
    /// Weight of each query sentence, and their sum.
    weights: Vec<f32>,
    total: f32,
    /// Per query sentence: its cosine with the current candidate sentence, and its best
    /// cosine with any sentence of the candidate so far.
    column: Vec<f32>,
    best: Vec<f32>,
    /// Facets of the query (see [`super::similarity::facet_mean`]), and scratch space for
    /// the (best cosine, weight) pairs of a cluster's sentences.
    facets: u32,
    scratch: Vec<(f32, f32)>,
}

impl Aligner {
    pub fn new(vocab_len: usize) -> Aligner {
        Aligner {
            slots: vec![(0, 0); vocab_len],
            entries: Vec::new(),
            terms: Vec::new(),
            weights: Vec::new(),
            total: 0.0,
            column: Vec::new(),
            best: Vec::new(),
            facets: 1,
            scratch: Vec::new(),
        }
    }

    /// Lays out the sentences of profile `a`; [`Self::align`] then compares against it.
    pub fn prepare(&mut self, model: &Model, a: usize) {
        for &t in &self.terms {
            self.slots[t as usize] = (0, 0);
        }
        self.terms.clear();
        self.entries.clear();
        let units = model.sentences.of(a);
        let mut flat: Vec<(u32, u32, f32)> = Vec::new();
        self.weights.clear();
        for (i, (v, w)) in units.enumerate() {
            self.weights.push(w);
            flat.extend(v.iter().map(|&(t, x)| (t, i as u32, x)));
        }
        flat.sort_unstable_by_key(|&(t, i, _)| (t, i));
        for &(t, i, x) in &flat {
            let slot = &mut self.slots[t as usize];
            if slot.1 == 0 {
                *slot = (self.entries.len() as u32, 0);
                self.terms.push(t);
            }
            slot.1 += 1;
            self.entries.push((i, x));
        }
        self.total = 0.0;
        for w in &self.weights {
            self.total += w;
        }
        self.facets = model.sentences.facets(a);
        self.column.clear();
        self.column.resize(self.weights.len(), 0.0);
        self.best.clear();
        self.best.resize(self.weights.len(), 0.0);
    }

    /// The alignment of the prepared competency with profile `b`.
    pub fn align(&mut self, model: &Model, b: usize) -> f32 {
        let sentences = model.sentences.of(b);
        if self.weights.is_empty() || sentences.len() == 0 {
            return 0.0;
        }
        // Plain slices, so lengths stay in registers across the stores.
        let (slots, entries) = (&self.slots[..], &self.entries[..]);
        let (column, best) = (&mut self.column[..], &mut self.best[..]);
        let facets_b = model.sentences.facets(b);
        let scratch = &mut self.scratch;
        scratch.clear();
        let (mut back, mut total_b) = (0.0f32, 0.0f32);
        for (v, w) in sentences {
            for &(t, y) in v {
                let (start, n) = slots[t as usize];
                for &(i, x) in &entries[start as usize..(start + n) as usize] {
                    column[i as usize] += x * y;
                }
            }
            // This sentence's best in the query, and each query sentence's best so far; a
            // dense pass over a dozen sentences beats tracking which were touched.
            // Plain comparisons rather than f32::max: no value here is NaN, and max's NaN
            // handling cost a tenth of the time.
            let mut best_here = 0.0f32;
            for (c, b) in column.iter_mut().zip(best.iter_mut()) {
                let v = std::mem::take(c);
                if v > best_here {
                    best_here = v;
                }
                if v > *b {
                    *b = v;
                }
            }
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
        let forward = if self.facets > 1 {
            scratch.clear();
            for (&w, b) in self.weights.iter().zip(best.iter_mut()) {
                scratch.push((std::mem::take(b), w));
            }
            facet_mean(scratch, self.facets)
        } else {
            let mut forward = 0.0f32;
            for (w, b) in self.weights.iter().zip(best.iter_mut()) {
                forward += w * std::mem::take(b);
            }
            one(forward, self.total)
        };
        (0.5 * (forward + back)).clamp(0.0, 1.0)
    }
}
