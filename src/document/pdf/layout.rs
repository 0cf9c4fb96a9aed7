//! Layout: glyphs → words → lines → blocks.

use super::interp::{Dot, Glyph, PageContent};
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

/// Group a page's glyphs into lines (same baseline), top to bottom, words left to right.
pub fn lines(page: &mut PageContent) -> Vec<Line> {
    let mut ws = words(&page.glyphs);
    ws.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Line> = Vec::new();
    let mut group: Vec<Word> = Vec::new();
    for w in ws {
        if let Some(first) = group.first() {
            if (first.y - w.y).abs() > 0.35 * first.size.min(w.size).max(1.0) {
                out.push(Line::from_words(merge_touching(std::mem::take(&mut group))));
            }
        }
        group.push(w);
    }
    if !group.is_empty() {
        out.push(Line::from_words(merge_touching(group)));
    }
    for (i, l) in out.iter_mut().enumerate() {
        l.no = i as u32 + 1;
    }
    out
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

/// Join a wrapped line to the text before it: a word hyphenated at the line end keeps its
/// hyphen and loses the space ("decision-" + "making" → "decision-making").
pub fn join_line(acc: &mut String, next: &str) {
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
    if !(hyphenated && next.chars().next().is_some_and(char::is_lowercase)) {
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
    let mut out: Vec<Block> = Vec::new();
    let mut cur: Option<Building> = None;
    let mut table: Option<TableState> = None;
    let mut sizes: Vec<f32> = Vec::new();
    for (p, lines) in pages.iter().enumerate() {
        let page = p as u32 + 1;
        let empty = PageContent::default();
        let pc = content.get(p).unwrap_or(&empty);
        let mut grids = tables::detect(&pc.rules);
        let unruled = tables::detect_unruled(lines, &grids);
        grids.extend(unruled);
        let mut grid_done = vec![false; grids.len()];
        let right = lines.iter().map(|l| l.x1).fold(0.0, f32::max);
        let mut first_free = true;
        for line in lines {
            let in_grid = line.words.first().and_then(|w| {
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
                    emit_table(&grids[gi], lines, page, &mut out, &mut table);
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
                    let placed = if b.last_page == page {
                        let gap = b.last_y - line.y;
                        gap > 0.0 && gap <= 1.5 * s
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
                    let aligned = if b.kind == BlockKind::ListItem {
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
                    placed && same_size && aligned && !label
                }
                _ => false,
            };
            first_free = false;
            if joins {
                if let Some(b) = &mut cur {
                    join_line(&mut b.text, &text);
                    b.lines += 1;
                    b.last_y = line.y;
                    b.last_x0 = line.x0;
                    b.last_x1 = line.x1;
                    b.last_center = center;
                    b.full = line.x1 >= right - 2.0 * line.size;
                    b.last_page = page;
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
            join_line(&mut cells[r][c], &t);
            let bulleted = t
                .split_once(' ')
                .filter(|(b, rest)| BULLET_CHARS.contains(b) && !rest.trim().is_empty());
            match (bulleted, items[r][c].last_mut()) {
                (Some((_, rest)), _) => items[r][c].push(rest.trim().to_string()),
                (None, Some(item)) => join_line(item, &t),
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
                    join_line(m, c);
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
        let mut s = "improve decision-".to_string();
        join_line(&mut s, "making practices");
        assert_eq!(s, "improve decision-making practices");
        let mut s = "Level 2 -".to_string();
        join_line(&mut s, "Managers");
        assert_eq!(s, "Level 2 - Managers");
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
