//! Sentence alignment of one competency against many (the definition is
//! [`Model::alignment`]).
//!
//! At a thousand frameworks each competency is aligned with thousands of candidates, and
//! comparing every sentence pair by merging their term lists was most of `atlas map`'s time.
//! Here the query competency is laid out once as one dense row per term: the term's weight
//! in each query sentence (0 where absent), padded to a multiple of [`LANES`]. A candidate
//! sentence then costs, per term, one row lookup and a few vector multiply-adds into the
//! per-query-sentence sums, with no branch on the data: terms the query lacks map to a row
//! of zeros. Sparse postings per term were slower, because how many query sentences share
//! a term varies and the processor mispredicted every inner loop's end.
//!
//! For each (query sentence, candidate sentence) the products are summed in the candidate
//! sentence's term order, which is the order [`dot`] sums in; the zeros added for absent
//! terms leave a non-negative sum unchanged, so the values are bit-identical to the
//! pairwise definition.
//!
//! [`dot`]: super::similarity::dot

use super::similarity::{Model, facet_mean};

/// Width of the dense rows' chunks: one SSE register of `f32`, which the compiler
/// vectorises on any x86-64. Wider chunks padded most queries' last chunk with zeros (a
/// query of 10 sentences took 16 lanes); 4 lanes summed in blocks (see `align_block`) cost
/// 6% less time at the same speed per lane.
const LANES: usize = 4;

pub struct Aligner {
    /// Per term id: where its row starts in `rows`; the row at 0 is all zeros (terms the
    /// query lacks).
    row_of: Vec<u32>,
    /// Terms whose `row_of` is set, to reset them for the next query.
    terms: Vec<u32>,
    /// `width` chunks per row: the term's weight in each query sentence (padding 0).
    rows: Vec<Chunk>,
    /// Chunks per row: query sentences over `LANES`, rounded up to a whole number of
    /// blocks.
    width: usize,
    /// Chunks summed together per candidate term (see [`Self::align`]).
    block: usize,
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

/// Fixed-size arrays rather than slices, so that the element-wise loops compile to vector
/// instructions.
type Chunk = [f32; LANES];

/// Most chunks summed together (eight of the sixteen SSE registers). A query with more
/// chunks is summed four at a time, so that its padding stays under four chunks.
const MAX_BLOCK: usize = 8;

impl Aligner {
    pub fn new(vocab_len: usize) -> Aligner {
        Aligner {
            row_of: vec![0; vocab_len],
            terms: Vec::new(),
            rows: Vec::new(),
            width: 0,
            block: 1,
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
        for &t in &self.terms {
            self.row_of[t as usize] = 0;
        }
        self.terms.clear();
        let n = model.sentences.of(a).len();
        self.sentences = n;
        self.facets = model.sentences.facets(a);
        // Chunks are summed `block` at a time (see `align_block`); the row is padded to a
        // whole number of blocks.
        let chunks = n.div_ceil(LANES);
        self.block = if chunks > MAX_BLOCK { 4 } else { chunks.max(1) };
        self.width = chunks.div_ceil(self.block) * self.block;
        let width = self.width;
        self.rows.clear();
        self.rows.resize(width, [0.0; LANES]);
        self.weights.clear();
        self.weights.resize(width * LANES, 0.0);
        for (i, (v, w)) in model.sentences.of(a).enumerate() {
            self.weights[i] = w;
            for &(t, x) in v {
                let mut at = self.row_of[t as usize] as usize;
                if at == 0 {
                    at = self.rows.len();
                    self.row_of[t as usize] = at as u32;
                    self.terms.push(t);
                    self.rows.resize(self.rows.len() + width, [0.0; LANES]);
                }
                self.rows[at + i / LANES][i % LANES] = x;
            }
        }
        self.total = 0.0;
        for w in &self.weights[..n] {
            self.total += w;
        }
        self.best.clear();
        self.best.resize(width, [0.0; LANES]);
    }

    /// The alignment of the prepared competency with profile `b`.
    pub fn align(&mut self, model: &Model, b: usize) -> f32 {
        match self.block {
            1 => self.align_block::<1>(model, b),
            2 => self.align_block::<2>(model, b),
            3 => self.align_block::<3>(model, b),
            4 => self.align_block::<4>(model, b),
            5 => self.align_block::<5>(model, b),
            6 => self.align_block::<6>(model, b),
            7 => self.align_block::<7>(model, b),
            _ => self.align_block::<MAX_BLOCK>(model, b),
        }
    }

    /// [`Self::align`] with the query's chunks summed `B` at a time: each chunk's sum is a
    /// chain of dependent adds (one per candidate term, in term order, which the bit-exact
    /// definition requires), so the processor waits on every add unless several chunks'
    /// independent chains are interleaved.
    fn align_block<const B: usize>(&mut self, model: &Model, b: usize) -> f32 {
        let sentences = model.sentences.of(b);
        if self.width == 0 || sentences.len() == 0 {
            return 0.0;
        }
        // Plain slices, so lengths stay in registers across the stores.
        let (row_of, rows) = (&self.row_of[..], &self.rows[..]);
        let best = &mut self.best[..];
        let facets_b = model.sentences.facets(b);
        let scratch = &mut self.scratch;
        scratch.clear();
        let (mut back, mut total_b) = (0.0f32, 0.0f32);
        for (v, w) in sentences {
            // This sentence's best in the query, and each query sentence's best so far.
            // Comparisons rather than f32::max: no value here is NaN, and the plain select
            // compiles to vector max instructions. Padding columns stay 0, which changes
            // neither maximum (every cosine is ≥ 0).
            let mut here = [0.0f32; LANES];
            for (j, bs) in best.chunks_exact_mut(B).enumerate() {
                // The sums stay in registers: accumulating into memory chained every term's
                // add to the previous term's store.
                let mut sums = [[0.0f32; LANES]; B];
                for &(t, y) in v {
                    let row = &rows[row_of[t as usize] as usize + j * B..][..B];
                    for c in 0..B {
                        sums[c] = add_scaled(sums[c], &row[c], y);
                    }
                }
                for (sum, b) in sums.iter().zip(bs) {
                    for k in 0..LANES {
                        let v = sum[k];
                        here[k] = if v > here[k] { v } else { here[k] };
                        b[k] = if v > b[k] { v } else { b[k] };
                    }
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

/// `c + x · y`, element-wise. Whole arrays in and out, so that it compiles to a few vector
/// instructions.
#[inline(always)]
fn add_scaled(c: Chunk, x: &Chunk, y: f32) -> Chunk {
    std::array::from_fn(|k| c[k] + x[k] * y)
}
