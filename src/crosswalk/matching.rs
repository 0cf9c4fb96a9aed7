//! Best matches of each competency in every other framework.
//!
//! Frameworks are compared a pair at a time, both directions at once ([`both_ways`]): the
//! score is symmetric, so each pair's cosines are computed once (from an inverted index,
//! term → later competencies with their weights, touching only competencies that share a
//! term) and a pair of competencies chosen as a candidate from both sides is aligned once;
//! whether a best match is mutual is read off the same pair of frameworks. The sentence
//! alignment and the name similarity are costlier, so they are computed only for each
//! competency's top `candidates` by cosine in the other framework: they can re-rank
//! plausible matches but cannot make a match out of a competency whose text has nothing in
//! common.

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
    /// Each is the other's best match in its framework.
    pub mutual: bool,
}

/// For every competency of the `from` frameworks, its best matches in each of the `to`
/// frameworks (other than its own). Sorted by source competency, then target framework,
/// then score (descending), then target, so output is identical run to run.
pub fn best_matches(model: &Model, from: &[usize], to: &[usize], opts: &MapOptions) -> Vec<Match> {
    let nf = model.frameworks.len();
    let (mut in_from, mut in_to) = (vec![false; nf], vec![false; nf]);
    from.iter().for_each(|&f| in_from[f] = true);
    to.iter().for_each(|&f| in_to[f] = true);
    let same = in_from == in_to;
    let all = both_ways(model, &in_from, &in_to, opts);
    let (mut raw, reverse_owned) = if same {
        (all, Vec::new())
    } else {
        let pick = |x: &[bool], y: &[bool]| -> Vec<Match> {
            all.iter()
                .filter(|m| x[model.fw(m.from)] && y[model.fw(m.to)])
                .cloned()
                .collect()
        };
        (pick(&in_from, &in_to), pick(&in_to, &in_from))
    };
    // What `both_ways` returns is kept, except weak mutual bests: those only when a third
    // framework corroborates them.
    let mut keep: Vec<bool> = raw.par_iter().map(|m| !weak(m, opts)).collect();
    let weak: Vec<usize> = (0..raw.len())
        .into_par_iter()
        .filter(|&i| !keep[i])
        .collect();
    if !weak.is_empty() {
        let reverse: &[Match] = if same { &raw } else { &reverse_owned };
        corroborate(model, &raw, reverse, same, &mut keep, &weak, opts);
    }
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
/// some competency C kept as a match of both ends. A weak pair is checked by marking one
/// end's neighbours and scanning the other's. Outward neighbours are read straight off the
/// match lists (sorted by source); inward ones are placed by counting, each worker placing
/// its own part of the lists, and only for weak pairs' ends. At scale there are millions of
/// kept matches: sorting them all as edges, and searching the sorted list, took longer than
/// the rest of the keep phase together.
fn corroborate(
    model: &Model,
    raw: &[Match],
    reverse: &[Match],
    same: bool,
    keep: &mut [bool],
    weak: &[usize],
    opts: &MapOptions,
) {
    let n = model.profiles.len();
    let mut end = vec![false; n];
    for &w in weak {
        end[raw[w].from] = true;
        end[raw[w].to] = true;
    }
    // The reverse direction's matches count when it was computed separately.
    let reverse = if same { &[][..] } else { reverse };
    let keep_ro: &[bool] = keep;
    let counts = |m: &Match, i: usize, of_raw: bool| {
        if of_raw {
            keep_ro[i]
        } else {
            m.score.score >= opts.min_score
        }
    };
    let (raw_at, rev_at) = (by_source(raw, n), by_source(reverse, n));
    let parts_of = |list: &[Match], of_raw: bool| {
        let step = list.len().div_ceil(2 * rayon::current_num_threads()).max(1);
        (0..list.len())
            .step_by(step)
            .map(|lo| (lo..(lo + step).min(list.len()), of_raw))
            .collect::<Vec<_>>()
    };
    let mut parts = parts_of(raw, true);
    parts.extend(parts_of(reverse, false));
    let inward: Vec<Inward> = parts
        .par_iter()
        .map(|(range, of_raw)| {
            let list = if *of_raw { raw } else { reverse };
            Inward::place(
                n,
                range
                    .clone()
                    .filter(|&i| end[list[i].to] && counts(&list[i], i, *of_raw))
                    .map(|i| (list[i].to, list[i].from)),
            )
        })
        .collect();
    let neighbours = |p: usize| {
        let out = (raw_at[p]..raw_at[p + 1])
            .filter(|&i| keep_ro[i])
            .map(|i| raw[i].to);
        let out_reverse = reverse[rev_at[p]..rev_at[p + 1]]
            .iter()
            .filter(|m| m.score.score >= opts.min_score)
            .map(|m| m.to);
        out.chain(out_reverse)
            .chain(inward.iter().flat_map(move |part| part.of(p)))
    };
    // Each end's neighbours gathered into one list: an end is scanned once per weak pair it
    // is part of, dozens of times at scale, and walking the pieces each time cost more
    // than gathering them once.
    let sizes: Vec<usize> = (0..n)
        .into_par_iter()
        .map(|p| if end[p] { neighbours(p).count() } else { 0 })
        .collect();
    let mut adj_at = vec![0usize; n + 1];
    for p in 0..n {
        adj_at[p + 1] = adj_at[p] + sizes[p];
    }
    let mut adj = vec![0u32; adj_at[n]];
    let mut lists: Vec<(usize, &mut [u32])> = Vec::with_capacity(n);
    let mut rest = &mut adj[..];
    for (p, &size) in sizes.iter().enumerate() {
        let (mine, others) = rest.split_at_mut(size);
        lists.push((p, mine));
        rest = others;
    }
    lists.par_iter_mut().for_each(|(p, list)| {
        for (slot, c) in list.iter_mut().zip(neighbours(*p)) {
            *slot = c as u32;
        }
    });
    drop(lists);
    let neighbours = |p: usize| adj[adj_at[p]..adj_at[p + 1]].iter().map(|&c| c as usize);
    // Weak pairs come in source order: each worker marks a source's neighbours once for
    // all its weak pairs.
    let found: Vec<usize> = weak
        .par_chunk_by(|&x, &y| raw[x].from == raw[y].from)
        .map_init(
            || (vec![0u32; n], 0u32),
            |(mark, stamp), group| {
                *stamp += 1;
                let a = raw[group[0]].from;
                for c in neighbours(a) {
                    mark[c] = *stamp;
                }
                let fa = model.fw(a);
                group
                    .iter()
                    .copied()
                    .filter(|&w| {
                        let fb = model.fw(raw[w].to);
                        neighbours(raw[w].to).any(|c| {
                            let fc = model.fw(c);
                            mark[c] == *stamp && fc != fa && fc != fb
                        })
                    })
                    .collect::<Vec<usize>>()
            },
        )
        .flatten()
        .collect();
    for w in found {
        keep[w] = true;
    }
}

/// One part of the match lists' edges, grouped by their first end by counting: entries
/// `at[p]..at[p + 1]` of `other` are the second ends of `p`'s edges.
struct Inward {
    at: Vec<u32>,
    other: Vec<u32>,
}

impl Inward {
    fn place(n: usize, edges: impl Iterator<Item = (usize, usize)> + Clone) -> Inward {
        let mut at = vec![0u32; n + 1];
        for (p, _) in edges.clone() {
            at[p + 1] += 1;
        }
        for p in 0..n {
            at[p + 1] += at[p];
        }
        let mut next = at.clone();
        let mut other = vec![0u32; at[n] as usize];
        for (p, q) in edges {
            other[next[p] as usize] = q as u32;
            next[p] += 1;
        }
        Inward { at, other }
    }

    fn of(&self, p: usize) -> impl Iterator<Item = usize> + '_ {
        self.other[self.at[p] as usize..self.at[p + 1] as usize]
            .iter()
            .map(|&q| q as usize)
    }
}

/// Every needed ordered pair of frameworks' matches, both directions at once: for each
/// unordered pair {A, B} with A in `from` and B in `to` (or the other way round), each
/// competency of A's top `opts.top` in B and each of B's in A, within `opts.relative` of the
/// best, that are kept (see [`MapOptions`]) or [`weak`]. Sorted by source, then target
/// framework, then score (descending), then target.
///
/// The score is symmetric (the cosine and the alignment sum the same products in the same
/// term order from either side), so a pair of frameworks is compared once: the cosines of
/// A's competencies with every later framework come from one pass over the inverted index,
/// and a pair chosen as a candidate from both sides is aligned once. Before, each direction
/// was computed on its own and every cosine and most alignments twice.
fn both_ways(model: &Model, in_from: &[bool], in_to: &[bool], opts: &MapOptions) -> Vec<Match> {
    let nf = model.frameworks.len();
    let used = |f: usize| in_from[f] || in_to[f];
    let needed = |a: usize, b: usize| (in_from[a] && in_to[b]) || (in_to[a] && in_from[b]);
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); model.vocab.len()];
    for fw in (0..nf).filter(|&f| used(f)) {
        for p in model.profiles_of(fw) {
            for &(t, w) in &model.profiles[p].vec {
                postings[t as usize].push((p as u32, w));
            }
        }
    }
    let tasks: Vec<(usize, Vec<usize>)> = (0..nf)
        .filter_map(|a| {
            let partners: Vec<usize> = (a + 1..nf).filter(|&b| needed(a, b)).collect();
            (!partners.is_empty() && !model.profiles_of(a).is_empty()).then_some((a, partners))
        })
        .collect();
    let found: Vec<Vec<Match>> = tasks
        .par_iter()
        .map_init(
            || Block::new(model),
            |block, (a, partners)| block.run(model, &postings, *a, partners, opts),
        )
        .collect();
    sorted_by_source(model, found)
}

/// The blocks' matches in the order [`both_ways`] promises, placed by source by counting,
/// straight from each block's list (joining them first copied every match once more). No
/// sort is needed: block `a` holds each source's whole group for one target framework, in
/// score order; a source in framework `f` gets its groups for targets before `f` from the
/// blocks before `f` (its column side there), in block order, then those for targets after
/// `f` from block `f` itself, in partner order.
fn sorted_by_source(model: &Model, blocks: Vec<Vec<Match>>) -> Vec<Match> {
    let n = model.profiles.len();
    let mut at = vec![0usize; n + 1];
    for m in blocks.iter().flatten() {
        at[m.from + 1] += 1;
    }
    for p in 0..n {
        at[p + 1] += at[p];
    }
    let mut next = at;
    let mut out = vec![
        Match {
            from: 0,
            to: 0,
            score: Score::default(),
            mutual: false,
        };
        next[n]
    ];
    for m in blocks.into_iter().flatten() {
        let at = &mut next[m.from];
        out[*at] = m;
        *at += 1;
    }
    out
}

/// One thread's working memory for [`both_ways`], reused from one framework to the next.
struct Block {
    /// Cosines of the left framework's competencies (rows) with every later profile.
    cos: Vec<f32>,
    /// Per term: (left framework + 1 it was found for, where its later postings start).
    start: Vec<(u32, u32)>,
    /// Ids of the chosen pairs of one pair of frameworks, by (row, column); [`NO_ID`] when
    /// not chosen.
    id: Vec<u32>,
    /// Per left competency: the candidates chosen for it from either side (id, right
    /// profile, cosine).
    pairs: Vec<Vec<(u32, usize, f32)>>,
    /// By chosen pair id.
    scores: Vec<Score>,
    /// Chosen candidates per right framework: (left row, right profile, id) by rows, then
    /// (right profile, left row, id) by columns, best cosine first within each.
    by_row: Vec<(usize, usize, u32)>,
    by_col: Vec<(usize, usize, u32)>,
    /// Per right framework: its first profile, and where its entries end in `by_row` and
    /// `by_col`.
    ends: Vec<(usize, usize, usize)>,
    /// Per right profile of one framework: where its best back in the left framework is in
    /// the output, if any.
    back: Vec<usize>,
    /// Best candidates of each row and column of one pair of frameworks: fixed-size when
    /// three are kept (the default), else any number.
    three: (Three, Three),
    any: (Best, Best),
    names: super::similarity::NameCache,
    aligner: Aligner,
}

impl Block {
    fn new(model: &Model) -> Block {
        Block {
            cos: Vec::new(),
            start: vec![(0, 0); model.vocab.len()],
            id: Vec::new(),
            pairs: Vec::new(),
            scores: Vec::new(),
            by_row: Vec::new(),
            by_col: Vec::new(),
            ends: Vec::new(),
            back: Vec::new(),
            three: Default::default(),
            any: Default::default(),
            names: Default::default(),
            aligner: Aligner::new(model.vocab.len()),
        }
    }

    /// Matches between framework `a` and each of `partners` (all later than `a`), both
    /// directions.
    fn run(
        &mut self,
        model: &Model,
        postings: &[Vec<(u32, f32)>],
        a: usize,
        partners: &[usize],
        opts: &MapOptions,
    ) -> Vec<Match> {
        let rows = model.profiles_of(a);
        let base = model.fw_start[a + 1];
        let width = model.profiles.len() - base;
        let keep = opts.candidates.max(opts.top);
        self.cos.clear();
        self.cos.resize(rows.len() * width, 0.0);
        for (i, q) in rows.clone().enumerate() {
            // A plain slice: through the Vec, every store could change its length as far as
            // the compiler knows, and the length was reloaded on every posting.
            let sums: &mut [f32] = &mut self.cos[i * width..(i + 1) * width];
            for &(t, w) in &model.profiles[q].vec {
                let post = &postings[t as usize];
                // Where the later profiles start in this term's postings, searched once per
                // term and framework, and forward from where they started for the framework
                // this worker saw last (usually an earlier one, a few postings back): a
                // search over the whole list missed the cache at every step.
                let (seen, from) = &mut self.start[t as usize];
                if *seen != a as u32 + 1 {
                    let lo = if *seen != 0 && *seen <= a as u32 {
                        *from as usize
                    } else {
                        0
                    };
                    *seen = a as u32 + 1;
                    *from = gallop(&post[lo..], |&(p, _)| (p as usize) < base) as u32 + lo as u32;
                }
                for &(p, wp) in &post[*from as usize..] {
                    sums[p as usize - base] += w * wp;
                }
            }
        }
        let at = |i: usize, p: usize| i * width + p - base;
        self.pairs.resize_with(rows.len(), Vec::new);
        for v in &mut self.pairs {
            v.clear();
        }
        self.by_row.clear();
        self.by_col.clear();
        self.ends.clear();
        let mut chosen = 0u32;
        for &b in partners {
            // One pass over the pair's cosines offers each to its row's and its column's
            // best (selecting rows and columns separately read every cosine twice).
            let cols = model.profiles_of(b);
            let cos = |i: usize| &self.cos[at(i, cols.start)..][..cols.len()];
            // A pair chosen from both sides gets one id: this pair of frameworks' ids by
            // (row, column).
            self.id.clear();
            self.id.resize(rows.len() * cols.len(), NO_ID);
            let mut take = |i: usize, k: usize, by_row: bool| {
                let p = cols.start + k;
                let id = &mut self.id[i * cols.len() + k];
                if *id == NO_ID {
                    *id = chosen;
                    chosen += 1;
                    self.pairs[i].push((*id, p, self.cos[at(i, p)]));
                }
                if by_row {
                    self.by_row.push((i, p, *id));
                } else {
                    self.by_col.push((p, i, *id));
                }
            };
            if keep == 3 {
                offer_all(&mut self.three, rows.len(), cols.len(), keep, cos);
                take_all(&self.three, rows.len(), cols.len(), &mut take);
            } else {
                offer_all(&mut self.any, rows.len(), cols.len(), keep, cos);
                take_all(&self.any, rows.len(), cols.len(), &mut take);
            }
            self.ends
                .push((cols.start, self.by_row.len(), self.by_col.len()));
        }
        // Each chosen pair scored once, one left competency at a time so that its sentences
        // are laid out once for all its candidates.
        let align = model.weights.align_share > 0.0;
        self.scores.clear();
        self.scores.resize(chosen as usize, Score::default());
        for (i, q) in rows.clone().enumerate() {
            if self.pairs[i].is_empty() {
                continue;
            }
            if align {
                self.aligner.prepare(model, q);
            }
            for &(id, p, c) in &self.pairs[i] {
                let al = if align {
                    self.aligner.align(model, p)
                } else {
                    0.0
                };
                self.scores[id as usize] = model.combine_cached(c, al, q, p, &mut self.names);
            }
        }
        let score = |id: u32| self.scores[id as usize];
        // Every candidate group (a source competency and a target framework), one right
        // framework at a time: its columns' groups, then its rows', whose best is mutual
        // when the column's best is the row.
        let floor = opts
            .min_score
            .min(opts.mutual_min_score)
            .min(opts.corroborated_min_score);
        let mut out = Vec::new();
        let (mut r0, mut c0) = (0, 0);
        for &(first_col, r1, c1) in &self.ends {
            let start = out.len();
            let back = &mut self.back;
            back.clear();
            for chunk in self.by_col[c0..c1].chunk_by(|x, y| x.0 == y.0) {
                let p = chunk[0].0;
                let group = chunk.iter().map(|&(_, i, id)| Match {
                    from: p,
                    to: rows.start + i,
                    score: score(id),
                    mutual: false,
                });
                if let Some(first) = emit(&mut out, group, floor, opts) {
                    back.resize(p - first_col + 1, NONE);
                    back[p - first_col] = first;
                }
            }
            for chunk in self.by_row[r0..r1].chunk_by(|x, y| x.0 == y.0) {
                let q = rows.start + chunk[0].0;
                let group = chunk.iter().map(|&(_, p, id)| Match {
                    from: q,
                    to: p,
                    score: score(id),
                    mutual: false,
                });
                let Some(first) = emit(&mut out, group, floor, opts) else {
                    continue;
                };
                let p = out[first].to;
                if let Some(&b) = back.get(p - first_col)
                    && b != NONE
                    && out[b].to == q
                {
                    out[first].mutual = true;
                    out[b].mutual = true;
                }
            }
            // Only now is every match of this pair of frameworks final.
            let mut kept = start;
            for k in start..out.len() {
                if !dropped(&out[k], opts) {
                    out[kept] = out[k].clone();
                    kept += 1;
                }
            }
            out.truncate(kept);
            (r0, c0) = (r1, c1);
        }
        out
    }
}

const NONE: usize = usize::MAX;

/// Appends one candidate group's matches (a source competency in one target framework)
/// that are kept: from `floor`, best first (then by target), within `opts.relative` of the
/// best, at most `opts.top`. Returns where the best is, if any is kept. Groups have a few
/// entries, so a plain insertion sort, inlined, is cheapest.
#[inline]
fn emit(
    out: &mut Vec<Match>,
    group: impl Iterator<Item = Match>,
    floor: f32,
    opts: &MapOptions,
) -> Option<usize> {
    let start = out.len();
    out.extend(group.filter(|m| m.score.score >= floor));
    let mine = &mut out[start..];
    // Scores are in [0, 1] and never NaN, so `>` orders as `total_cmp` would.
    let before = |x: &Match, y: &Match| {
        x.score.score > y.score.score || (x.score.score == y.score.score && x.to < y.to)
    };
    for k in 1..mine.len() {
        let mut j = k;
        while j > 0 && before(&mine[j], &mine[j - 1]) {
            mine.swap(j, j - 1);
            j -= 1;
        }
    }
    let best = mine.first()?.score.score;
    let n = mine
        .partition_point(|m| m.score.score >= best * opts.relative)
        .min(opts.top);
    out.truncate(start + n);
    (n > 0).then_some(start)
}

/// A mutual best kept only if a third framework corroborates it (see [`MapOptions`]).
fn weak(m: &Match, opts: &MapOptions) -> bool {
    let s = m.score.score;
    !(s >= opts.min_score || (m.mutual && s >= opts.mutual_min_score))
}

/// Neither kept nor [`weak`].
fn dropped(m: &Match, opts: &MapOptions) -> bool {
    weak(m, opts) && !(m.mutual && m.score.score >= opts.corroborated_min_score)
}

const NO_ID: u32 = u32::MAX;

/// Offers every cosine of a pair of frameworks (`cos(i)`: row `i`'s, one per column) to
/// its row's and its column's best.
fn offer_all<'c, K: Keeper>(
    (by_rows, by_cols): &mut (K, K),
    rows: usize,
    cols: usize,
    keep: usize,
    cos: impl Fn(usize) -> &'c [f32],
) {
    by_rows.reset(rows, keep);
    by_cols.reset(cols, keep);
    for i in 0..rows {
        by_rows.offer_row(i, cos(i), by_cols);
    }
}

/// Each row's best (in row order), then each column's (in column order), as (row, column,
/// whether a row's).
fn take_all<K: Keeper>(
    (by_rows, by_cols): &(K, K),
    rows: usize,
    cols: usize,
    take: &mut impl FnMut(usize, usize, bool),
) {
    for i in 0..rows {
        by_rows.each_best(i, |k| take(i, k, true));
    }
    for k in 0..cols {
        by_cols.each_best(k, |i| take(i, k, false));
    }
}

/// The `keep` best items offered to each of several groups, by value, best first, ties to
/// the item offered first. This runs hundreds of millions of times at scale.
trait Keeper {
    fn reset(&mut self, groups: usize, keep: usize);
    fn offer(&mut self, group: usize, v: f32, x: usize);
    /// Offers row `i`'s cosines (one per column) to its best here and to each column's in
    /// `cols`.
    fn offer_row(&mut self, i: usize, line: &[f32], cols: &mut Self)
    where
        Self: Sized,
    {
        for (k, &v) in line.iter().enumerate() {
            self.offer(i, v, k);
            cols.offer(k, v, i);
        }
    }
    fn each_best(&self, group: usize, f: impl FnMut(usize));
}

/// Any number kept: a newcomer takes the last place and moves up past worse entries
/// (`Vec::insert` called memmove for every few-element shift).
#[derive(Default)]
struct Best {
    items: Vec<(f32, usize)>,
    len: Vec<usize>,
    keep: usize,
}

impl Keeper for Best {
    fn reset(&mut self, groups: usize, keep: usize) {
        self.keep = keep;
        self.items.clear();
        self.items.resize(groups * keep, (0.0, 0));
        self.len.clear();
        self.len.resize(groups, 0);
    }

    #[inline]
    fn offer(&mut self, group: usize, v: f32, x: usize) {
        let keep = self.keep;
        let top = &mut self.items[group * keep..][..keep];
        let len = &mut self.len[group];
        if *len < keep {
            top[*len] = (v, x);
            *len += 1;
        } else if keep > 0 && v > top[keep - 1].0 {
            top[keep - 1] = (v, x);
        } else {
            return;
        }
        let mut j = *len - 1;
        while j > 0 && top[j - 1].0 < top[j].0 {
            top.swap(j - 1, j);
            j -= 1;
        }
    }

    fn each_best(&self, group: usize, f: impl FnMut(usize)) {
        let top = &self.items[group * self.keep..][..self.len[group]];
        top.iter().map(|&(_, x)| x).for_each(f);
    }
}

/// Three kept, by a fixed sequence of compare-and-selects with no branch: whether a cosine
/// enters the best three is unpredictable, and the branches of [`Best`] were mispredicted
/// for a large share of the offers. Empty places hold -1 (every cosine is ≥ 0).
#[derive(Default)]
struct Three {
    items: Vec<[(f32, u32); 3]>,
}

const EMPTY: (f32, u32) = (-1.0, u32::MAX);

#[inline(always)]
fn offer3(t: &mut [(f32, u32); 3], v: f32, x: u32) {
    // Strictly greater moves up: ties stay behind the earlier offer.
    t[2] = if v > t[2].0 { (v, x) } else { t[2] };
    let (hi, lo) = if t[2].0 > t[1].0 {
        (t[2], t[1])
    } else {
        (t[1], t[2])
    };
    (t[1], t[2]) = (hi, lo);
    let (hi, lo) = if t[1].0 > t[0].0 {
        (t[1], t[0])
    } else {
        (t[0], t[1])
    };
    (t[0], t[1]) = (hi, lo);
}

impl Keeper for Three {
    fn reset(&mut self, groups: usize, _keep: usize) {
        self.items.clear();
        self.items.resize(groups, [EMPTY; 3]);
    }

    #[inline]
    fn offer(&mut self, group: usize, v: f32, x: usize) {
        offer3(&mut self.items[group], v, x as u32);
    }

    /// The row's best three stay in registers across the row.
    fn offer_row(&mut self, i: usize, line: &[f32], cols: &mut Self) {
        let mut t = self.items[i];
        for (k, (&v, c)) in line.iter().zip(cols.items.iter_mut()).enumerate() {
            offer3(&mut t, v, k as u32);
            offer3(c, v, i as u32);
        }
        self.items[i] = t;
    }

    fn each_best(&self, group: usize, f: impl FnMut(usize)) {
        self.items[group]
            .iter()
            .filter(|e| e.1 != u32::MAX)
            .map(|&(_, x)| x as usize)
            .for_each(f);
    }
}

/// `items.partition_point(before)`, probing 1, 2, 4 … places from the front first: cheap
/// when the point is near the start.
fn gallop<T>(items: &[T], before: impl Fn(&T) -> bool) -> usize {
    let mut hi = 1;
    while hi < items.len() && before(&items[hi - 1]) {
        hi *= 2;
    }
    let lo = hi / 2;
    let hi = hi.min(items.len());
    lo + items[lo..hi].partition_point(before)
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
