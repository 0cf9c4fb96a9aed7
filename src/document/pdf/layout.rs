//! Layout: glyphs → words → lines → blocks.

use super::interp::{DIRS, Dot, Glyph, PageContent, Rule};
use super::tables::{self, Grid};
use crate::document::{Block, BlockKind, clean_text};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    pub bold: bool,
    /// Separated from the previous word by a space character (never merge).
    pub spaced: bool,
}

#[derive(Debug, Clone)]
pub struct Line {
    pub words: Vec<Word>,
    pub y: f32,
    pub x0: f32,
    pub x1: f32,
    pub size: f32,
    pub bold: bool,
    /// 1-based line number on the page, counted before furniture is removed.
    pub no: u32,
    /// Text region (column or band) of the page the line belongs to; lines come region by
    /// region in reading order.
    pub region: u32,
    /// Set in a text direction other than the page's main one (a margin stamp, a label
    /// turned along a table's side): its coordinates are in its own direction's frame.
    pub foreign: bool,
}

impl Line {
    pub fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
    fn from_words(mut words: Vec<Word>) -> Line {
        words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let chars = |w: &Word| w.text.chars().count() as f32;
        let total: f32 = words.iter().map(chars).sum::<f32>().max(1.0);
        let y = words.iter().map(|w| w.y * chars(w)).sum::<f32>() / total;
        let size = words.iter().map(|w| w.size * chars(w)).sum::<f32>() / total;
        Line {
            y,
            x0: words.first().map_or(0.0, |w| w.x0),
            x1: words.iter().map(|w| w.x1).fold(f32::MIN, f32::max),
            size,
            bold: words.iter().all(|w| w.bold),
            no: 0,
            region: 0,
            foreign: false,
            words,
        }
    }
}

/// Two glyphs closer than this fraction of the font size belong to one word. Producers
/// position words with explicit moves, so the gap is measured from the glyph widths.
const WORD_GAP: f32 = 0.15;

fn words(glyphs: &[Glyph]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut cur: Option<Word> = None;
    let mut spaced = false;
    // Fake bold and shadows draw the same glyph twice at (almost) the same spot.
    let mut drawn: super::FastSet<(&str, i32, i32)> = Default::default();
    for g in glyphs {
        if g.size <= 0.0 || !g.x.is_finite() || !g.y.is_finite() {
            continue;
        }
        // Quarter-point cells, neighbours included: within about half a point is "the same spot".
        let (x, y) = ((g.x * 4.0).round() as i32, (g.y * 2.0).round() as i32);
        if !g.text.trim().is_empty() {
            let t: &str = &g.text;
            if (x.saturating_sub(1)..=x.saturating_add(1)).any(|x| drawn.contains(&(t, x, y))) {
                continue;
            }
            drawn.insert((t, x, y));
        }
        if g.text.chars().all(char::is_whitespace) {
            if let Some(w) = cur.take() {
                out.push(w);
            }
            spaced = true;
            continue;
        }
        if let Some(w) = &mut cur {
            let gap = g.x - w.x1;
            let tol = WORD_GAP * g.size.max(w.size);
            let same_line = (g.y - w.y).abs() < 0.3 * g.size.min(w.size);
            if same_line && gap < tol && gap > -tol {
                w.text.push_str(&g.text);
                w.x1 = w.x1.max(g.x + g.w);
                w.bold &= g.bold;
                continue;
            }
            out.extend(cur.take());
        }
        cur = Some(Word {
            text: g.text.to_string(),
            x0: g.x,
            x1: g.x + g.w,
            y: g.y,
            size: g.size,
            bold: g.bold,
            spaced,
        });
        spaced = false;
    }
    out.extend(cur);
    out
}

/// Group a page's glyphs into lines in reading order: words on one baseline form a row,
/// rows are cut at column gutters, and the page is read region by region (see [`segment`]).
/// Glyphs are grouped by text direction first and each direction is read in its own frame
/// (turned so that its text runs left to right); the direction with the most glyphs is the
/// page's, its lines come first, and the page's rules, dots and height are turned with it.
pub fn lines(page: &mut PageContent) -> Vec<Line> {
    let mut counts = [0usize; DIRS.len()];
    for g in &page.glyphs {
        counts[g.dir as usize % DIRS.len()] += 1;
    }
    let main = (0..DIRS.len())
        .max_by_key(|&d| (counts[d], d == 0))
        .unwrap_or(0);
    let (pw, ph) = (page.width, page.height);
    let frame = Frame::new(main, pw, ph);
    if main != 0 {
        for r in &mut page.rules {
            let (a, b) = (frame.point(r.x0, r.y0), frame.point(r.x1, r.y1));
            *r = Rule {
                x0: a.0.min(b.0),
                y0: a.1.min(b.1),
                x1: a.0.max(b.0),
                y1: a.1.max(b.1),
            };
        }
        for d in &mut page.dots {
            (d.x, d.y) = frame.point(d.x, d.y);
        }
        page.height = frame.height;
    }
    // Ruled tables are read across their columns whatever whitespace lies inside them.
    let boxes: Vec<[f32; 4]> = tables::detect(&page.rules)
        .iter()
        .map(|g| [g.left, g.right, g.bottom, g.top])
        .collect();
    let mut out: Vec<Line> = Vec::new();
    let mut region = 0;
    let mut order: Vec<usize> = (0..DIRS.len())
        .filter(|&d| counts[d] > 0 && d != main)
        .collect();
    order.insert(0, main);
    for d in order {
        let start = out.len();
        let ws = if counts[d] == page.glyphs.len() && d == 0 {
            words(&page.glyphs)
        } else {
            let f = Frame::new(d, pw, ph);
            let turned: Vec<Glyph> = page
                .glyphs
                .iter()
                .filter(|g| g.dir as usize == d)
                .map(|g| {
                    let (x, y) = f.point(g.x, g.y);
                    Glyph { x, y, ..g.clone() }
                })
                .collect();
            words(&turned)
        };
        if d == main && !boxes.is_empty() {
            segment_with_tables(ws, &boxes, &mut region, &mut out);
        } else {
            segment(rows(ws), &[], 0, &mut region, &mut out);
        }
        for l in &mut out[start..] {
            l.foreign = d != main;
        }
    }
    for (i, l) in out.iter_mut().enumerate() {
        l.no = i as u32 + 1;
    }
    out
}

/// A text direction's frame: page coordinates turned (and mirrored) so that the
/// direction's text runs left to right with its up pointing up, shifted to stay on the page.
struct Frame {
    d: [f32; 4],
    ox: f32,
    oy: f32,
    height: f32,
}

impl Frame {
    fn new(dir: usize, width: f32, height: f32) -> Frame {
        let d = DIRS[dir % DIRS.len()];
        let corners = [(0.0, 0.0), (width, 0.0), (0.0, height), (width, height)];
        let along = corners.map(|(x, y)| d[0] * x + d[1] * y);
        let up = corners.map(|(x, y)| d[2] * x + d[3] * y);
        let min = |v: [f32; 4]| v.into_iter().fold(f32::MAX, f32::min);
        let max = |v: [f32; 4]| v.into_iter().fold(f32::MIN, f32::max);
        Frame {
            d,
            ox: -min(along),
            oy: -min(up),
            height: max(up) - min(up),
        }
    }

    fn point(&self, x: f32, y: f32) -> (f32, f32) {
        let d = &self.d;
        (d[0] * x + d[1] * y + self.ox, d[2] * x + d[3] * y + self.oy)
    }
}

/// Marks the stand-in word of a ruled table during segmentation (followed by its index).
const TABLE_MARK: char = '\u{0}';

/// Segment a page with ruled tables: each table takes part as one stand-in word as wide
/// as the table at its top (and as ink over its height, so no gutter crosses it), and its
/// rows are put back where the stand-in lands, in the column that holds the table.
fn segment_with_tables(ws: Vec<Word>, boxes: &[[f32; 4]], region: &mut u32, out: &mut Vec<Line>) {
    let inside = |w: &Word| {
        let x = (w.x0 + w.x1) / 2.0;
        boxes.iter().position(|b| {
            x >= b[0] - 1.0 && x <= b[1] + 1.0 && w.y >= b[2] - 1.0 && w.y <= b[3] + 1.0
        })
    };
    let mut tables: Vec<Vec<Word>> = vec![Vec::new(); boxes.len()];
    let mut free: Vec<Word> = Vec::new();
    for w in ws {
        match inside(&w) {
            Some(i) => tables[i].push(w),
            None => free.push(w),
        }
    }
    for (i, t) in tables.iter().enumerate() {
        let Some(size) = t.iter().map(|w| w.size).reduce(f32::max) else {
            continue;
        };
        let top = t.iter().map(|w| w.y).fold(f32::MIN, f32::max);
        free.push(Word {
            text: format!("{TABLE_MARK}{i}"),
            x0: boxes[i][0],
            x1: boxes[i][1],
            y: top,
            size,
            bold: false,
            spaced: true,
        });
    }
    let mut segmented = Vec::new();
    segment(rows(free), boxes, 0, region, &mut segmented);
    for mut l in segmented {
        let mut marks = Vec::new();
        l.words.retain(|w| match w.text.strip_prefix(TABLE_MARK) {
            Some(i) => {
                marks.extend(i.parse::<usize>().ok());
                false
            }
            None => true,
        });
        let id = l.region;
        if !l.words.is_empty() {
            out.push(Line::from_words(std::mem::take(&mut l.words)).with_region(id));
        }
        for i in marks {
            let t = std::mem::take(&mut tables[i]);
            out.extend(
                rows(t)
                    .into_iter()
                    .map(|r| Line::from_words(r).with_region(id)),
            );
        }
    }
}

impl Line {
    fn with_region(mut self, region: u32) -> Line {
        self.region = region;
        self
    }
}

/// Words sharing a baseline, top to bottom, each row left to right.
fn rows(mut ws: Vec<Word>) -> Vec<Vec<Word>> {
    ws.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Vec<Word>> = Vec::new();
    let mut group: Vec<Word> = Vec::new();
    for w in ws {
        if let Some(first) = group.first() {
            if (first.y - w.y).abs() > 0.35 * first.size.min(w.size).max(1.0) {
                out.push(merge_touching(std::mem::take(&mut group)));
            }
        }
        group.push(w);
    }
    if !group.is_empty() {
        out.push(merge_touching(group));
    }
    attach_scripts(&mut out);
    out
}

/// Type smaller than this share of the neighbouring row's may be a superscript or
/// subscript of it (footnote marks, "1⁄4", "m²").
const SCRIPT_SIZE: f32 = 0.85;

/// Rows of small raised or lowered type that touch words of the row they sit on belong to
/// that row: a footnote mark set on its own baseline must not split a line (or a column)
/// into pieces.
fn attach_scripts(rows: &mut Vec<Vec<Word>>) {
    let mut i = 0;
    while i < rows.len() {
        let size = row_size(&rows[i]);
        let y = row_y(&rows[i]);
        let host = [i + 1, i.wrapping_sub(1)].into_iter().find(|&j| {
            let Some(h) = rows.get(j) else { return false };
            let hs = row_size(h);
            let rise = y - row_y(h);
            size < SCRIPT_SIZE * hs
                && rise < 0.75 * hs
                && rise > -0.45 * hs
                && rows[i].iter().all(|w| {
                    h.iter().any(|n| {
                        (w.x0 - n.x1).abs() < 0.3 * hs
                            || (n.x0 - w.x1).abs() < 0.3 * hs
                            || (w.x0 < n.x1 && n.x0 < w.x1)
                    })
                })
        });
        match host {
            Some(j) => {
                let r = rows.remove(i);
                let j = if j > i { j - 1 } else { j };
                let mut merged = std::mem::take(&mut rows[j]);
                merged.extend(r);
                rows[j] = merge_touching(merged);
                if j < i {
                    continue;
                }
            }
            None => i += 1,
        }
    }
}

/// Whitespace at least this wide (in font sizes) between two words of a row may be a
/// column gutter; a justified word space stays well below it.
const GUTTER_MIN: f32 = 1.0;
/// A gutter needs text beside it, on each side, on at least this many rows: a few word
/// gaps that happen to line up are not a column break.
const GUTTER_ROWS: usize = 3;
/// A column of flowing text is at least this wide (font sizes); a narrower strip beside a
/// gutter holds labels, bullets or numbers (a table or a form), read across.
const COLUMN_MIN_WIDTH: f32 = 10.0;
/// Share of a column's words that are words of two or more letters in flowing text (the
/// rest being numbers and signs); a column of figures is a table's.
const WORDY: f32 = 0.6;
/// Words per line, at least, in flowing text: a line of prose holds several.
const PROSE_WORDS: f32 = 3.0;
/// A word space, in font sizes (generous: most are near 0.25).
const SPACE: f32 = 0.3;
/// Rows further apart than this (font sizes, baseline to baseline) start a new paragraph
/// or table row.
const ROW_BREAK: f32 = 1.6;
/// Recursion depth of the page cuts: bounds the work on pathological pages.
const MAX_CUTS: usize = 12;

/// A vertical strip of whitespace between rows `top..=bottom`, from `xa` to `xb`, with text
/// left of it on `left` rows and right of it on `right` rows.
#[derive(Debug, Clone)]
struct Gutter {
    xa: f32,
    xb: f32,
    top: usize,
    bottom: usize,
    left: usize,
    right: usize,
}

fn row_size(row: &[Word]) -> f32 {
    let n = row.len().max(1) as f32;
    (row.iter().map(|w| w.size).sum::<f32>() / n).max(1.0)
}

fn row_y(row: &[Word]) -> f32 {
    row.first().map_or(0.0, |w| w.y)
}

/// Free stretches of a row at least `min_gap` wide: (from, to, between two words). The
/// stretches before the first and after the last word are open-ended. A ruled table the
/// row passes through counts as ink over its whole width.
fn free_spans(row: &[Word], boxes: &[[f32; 4]], min_gap: f32) -> Vec<(f32, f32, bool)> {
    let y = row_y(row);
    let mut ink: Vec<(f32, f32)> = row.iter().map(|w| (w.x0, w.x1)).collect();
    ink.extend(
        boxes
            .iter()
            .filter(|b| y >= b[2] - 1.0 && y <= b[3] + 1.0)
            .map(|b| (b[0], b[1])),
    );
    ink.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut end = f32::NEG_INFINITY;
    for (a, b) in ink {
        if a - end >= min_gap {
            out.push((end, a, end.is_finite()));
        }
        end = end.max(b);
    }
    out.push((end, f32::INFINITY, false));
    out
}

/// Vertical whitespace strips with text on both sides for at least [`GUTTER_ROWS`] rows.
/// A strip starts at a gap between words, runs down while each row leaves it (or a part at
/// least [`GUTTER_MIN`] wide) free, and is extended up over rows that leave it free too.
fn gutters(rows: &[Vec<Word>], boxes: &[[f32; 4]]) -> Vec<Gutter> {
    let spans: Vec<Vec<(f32, f32, bool)>> = rows
        .iter()
        .map(|r| free_spans(r, boxes, GUTTER_MIN * row_size(r)))
        .collect();
    let narrow = |g: &Gutter, i: usize| {
        let min_gap = GUTTER_MIN * row_size(&rows[i]);
        spans[i]
            .iter()
            .map(|f| (g.xa.max(f.0), g.xb.min(f.1)))
            .filter(|(a, b)| b - a >= min_gap)
            .max_by(|x, y| (x.1 - x.0).total_cmp(&(y.1 - y.0)))
    };
    // A ruled table beside the gutter is text on that side too.
    let sides = |g: &mut Gutter, i: usize| {
        let y = row_y(&rows[i]);
        let tables = boxes.iter().filter(|b| y >= b[2] - 1.0 && y <= b[3] + 1.0);
        let (mut l, mut r) = (false, false);
        for b in tables {
            l |= b[1] <= g.xa;
            r |= b[0] >= g.xb;
        }
        g.left += (l || rows[i].iter().any(|w| w.x1 <= g.xa)) as usize;
        g.right += (r || rows[i].iter().any(|w| w.x0 >= g.xb)) as usize;
    };
    let mut done: Vec<Gutter> = Vec::new();
    let mut active: Vec<Gutter> = Vec::new();
    for i in 0..rows.len() {
        let mut next: Vec<Gutter> = Vec::new();
        for mut g in active.drain(..) {
            match narrow(&g, i) {
                Some((a, b)) => {
                    (g.xa, g.xb, g.bottom) = (a, b, i);
                    sides(&mut g, i);
                    next.push(g);
                }
                None => done.push(g),
            }
        }
        for &(a, b, inner) in &spans[i] {
            if inner && !next.iter().any(|g| g.xa < b && a < g.xb) {
                next.push(Gutter {
                    xa: a,
                    xb: b,
                    top: i,
                    bottom: i,
                    left: 1,
                    right: 1,
                });
            }
        }
        active = next;
    }
    done.extend(active);
    done.retain(|g| g.left >= GUTTER_ROWS && g.right >= GUTTER_ROWS);
    for g in &mut done {
        while g.top > 0 {
            let Some((a, b)) = narrow(g, g.top - 1) else {
                break;
            };
            g.top -= 1;
            (g.xa, g.xb) = (a, b);
        }
    }
    done
}

/// The rows of `rows` split at `x`: words left of it, words right of it.
fn split_rows(rows: &[Vec<Word>], x: f32) -> (Vec<Vec<Word>>, Vec<Vec<Word>>) {
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for r in rows {
        let (l, rr): (Vec<Word>, Vec<Word>) =
            r.iter().cloned().partition(|w| (w.x0 + w.x1) / 2.0 < x);
        if !l.is_empty() {
            left.push(l);
        }
        if !rr.is_empty() {
            right.push(rr);
        }
    }
    (left, right)
}

/// Flowing text: a column wide enough for prose, of words rather than figures, whose lines
/// wrap (the first word of each line would not have fitted at the end of the line above,
/// as a typesetter breaks lines). Table cells of short values and number columns do not.
fn flowing(side: &[Vec<Word>]) -> bool {
    if side.len() < GUTTER_ROWS {
        return false;
    }
    let x0 = side.iter().map(|r| r[0].x0).fold(f32::MAX, f32::min);
    let x1 = side
        .iter()
        .map(|r| r[r.len() - 1].x1)
        .fold(f32::MIN, f32::max);
    let mut sizes: Vec<f32> = side.iter().map(|r| row_size(r)).collect();
    sizes.sort_by(f32::total_cmp);
    let size = sizes[sizes.len() / 2];
    if x1 - x0 < COLUMN_MIN_WIDTH * size {
        return false;
    }
    let words = side.iter().map(Vec::len).sum::<usize>();
    let wordy = side
        .iter()
        .flatten()
        .filter(|w| w.text.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    if (wordy as f32) < WORDY * words as f32 || (wordy as f32) < PROSE_WORDS * side.len() as f32 {
        return false;
    }
    let (mut pairs, mut wrapped) = (0, 0);
    for p in side.windows(2) {
        let (a, b) = (&p[0], &p[1]);
        if row_y(a) - row_y(b) > ROW_BREAK * size {
            continue;
        }
        pairs += 1;
        let first = b[0].x1 - b[0].x0;
        let end = a[a.len() - 1].x1;
        wrapped += (end + SPACE * size + first > x1) as usize;
    }
    pairs >= 2 && 2 * wrapped >= pairs
}

/// One side of a column cut: flowing text, or a column holding a ruled table (its text
/// around the table need not flow).
fn column(side: &[Vec<Word>]) -> bool {
    let stand_in = |w: &Word| w.text.starts_with(TABLE_MARK);
    if side.iter().flatten().any(stand_in) {
        return true;
    }
    flowing(side)
}

/// Baselines where a paragraph (or table row) starts: the first row, and rows set apart
/// from the one above by more than line spacing.
fn starts(side: &[Vec<Word>]) -> Vec<f32> {
    let mut out = Vec::new();
    for (i, r) in side.iter().enumerate() {
        let y = row_y(r);
        if i == 0 || row_y(&side[i - 1]) - y > ROW_BREAK * row_size(r) {
            out.push(y);
        }
    }
    out
}

/// Table rows rather than independent columns: the paragraphs of both sides start on the
/// same baselines (each row of cells starts level, whichever cell runs longest).
fn rows_align(left: &[Vec<Word>], right: &[Vec<Word>]) -> bool {
    let (l, r) = (starts(left), starts(right));
    let size = left.first().map_or(10.0, |r| row_size(r));
    let level = |y: f32, other: &[f32]| other.iter().any(|o| (o - y).abs() < 0.35 * size);
    // Both columns begin at the top of the cut: only the starts after the first count.
    let (l, r) = (l.get(1..).unwrap_or(&[]), r.get(1..).unwrap_or(&[]));
    let (ln, rn) = (l.len(), r.len());
    let lm = l.iter().filter(|&&y| level(y, r)).count();
    let rm = r.iter().filter(|&&y| level(y, l)).count();
    (ln >= 1 || rn >= 1) && 3 * (lm + rm) >= 2 * (ln + rn)
}

/// Read a set of rows region by region, as a reader would: recursively cut the rows at
/// the tallest gutter that separates two columns of flowing text (what lies above it, the
/// left column, the right column, what lies below), in the manner of an XY-cut whose
/// horizontal cuts come only where a column structure starts or ends. Gutters inside
/// tables (short cells, or rows that start level on both sides) are not cut, so tables
/// keep their rows.
fn segment(
    rows: Vec<Vec<Word>>,
    boxes: &[[f32; 4]],
    depth: usize,
    region: &mut u32,
    out: &mut Vec<Line>,
) {
    let mut best: Option<(Gutter, Vec<Vec<Word>>, Vec<Vec<Word>>)> = None;
    if depth < MAX_CUTS && rows.len() >= GUTTER_ROWS {
        let mut gs = gutters(&rows, boxes);
        gs.sort_by_key(|g| std::cmp::Reverse(g.bottom - g.top));
        for g in gs {
            let (l, r) = split_rows(&rows[g.top..=g.bottom], (g.xa + g.xb) / 2.0);
            if column(&l) && column(&r) && !rows_align(&l, &r) {
                best = Some((g, l, r));
                break;
            }
        }
    }
    let Some((g, left, right)) = best else {
        let id = *region;
        *region += 1;
        out.extend(rows.into_iter().filter(|r| !r.is_empty()).map(|r| {
            let mut l = Line::from_words(r);
            l.region = id;
            l
        }));
        return;
    };
    let mut rows = rows;
    let below = rows.split_off(g.bottom + 1);
    rows.truncate(g.top);
    for part in [rows, left, right, below] {
        if !part.is_empty() {
            segment(part, boxes, depth + 1, region, out);
        }
    }
}

/// Words that the content stream drew apart but that touch on the line are one word.
fn merge_touching(mut ws: Vec<Word>) -> Vec<Word> {
    ws.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut out: Vec<Word> = Vec::new();
    for w in ws {
        if let Some(p) = out.last_mut() {
            let gap = w.x0 - p.x1;
            if !w.spaced && gap.abs() < WORD_GAP * p.size.max(w.size) && w.x0 >= p.x0 {
                p.text.push_str(&w.text);
                p.x1 = p.x1.max(w.x1);
                p.bold &= w.bold;
                continue;
            }
        }
        out.push(w);
    }
    out
}

/// The document's words (lower case, without surrounding punctuation): what a word split
/// by a line-end hyphen is checked against.
pub type Vocabulary = std::collections::HashSet<String>;

fn vocab_key(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Every word of the document's lines, for [`join_line`].
pub fn vocabulary(pages: &[Vec<Line>]) -> Vocabulary {
    pages
        .iter()
        .flatten()
        .flat_map(|l| l.words.iter())
        .map(|w| vocab_key(&w.text))
        .filter(|k| !k.is_empty())
        .collect()
}

/// Join a wrapped line to the text before it. A word hyphenated at the line end loses the
/// space; it loses the hyphen too when the joined word is a word elsewhere in the document,
/// as pdftotext does ("com-" + "piler" → "compiler" where "compiler" occurs), and keeps it
/// otherwise ("decision-" + "making" → "decision-making").
pub fn join_line(acc: &mut String, next: &str, vocab: &Vocabulary) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    if acc.is_empty() {
        acc.push_str(next);
        return;
    }
    let mut rev = acc.chars().rev();
    let hyphenated = rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic);
    if !hyphenated {
        acc.push(' ');
        acc.push_str(next);
        return;
    }
    let head = acc[..acc.len() - 1]
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    let tail = next.split(char::is_whitespace).next().unwrap_or("");
    let letters = |s: &str| !s.is_empty() && s.chars().all(char::is_alphabetic);
    let tail_word = tail.trim_end_matches(|c: char| !c.is_alphanumeric());
    if letters(head)
        && letters(tail_word)
        && vocab.contains(&vocab_key(&format!("{head}{tail_word}")))
    {
        // "Trace-" + "Monkey" → "TraceMonkey" too, where the document writes it whole.
        acc.pop();
    } else if !next.chars().next().is_some_and(char::is_lowercase) {
        // A dash before a capital ("Level 2 -" + "Managers") separates words.
        acc.push(' ');
    }
    acc.push_str(next);
}

const BULLET_CHARS: &[&str] = &[
    "•", "●", "▪", "■", "◦", "○", "►", "➢", "✓", "\u{F0B7}", "\u{F0A7}", "·", "-", "–", "o", "*",
];

/// Marker and index of the first text word when the line starts with a bullet glyph, or a
/// drawn shape sits just left of it (Chromium draws list bullets instead of a character).
fn bullet(line: &Line, dots: &[Dot]) -> Option<(String, usize)> {
    let first = line.words.first()?;
    if line.words.len() >= 2 && BULLET_CHARS.contains(&first.text.as_str()) {
        let gap = line.words[1].x0 - first.x1;
        let strong = !matches!(first.text.as_str(), "-" | "–" | "o" | "*");
        if gap > if strong { 0.0 } else { 0.5 * line.size } {
            let m = clean_text(&first.text);
            let m = if m == "●" || m == "·" {
                "•".to_string()
            } else {
                m
            };
            return Some((m, 1));
        }
    }
    let s = line.size;
    dots.iter()
        .any(|d| {
            d.x < line.x0
                && d.x > line.x0 - 4.0 * s
                && d.y > line.y - 0.1 * s
                && d.y < line.y + 0.8 * s
                && d.size < 0.8 * s
        })
        .then(|| ("•".to_string(), 0))
}

struct Building {
    kind: BlockKind,
    text: String,
    page: u32,
    /// Page of the block's last line.
    last_page: u32,
    line: u32,
    size: f32,
    bold: bool,
    marker: Option<String>,
    /// Left edge continuation lines align with.
    text_x: f32,
    first_x0: f32,
    lines: usize,
    last_y: f32,
    last_x0: f32,
    last_x1: f32,
    last_center: f32,
    /// The last line ended near the right margin (the block may run on to the next page).
    full: bool,
    /// Region of the last line.
    region: u32,
    /// Set in a direction other than the page's (see [`Line::foreign`]).
    foreign: bool,
}

struct TableState {
    ncols: usize,
    header: Option<Vec<String>>,
    last_spans: Vec<usize>,
    /// Index in `out` of the last row emitted, and its page.
    last_row: Option<(usize, u32)>,
    rows: usize,
}

pub fn blocks(pages: &[Vec<Line>], content: &[PageContent]) -> Vec<Block> {
    let body = body_size(pages);
    let vocab = vocabulary(pages);
    let mut out: Vec<Block> = Vec::new();
    let mut cur: Option<Building> = None;
    let mut table: Option<TableState> = None;
    let mut sizes: Vec<f32> = Vec::new();
    for (p, lines) in pages.iter().enumerate() {
        let page = p as u32 + 1;
        let empty = PageContent::default();
        let pc = content.get(p).unwrap_or(&empty);
        let mut grids = tables::detect(&pc.rules);
        for g in &mut grids {
            g.split_bands(lines);
        }
        let unruled = tables::detect_unruled(lines, &grids);
        grids.extend(unruled);
        let mut grid_done = vec![false; grids.len()];
        // Right edge of each region: a line reaching it fills its column's measure.
        let mut rights: HashMap<u32, f32> = HashMap::new();
        for l in lines {
            let r = rights.entry(l.region).or_insert(0.0);
            *r = r.max(l.x1);
        }
        let mut first_free = true;
        let mut prev_region: Option<u32> = None;
        for line in lines {
            let right = rights.get(&line.region).copied().unwrap_or(line.x1);
            // The first line of a column after the end of the previous one.
            let new_column = prev_region.is_some_and(|r| r != line.region);
            prev_region = Some(line.region);
            let in_grid = line.words.first().filter(|_| !line.foreign).and_then(|w| {
                let (x, y) = ((w.x0 + w.x1) / 2.0, w.y);
                grids.iter().position(|g| g.contains(x, y))
            });
            if let Some(gi) = in_grid {
                if !grid_done[gi] {
                    grid_done[gi] = true;
                    // Text between two tables makes them two tables (each keeps its header).
                    if finish(&mut cur, &mut out, body, &mut sizes) {
                        table = None;
                    }
                    emit_table(&grids[gi], lines, page, &mut out, &mut table, &vocab);
                }
                continue;
            }
            let bul = bullet(line, &pc.dots);
            let start = bul.as_ref().map_or(0, |b| b.1);
            let text: String = line.words[start..]
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let text_x = line.words.get(start).map_or(line.x0, |w| w.x0);
            let center = (line.x0 + line.x1) / 2.0;
            let joins = match &cur {
                Some(b) if bul.is_none() => {
                    let s = b.size.max(line.size);
                    let same_size = (line.size / b.size - 1.0).abs() < 0.1;
                    // Runs on into the next column: the last line filled its column, or the
                    // sentence is unfinished and goes on in lower case.
                    let open = !b.text.trim_end().ends_with(['.', ':', '!', '?'])
                        && text.chars().next().is_some_and(char::is_lowercase);
                    let column_run = new_column
                        && b.region != line.region
                        && line.y > b.last_y
                        && (b.full || open)
                        && b.kind != BlockKind::Heading;
                    let placed = if b.last_page == page {
                        let gap = b.last_y - line.y;
                        (gap > 0.0 && gap <= 1.5 * s) || column_run
                    } else {
                        // Runs on over the page break: the last line filled the measure, or the
                        // sentence is unfinished and goes on in lower case.
                        let open = !b.text.trim_end().ends_with(['.', ':', '!', '?'])
                            && text.chars().next().is_some_and(char::is_lowercase);
                        b.last_page + 1 == page
                            && first_free
                            && (b.full || open)
                            && b.kind != BlockKind::Heading
                    };
                    // From the last column of a page to the first of the next: the block
                    // ended a column's width (not an indent) right of where the next page's
                    // text starts.
                    let next_page_column = b.last_page != page
                        && b.region > 0
                        && b.last_x0 > line.x0 + COLUMN_MIN_WIDTH * s;
                    let aligned = if column_run || next_page_column {
                        true
                    } else if b.kind == BlockKind::ListItem {
                        line.x0 >= b.text_x - 0.5 * s && line.x0 <= b.text_x + 1.5 * s
                    } else {
                        (line.x0 - b.last_x0).abs() < 1.0 * s
                            || (b.lines == 1
                                && line.x0 < b.first_x0
                                && line.x0 > b.first_x0 - 3.0 * s)
                            || (center - b.last_center).abs() < 2.0
                    };
                    // A bold one-line label ends where normal text starts.
                    let label = b.bold && b.lines == 1 && !line.bold && !b.full;
                    // Text in another direction has coordinates of its own frame: it
                    // only continues text of its own region.
                    let same_frame =
                        b.foreign == line.foreign && (!line.foreign || b.region == line.region);
                    placed && same_size && aligned && !label && same_frame
                }
                _ => false,
            };
            first_free = false;
            if joins {
                if let Some(b) = &mut cur {
                    join_line(&mut b.text, &text, &vocab);
                    b.lines += 1;
                    b.last_y = line.y;
                    b.last_x0 = line.x0;
                    b.last_x1 = line.x1;
                    b.last_center = center;
                    b.full = line.x1 >= right - 2.0 * line.size;
                    b.last_page = page;
                    b.region = line.region;
                    b.bold &= line.bold;
                }
                continue;
            }
            if finish(&mut cur, &mut out, body, &mut sizes) {
                table = None;
            }
            cur = Some(Building {
                kind: if bul.is_some() {
                    BlockKind::ListItem
                } else {
                    BlockKind::Paragraph
                },
                text,
                page,
                last_page: page,
                line: line.no,
                size: line.size,
                bold: line.bold,
                marker: bul.map(|b| b.0),
                text_x,
                first_x0: line.x0,
                lines: 1,
                last_y: line.y,
                last_x0: line.x0,
                last_x1: line.x1,
                last_center: center,
                full: line.x1 >= right - 2.0 * line.size,
                region: line.region,
                foreign: line.foreign,
            });
        }
    }
    let _ = finish(&mut cur, &mut out, body, &mut sizes);
    post_pass(&mut out, &sizes);
    out
}

/// Most common font size over all text, weighted by characters.
fn body_size(pages: &[Vec<Line>]) -> f32 {
    let mut hist: HashMap<i32, usize> = HashMap::new();
    for l in pages.iter().flatten() {
        for w in &l.words {
            *hist.entry((w.size * 2.0).round() as i32).or_default() += w.text.chars().count();
        }
    }
    hist.into_iter()
        .max_by_key(|&(s, n)| (n, -s))
        .map_or(10.0, |(s, _)| s as f32 / 2.0)
        .max(1.0)
}

/// Emit the block being built; true when one was emitted.
fn finish(
    cur: &mut Option<Building>,
    out: &mut Vec<Block>,
    body: f32,
    sizes: &mut Vec<f32>,
) -> bool {
    let Some(b) = cur.take() else { return false };
    let text = clean_text(&b.text);
    if text.is_empty() {
        return false;
    }
    let ratio = b.size / body;
    let kind = if b.kind == BlockKind::Paragraph && ratio >= 1.15 {
        BlockKind::Heading
    } else {
        b.kind
    };
    let mut block = Block::new(kind, text, b.page, b.line);
    block.hints.bold = b.bold;
    block.hints.size_ratio = Some((ratio * 100.0).round() / 100.0);
    block.hints.marker = b.marker;
    if kind == BlockKind::ListItem {
        // Depth from the bullet position, resolved in `post_pass`.
        block.hints.indent = (b.first_x0.max(0.0) / 4.0).min(255.0) as u8;
    }
    if kind == BlockKind::Heading {
        sizes.push(b.size);
    }
    out.push(block);
    true
}

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)])\s+(\S.*)$").unwrap());

/// Document-wide decisions: heading levels by size rank, list depth by bullet position,
/// numbered paragraphs that form a list (as the text reader decides them).
fn post_pass(out: &mut [Block], heading_sizes: &[f32]) {
    let mut ranks: Vec<i32> = heading_sizes
        .iter()
        .map(|s| (s * 2.0).round() as i32)
        .collect();
    ranks.sort_unstable_by(|a, b| b.cmp(a));
    ranks.dedup();
    // The largest heading used once, on the first page, is the document title (level 0).
    let largest = ranks.first().copied();
    let title = largest.is_some_and(|top| {
        let mut it = out
            .iter()
            .filter(|b| b.kind == BlockKind::Heading)
            .zip(heading_sizes);
        let tops: Vec<u32> = it
            .by_ref()
            .filter(|(_, s)| (*s * 2.0).round() as i32 == top)
            .map(|(b, _)| b.page)
            .collect();
        tops == [1]
    });
    let mut heading_no = 0;
    let mut positions: Vec<u8> = out
        .iter()
        .filter(|b| b.kind == BlockKind::ListItem)
        .map(|b| b.hints.indent)
        .collect();
    positions.sort_unstable();
    positions.dedup();
    // Bullet positions within 2 steps (8pt) are one level.
    let mut levels: Vec<u8> = Vec::new();
    for p in positions {
        if levels.last().is_none_or(|l| p > l.saturating_add(2)) {
            levels.push(p);
        }
    }
    let numbered: Vec<bool> = out
        .iter()
        .map(|b| b.kind == BlockKind::Paragraph && NUMBERED.is_match(&b.text))
        .collect();
    for i in 0..out.len() {
        let b = &mut out[i];
        match b.kind {
            BlockKind::Heading => {
                let s =
                    (heading_sizes.get(heading_no).copied().unwrap_or(0.0) * 2.0).round() as i32;
                heading_no += 1;
                let rank = ranks.iter().position(|&r| r == s).unwrap_or(0);
                let level = if title { rank } else { rank + 1 };
                b.hints.heading_level = Some(level.min(6) as u8);
            }
            BlockKind::ListItem => {
                let p = b.hints.indent;
                b.hints.indent = levels.iter().rposition(|&l| l <= p).unwrap_or(0) as u8;
            }
            BlockKind::Paragraph if numbered[i] => {
                let in_run =
                    (i > 0 && numbered[i - 1]) || numbered.get(i + 1).copied().unwrap_or(false);
                if let Some(c) = NUMBERED.captures(&b.text) {
                    let rest = c[2].trim_end();
                    if in_run || rest.ends_with(['.', ';']) || rest.len() > 120 {
                        let (marker, rest) = (c[1].to_string(), rest.to_string());
                        b.kind = BlockKind::ListItem;
                        b.hints.marker = Some(marker);
                        b.text = rest;
                    }
                }
            }
            _ => {}
        }
    }
}

/// The cells of `next` read as the rest of `prev`'s cells (a row cut by a page break), not
/// as a new row: text only where `prev` had text, and every such cell running on in lower
/// case (a capital, as in "Ineffective Behaviours", starts a row of its own).
fn continues_row(prev: &[String], next: &[String]) -> bool {
    let mut any = false;
    for (p, n) in prev.iter().zip(next) {
        if n.is_empty() {
            continue;
        }
        if p.is_empty() || n.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        any = true;
    }
    any
}

fn emit_table(
    g: &Grid,
    lines: &[Line],
    page: u32,
    out: &mut Vec<Block>,
    state: &mut Option<TableState>,
    vocab: &Vocabulary,
) {
    let nrows = g.rows.len() - 1;
    let ncols = g.ncols();
    // cells[row][col] = lines of text; (first line index, all bold) per row.
    let mut cells: Vec<Vec<String>> = vec![vec![String::new(); ncols]; nrows];
    // Per cell, the entries that each start with a typed bullet ("• Listens well").
    let mut items: Vec<Vec<Vec<String>>> = vec![vec![Vec::new(); ncols]; nrows];
    let mut meta: Vec<(Option<usize>, bool)> = vec![(None, true); nrows];
    let spans: Vec<Vec<usize>> = (0..nrows).map(|r| g.span_starts(r)).collect();
    for (li, line) in lines.iter().enumerate() {
        if line.foreign {
            continue;
        }
        // Words of one line that fall in one cell form one piece of that cell's text.
        let mut pieces: Vec<(usize, usize, String)> = Vec::new();
        for w in &line.words {
            let (x, y) = ((w.x0 + w.x1) / 2.0, w.y);
            if !g.contains(x, y) {
                continue;
            }
            let Some(r) = g.row_of(y) else { continue };
            let c = spans[r][g.col_of(x)];
            meta[r].0.get_or_insert(li);
            meta[r].1 &= w.bold;
            match pieces.last_mut() {
                Some((pr, pc, t)) if *pr == r && *pc == c => {
                    t.push(' ');
                    t.push_str(&w.text);
                }
                _ => pieces.push((r, c, w.text.clone())),
            }
        }
        for (r, c, t) in pieces {
            join_line(&mut cells[r][c], &t, vocab);
            let bulleted = t
                .split_once(' ')
                .filter(|(b, rest)| BULLET_CHARS.contains(b) && !rest.trim().is_empty());
            match (bulleted, items[r][c].last_mut()) {
                (Some((_, rest)), _) => items[r][c].push(rest.trim().to_string()),
                (None, Some(item)) => join_line(item, &t, vocab),
                (None, None) => {}
            }
        }
    }
    for r in 0..nrows {
        let Some(li) = meta[r].0 else { continue };
        let row: Vec<String> = cells[r].iter().map(|c| clean_text(c)).collect();
        let filled = row.iter().filter(|c| !c.is_empty()).count();
        if filled == 0 {
            continue;
        }
        let st = match state {
            Some(s) if s.ncols == ncols => s,
            _ => state.insert(TableState {
                ncols,
                header: None,
                last_spans: Vec::new(),
                last_row: None,
                rows: 0,
            }),
        };
        if st.header.as_ref() == Some(&row) {
            continue;
        }
        // A row split by a page break: its second part starts the next page's table with an
        // empty (or lower-case) first cell and the same column spans.
        if let Some((idx, prev_page)) = st.last_row {
            let first_on_page = prev_page + 1 == page
                && out.get(idx).is_some_and(|b| b.page == prev_page)
                && idx + 1 == out.len();
            let continues = first_on_page
                && (row[0].is_empty() || row[0].chars().next().is_some_and(char::is_lowercase))
                && st.last_spans == spans[r]
                && !out[idx].hints.header_row
                && continues_row(&out[idx].cells, &row);
            if continues {
                let prev = &mut out[idx];
                let mut merged = prev.cells.clone();
                for (m, c) in merged.iter_mut().zip(&row) {
                    join_line(m, c, vocab);
                }
                let bold = prev.hints.bold;
                let header = prev.hints.header_row;
                let (pp, pl) = (prev.page, prev.line);
                *prev = Block::row(merged, pp, pl);
                prev.hints.bold = bold;
                prev.hints.header_row = header;
                st.last_row = Some((idx, page));
                continue;
            }
        }
        if filled == 1 {
            let mut b = Block::new(
                BlockKind::Paragraph,
                row.into_iter().find(|c| !c.is_empty()).unwrap_or_default(),
                page,
                lines[li].no,
            );
            b.hints.bold = meta[r].1;
            out.push(b);
            continue;
        }
        let mut b = Block::row(row.clone(), page, lines[li].no);
        b.hints.bold = meta[r].1;
        let lists: Vec<Vec<String>> = items[r]
            .iter()
            .map(|i| {
                let i: Vec<String> = i.iter().map(|t| clean_text(t)).collect();
                if i.len() >= 2 { i } else { Vec::new() }
            })
            .collect();
        if lists.iter().any(|l| !l.is_empty()) {
            b.hints.cell_items = lists;
        }
        if st.rows == 0 && meta[r].1 {
            b.hints.header_row = true;
            st.header = Some(row);
        }
        st.rows += 1;
        st.last_spans = spans[r].clone();
        out.push(b);
        st.last_row = Some((out.len() - 1, page));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(s: &str, x: f32, y: f32, w: f32) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string().into(),
                x: x + i as f32 * w,
                y,
                w,
                size: 10.0,
                bold: false,
                dir: 0,
            })
            .collect()
    }

    #[test]
    fn cut_rows_continue_new_rows_do_not() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let prev = s(&["4.6 Name", "plays an", "results,", "criteria and"]);
        assert!(continues_row(
            &prev,
            &s(&["", "active role", "holding others", "ambitious goals"])
        ));
        let prev = s(&["4.1 Name", "Engage them", "Decisions.", ""]);
        assert!(!continues_row(
            &prev,
            &s(&["", "Ineffective Behaviours", "Provides advice", ""])
        ));
        assert!(!continues_row(
            &prev,
            &s(&["", "", "", "Text in an empty cell"])
        ));
    }

    #[test]
    fn join_keeps_line_end_hyphens_of_compounds() {
        let none = Vocabulary::new();
        let mut s = "improve decision-".to_string();
        join_line(&mut s, "making practices", &none);
        assert_eq!(s, "improve decision-making practices");
        let mut s = "Level 2 -".to_string();
        join_line(&mut s, "Managers", &none);
        assert_eq!(s, "Level 2 - Managers");
    }

    #[test]
    fn line_end_hyphen_goes_when_the_joined_word_occurs_elsewhere() {
        let vocab: Vocabulary = ["compiler", "the"].map(String::from).into();
        let mut s = "the com-".to_string();
        join_line(&mut s, "piler, and", &vocab);
        assert_eq!(s, "the compiler, and");
        let mut s = "improve decision-".to_string();
        join_line(&mut s, "making", &vocab);
        assert_eq!(s, "improve decision-making");
        let vocab: Vocabulary = ["tracemonkey"].map(String::from).into();
        let mut s = "Trace-".to_string();
        join_line(&mut s, "Monkey runs", &vocab);
        assert_eq!(s, "TraceMonkey runs");
        // From the page's own lines: "compiler" written whole on another line.
        let mut page = PageContent {
            glyphs: glyphs("a com-", 0.0, 200.0, 5.0)
                .into_iter()
                .chain(glyphs("piler here", 0.0, 188.0, 5.0))
                .chain(glyphs("compiler", 0.0, 100.0, 5.0))
                .collect(),
            ..Default::default()
        };
        let b = blocks(&[lines(&mut page)], &[]);
        assert_eq!(b[0].text, "a compiler here", "{b:?}");
    }

    #[test]
    fn word_gaps_come_from_glyph_widths() {
        // "ab" then a 1pt kern (same word), then a 4pt gap (new word), no space glyphs.
        let mut g = glyphs("ab", 0.0, 100.0, 5.0);
        g.extend(glyphs("cd", 11.0, 100.0, 5.0));
        g.extend(glyphs("ef", 25.0, 100.0, 5.0));
        let mut page = PageContent {
            glyphs: g,
            ..Default::default()
        };
        let ls = lines(&mut page);
        assert_eq!(ls.len(), 1);
        assert_eq!(ls[0].text(), "abcd ef");
    }

    #[test]
    fn overprinted_text_is_read_once() {
        let mut g = glyphs("Bold", 0.0, 100.0, 5.0);
        g.extend(glyphs("Bold", 0.3, 100.0, 5.0));
        let mut page = PageContent {
            glyphs: g,
            ..Default::default()
        };
        assert_eq!(lines(&mut page)[0].text(), "Bold");
    }

    #[test]
    fn lines_are_ordered_top_to_bottom_whatever_the_stream_order() {
        let mut g = glyphs("low", 0.0, 100.0, 5.0);
        g.extend(glyphs("high", 0.0, 200.0, 5.0));
        let mut page = PageContent {
            glyphs: g,
            ..Default::default()
        };
        let t: Vec<String> = lines(&mut page).iter().map(Line::text).collect();
        assert_eq!(t, ["high", "low"]);
    }

    /// Lines of prose `chars` characters wide (5pt each) from `x`, one every 12pt down from
    /// `top`, their words numbered from `first` ("w3 w4 ...").
    fn prose(x: f32, top: f32, rows: usize, first: usize) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut n = first;
        for r in 0..rows {
            let mut text = String::new();
            while text.len() < 40 {
                text.push_str(&format!("word{n} "));
                n += 1;
            }
            out.extend(glyphs(text.trim_end(), x, top - 12.0 * r as f32, 5.0));
        }
        out
    }

    /// An upright A4 page of these glyphs.
    fn a4_page(glyphs: Vec<Glyph>) -> PageContent {
        PageContent {
            glyphs,
            width: 595.0,
            height: 842.0,
            ..Default::default()
        }
    }

    fn text_of(ls: &[Line]) -> String {
        ls.iter().map(Line::text).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn two_columns_are_read_one_after_the_other() {
        // Both columns on the same baselines, an 30pt gutter, a title across the top.
        let mut g = glyphs("Title of the page", 50.0, 760.0, 5.0);
        g.extend(prose(50.0, 730.0, 6, 0));
        g.extend(prose(300.0, 730.0, 6, 100));
        let mut page = a4_page(g);
        let ls = lines(&mut page);
        let t = text_of(&ls);
        let pos = |w: &str| t.find(&format!("{w} ")).unwrap_or(usize::MAX);
        assert!(pos("Title") < pos("word0"));
        assert!(pos("word30") < pos("word100"), "left column first: {t}");
        assert_eq!(ls.len(), 13);
        assert!(ls[1..7].iter().all(|l| l.x0 < 100.0 && l.x1 < 300.0));
        assert_ne!(ls[1].region, ls[7].region);
    }

    #[test]
    fn a_table_of_short_cells_keeps_its_rows_across_the_gap() {
        let mut g = Vec::new();
        for (i, (a, b)) in [
            ("Level 1", "Acts on"),
            ("Level 2", "Plans ahead"),
            ("Level 3", "Leads"),
            ("Level 4", "Sets direction"),
        ]
        .iter()
        .enumerate()
        {
            let y = 700.0 - 14.0 * i as f32;
            g.extend(glyphs(a, 50.0, y, 5.0));
            g.extend(glyphs(b, 200.0, y, 5.0));
        }
        let mut page = PageContent {
            glyphs: g,
            ..Default::default()
        };
        let t: Vec<String> = lines(&mut page).iter().map(Line::text).collect();
        assert_eq!(t[0], "Level 1 Acts on");
        assert_eq!(t.len(), 4);
    }

    #[test]
    fn a_superscript_stays_in_its_line() {
        let mut g = glyphs("text", 0.0, 100.0, 5.0);
        g.push(Glyph {
            text: "3".into(),
            x: 20.0,
            y: 104.0,
            w: 3.0,
            size: 6.0,
            bold: false,
            dir: 0,
        });
        g.extend(glyphs("more", 26.0, 100.0, 5.0));
        let mut page = PageContent {
            glyphs: g,
            ..Default::default()
        };
        let t: Vec<String> = lines(&mut page).iter().map(Line::text).collect();
        assert_eq!(t, ["text3 more"]);
    }

    /// Glyphs of `s` advancing up the page (text turned a quarter anticlockwise).
    fn turned(s: &str, x: f32, y: f32) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string().into(),
                x,
                y: y + i as f32 * 5.0,
                w: 5.0,
                size: 10.0,
                bold: false,
                dir: 1,
            })
            .collect()
    }

    #[test]
    fn rotated_text_is_read_in_its_own_direction() {
        // A landscape page drawn turned: two lines, the first further left (its top).
        let mut g = turned("First line of text", 100.0, 50.0);
        g.extend(turned("second line", 114.0, 50.0));
        let mut page = a4_page(g);
        let t: Vec<String> = lines(&mut page).iter().map(Line::text).collect();
        assert_eq!(t, ["First line of text", "second line"]);
        assert_eq!(page.height, 595.0, "the page is turned with its text");
        // A margin stamp on an upright page: one line of its own, after the page's text.
        let mut g = glyphs("Body text", 100.0, 700.0, 5.0);
        g.extend(glyphs("More body", 100.0, 688.0, 5.0));
        g.extend(turned("arXiv:1234", 20.0, 300.0));
        let mut page = a4_page(g);
        let ls = lines(&mut page);
        let t: Vec<String> = ls.iter().map(Line::text).collect();
        assert_eq!(t, ["Body text", "More body", "arXiv:1234"]);
        assert!(ls[2].foreign && !ls[0].foreign);
    }

    #[test]
    fn drawn_dot_left_of_a_line_is_a_bullet() {
        let mut page = PageContent {
            glyphs: glyphs("Item", 20.0, 100.0, 5.0),
            ..Default::default()
        };
        let ls = lines(&mut page);
        let dot = Dot {
            x: 10.0,
            y: 103.0,
            size: 3.0,
        };
        assert_eq!(bullet(&ls[0], &[dot]), Some(("•".to_string(), 0)));
        assert_eq!(bullet(&ls[0], &[]), None);
    }
}
