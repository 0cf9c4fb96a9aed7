//! Several sparse vectors laid out term by term, so that one vector's dot products with all
//! of them cost one pass over its own terms.
//!
//! Each term the set uses gets a dense row: its weight in each vector of the set (0 where
//! absent), padded to a multiple of [`LANES`]. Dotting a vector with the set then costs, per
//! term, one row lookup and a few vector multiply-adds, with no branch on the data: terms
//! the set lacks map to a row of zeros. Sparse postings per term were slower, because how
//! many vectors share a term varies and the processor mispredicted every inner loop's end.
//!
//! Each product is summed in the other vector's term order, which is the order
//! [`super::similarity::dot`] sums in; the zeros added for absent terms leave a
//! non-negative sum unchanged, so the values are bit-identical to the pairwise dot product.

/// Width of the dense rows' chunks: two SSE registers of `f32`, which the compiler
/// vectorises on any x86-64.
pub const LANES: usize = 8;

/// Fixed-size arrays rather than slices, so that the element-wise loops compile to vector
/// instructions.
pub type Chunk = [f32; LANES];

pub struct TermRows {
    /// Per term id: its row in `rows`; row 0 is all zeros (terms the set lacks).
    row_of: Vec<u32>,
    /// Terms whose `row_of` is set, to reset them for the next set.
    terms: Vec<u32>,
    /// `width` chunks per row.
    rows: Vec<Chunk>,
    /// Vectors in the set, and chunks per row (vectors over `LANES`, rounded up).
    len: usize,
    width: usize,
    /// The current vector's terms: (offset of the term's row, weight).
    at: Vec<(u32, f32)>,
}

impl TermRows {
    pub fn new(vocab_len: usize) -> TermRows {
        TermRows {
            row_of: vec![0; vocab_len],
            terms: Vec::new(),
            rows: Vec::new(),
            len: 0,
            width: 0,
            at: Vec::new(),
        }
    }

    /// Lays out `vectors` (each sorted by term id, weights ≥ 0).
    pub fn set<'v>(&mut self, vectors: impl ExactSizeIterator<Item = &'v [(u32, f32)]>) {
        for &t in &self.terms {
            self.row_of[t as usize] = 0;
        }
        self.terms.clear();
        self.len = vectors.len();
        self.width = self.len.div_ceil(LANES);
        let width = self.width;
        self.rows.clear();
        self.rows.resize(width, [0.0; LANES]);
        for (i, v) in vectors.enumerate() {
            for &(t, x) in v {
                let mut r = self.row_of[t as usize] as usize;
                if r == 0 {
                    r = self.rows.len() / width;
                    self.row_of[t as usize] = r as u32;
                    self.terms.push(t);
                    self.rows.resize(self.rows.len() + width, [0.0; LANES]);
                }
                self.rows[r * width + i / LANES][i % LANES] = x;
            }
        }
    }

    /// Vectors in the set.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Chunks that [`Self::dots`] fills.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The dot product of `v` with each vector of the set, into `out` (`width` chunks; lanes
    /// past the set's length are 0).
    #[inline(always)]
    pub fn dots(&mut self, v: &[(u32, f32)], out: &mut [Chunk]) {
        let width = self.width;
        let (row_of, rows) = (&self.row_of[..], &self.rows[..]);
        // Row offsets of the terms first, then one chunk at a time with its sums in
        // registers: accumulating into memory chained every term's add to the previous
        // term's store.
        let at = &mut self.at;
        at.clear();
        at.extend(
            v.iter()
                .map(|&(t, y)| (row_of[t as usize] * width as u32, y)),
        );
        for (j, o) in out[..width].iter_mut().enumerate() {
            let mut sum = [0.0f32; LANES];
            for &(r, y) in at.iter() {
                sum = add_scaled(sum, &rows[r as usize + j], y);
            }
            *o = sum;
        }
    }
}

/// `c + x · y`, element-wise. Whole arrays in and out, so that it compiles to a few vector
/// instructions.
#[inline(always)]
fn add_scaled(c: Chunk, x: &Chunk, y: f32) -> Chunk {
    std::array::from_fn(|k| c[k] + x[k] * y)
}
