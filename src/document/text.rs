//! Plain-text reader (also Markdown and simple HTML): decodes legacy encodings, then turns
//! lines into blocks. Layout cues a text file carries: blank lines between blocks, bullets and
//! numbers at line start, `#` headings, `**bold**`, tab-separated table rows, form feeds as
//! page breaks, and HTML tags left behind by copy-paste from web pages.

use super::{Block, BlockKind, Document, Format, clean_text, columns, empty_document};
use crate::error::{Error, ErrorKind, Result};
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

/// Decode bytes to text: BOM-marked UTF-8/UTF-16, else UTF-8, else UTF-16 without a BOM
/// (detected from NUL bytes), else Windows-1252. Returns the text and a note when the
/// encoding had to be guessed.
pub fn decode(bytes: &[u8]) -> (String, Option<String>) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let note = (enc != encoding_rs::UTF_8).then(|| format!("decoded as {}", enc.name()));
        return (text.into_owned(), note);
    }
    // Before UTF-8: ASCII text in UTF-16 is valid UTF-8 too, full of NULs.
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return (
            text.into_owned(),
            Some(format!("decoded as {} (no byte-order mark)", enc.name())),
        );
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), None);
    }
    if let Some((text, bad)) = utf8_with_stray_bytes(bytes) {
        return (
            text,
            Some(format!(
                "{bad} byte sequences that are not UTF-8 replaced with U+FFFD; the rest is UTF-8"
            )),
        );
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    (
        text.into_owned(),
        Some("not UTF-8: decoded as Windows-1252".into()),
    )
}

/// UTF-8 with a few stray bytes (one bad paste) stays UTF-8, the bad bytes replaced: read as
/// Windows-1252 instead, every curly quote of the file turned to mojibake (issue 19). It is
/// UTF-8 when its valid multi-byte characters outnumber its invalid sequences; Windows-1252
/// text has hardly any of the former.
fn utf8_with_stray_bytes(bytes: &[u8]) -> Option<(String, usize)> {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    (multibyte > invalid).then(|| (String::from_utf8_lossy(bytes).into_owned(), invalid))
}

fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 4 {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even_nul = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_nul * 3 > pairs * 2 && even_nul * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_nul * 3 > pairs * 2 && odd_nul * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

pub fn read(path: &Path, bytes: &[u8], format: Format) -> Result<Document> {
    let mut doc = empty_document(path, format, bytes);
    let (mut text, note) = decode(bytes);
    doc.warnings.extend(note);
    if text.trim().is_empty() {
        return Err(Error::new(path, ErrorKind::Empty));
    }
    if text.contains('\0') {
        return Err(Error::new(
            path,
            ErrorKind::Damaged("file is not text (binary data found)".into()),
        ));
    }
    if format == Format::Html {
        text = html_to_lines(&text);
    }
    doc.blocks = blocks_from_text(&text);
    if format == Format::Html {
        // The blank lines are ours, written between elements: they say nothing of spacing.
        for b in &mut doc.blocks {
            b.hints.blank_before = 0;
        }
    }
    doc.pages = Some(doc.blocks.last().map_or(1, |b| b.page));
    if doc.blocks.iter().all(|b| b.kind == BlockKind::PageBreak) {
        return Err(Error::new(path, ErrorKind::Empty));
    }
    Ok(doc)
}

static BULLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([-+*•●○◦▪■►➢➤▸‣⁃◆◇☐□★✓✔✗✘❌o\u{F0B7}\u{F0A7}\u{2013}\u{2212}])\s+(\S.*)$")
        .unwrap()
});
/// A bullet typed alone on its line, its text on the next ("-" then "I seek to understand…"),
/// as web pages flattened to text often leave list items.
static BULLET_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[-*•●○◦▪■►➢\u{2013}\u{2014}\u{F0B7}\u{F0A7}]\s*$").unwrap());
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)])\s+(\S.*)$").unwrap());
/// "1.2 Listens to colleagues": a number with its parent's number in front.
static DOTTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(\S.*)$").unwrap());
static MD_HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.*)$").unwrap());

/// One physical line with its 1-based number and page.
struct Line<'a> {
    text: &'a str,
    no: u32,
    page: u32,
}

fn blocks_from_text(text: &str) -> Vec<Block> {
    let mut lines = Vec::new();
    let mut page = 1u32;
    let mut breaks = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let no = i as u32 + 1;
        // Form feeds separate pages (pdftotext and many exports write them).
        let mut parts = raw.split('\u{000C}');
        let first = parts.next().unwrap_or("");
        lines.push(Line {
            text: first,
            no,
            page,
        });
        for rest in parts {
            page += 1;
            breaks.push(lines.len());
            lines.push(Line {
                text: rest,
                no,
                page,
            });
        }
    }
    drop_page_furniture(&mut lines);
    let mut blocks = Vec::new();
    let mut para: Vec<&Line> = Vec::new();
    let mut pending_bullet = false;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if breaks.contains(&i) {
            flush_paragraph(&mut para, &mut blocks, &mut pending_bullet);
            blocks.push(Block::new(BlockKind::PageBreak, "", line.page, line.no));
        }
        let t = line.text;
        if is_blank(t) {
            flush_paragraph(&mut para, &mut blocks, &mut pending_bullet);
        } else if let Some((n, starts)) = aligned_table(&lines, i, &breaks) {
            flush_paragraph(&mut para, &mut blocks, &mut pending_bullet);
            blocks.extend(aligned_rows(&lines[i..i + n], &starts));
            i += n;
            continue;
        } else if let Some((n, rows)) = pipe_table(&lines, i, &breaks) {
            flush_paragraph(&mut para, &mut blocks, &mut pending_bullet);
            for row in rows {
                blocks.push(table_row(&row.cells.join("\t"), &lines[i + row.first_line]));
            }
            i += n;
            continue;
        } else if let Some(cells) = pipe_cells(t) {
            // A lone Markdown table row; its |---|---| rule carries nothing.
            flush_paragraph(&mut para, &mut blocks, &mut pending_bullet);
            if !cells.iter().all(|c| super::pipes::is_rule_cell(c)) {
                blocks.push(table_row(&cells.join("\t"), line));
            }
        } else if t.contains('\t') && t.split('\t').filter(|c| !is_blank(c)).count() >= 1 {
            flush_paragraph(&mut para, &mut blocks, &mut pending_bullet);
            let mut b = table_row(t, line);
            // One cell filled in a row as wide as the one above ("Speaks politely\t" under
            // two columns) is that table's row; only a bold one is a banner across it.
            let width = t.split('\t').count();
            let same_table = blocks
                .last()
                .is_some_and(|p| p.kind == BlockKind::TableRow && p.cells.len() == width);
            if b.kind == BlockKind::Paragraph && !b.hints.bold && same_table {
                let cells = t.split('\t').map(|c| strip_inline(c).0).collect();
                b = Block::row(cells, line.page, line.no);
            }
            blocks.push(b);
        } else if BULLET_ONLY.is_match(t) {
            flush_paragraph(&mut para, &mut blocks, &mut pending_bullet);
            pending_bullet = true;
        } else if let Some(c) = MD_HEADING.captures(t) {
            flush_paragraph(&mut para, &mut blocks, &mut pending_bullet);
            let (text, bold) = strip_inline(&c[2]);
            if !text.is_empty() {
                let mut b = Block::new(BlockKind::Heading, text, line.page, line.no);
                b.hints.heading_level = Some(c[1].len() as u8);
                b.hints.bold = bold;
                blocks.push(b);
            }
        } else if let Some(c) = BULLET.captures(t) {
            flush_paragraph(&mut para, &mut blocks, &mut pending_bullet);
            let indent = (t.len() - t.trim_start().len()) as u8 / 2;
            let mut body = c[2].to_string();
            join_continuations(&lines, &mut i, &breaks, &mut body);
            let (text, bold) = strip_inline(&body);
            let mut b = Block::new(BlockKind::ListItem, text, line.page, line.no);
            b.hints.marker = Some(normal_marker(&c[1]));
            b.hints.indent = indent;
            b.hints.bold = bold;
            blocks.push(b);
        } else if let Some(c) = DOTTED
            .captures(t)
            .filter(|_| dotted_run(&lines, i, &breaks))
        {
            // "1.1 …", "1.2 …" on consecutive lines under "1. Communication": the items of
            // a numbered list (a lone "1.1 Values" between blank lines stays a heading).
            flush_paragraph(&mut para, &mut blocks, &mut pending_bullet);
            let mut body = c[2].to_string();
            join_continuations(&lines, &mut i, &breaks, &mut body);
            let (text, bold) = strip_inline(&body);
            let mut b = Block::new(BlockKind::ListItem, text, line.page, line.no);
            b.hints.marker = Some(c[1].to_string());
            b.hints.bold = bold;
            blocks.push(b);
        } else if let Some(c) = NUMBERED.captures(t) {
            // "1. Seeing the big picture" standing alone is a numbered heading; numbered lines
            // that run together, or read as sentences, are a numbered list.
            let in_run = (i + 1 < lines.len() && NUMBERED.is_match(lines[i + 1].text))
                || (i > 0 && NUMBERED.is_match(lines[i - 1].text));
            let sentence = c[2].trim_end().ends_with(['.', ';']) || c[2].len() > 120;
            // A run typed straight under a heading line ("Level 1" / "a) Organises …").
            if in_run && para.len() == 1 && title_like(para[0].text) {
                flush_paragraph(&mut para, &mut blocks, &mut pending_bullet);
            }
            if para.is_empty() && (in_run || sentence) {
                let (text, bold) = strip_inline(&c[2]);
                let mut b = Block::new(BlockKind::ListItem, text, line.page, line.no);
                b.hints.marker = Some(c[1].to_string());
                b.hints.bold = bold;
                blocks.push(b);
            } else {
                para.push(line);
            }
        } else {
            para.push(line);
        }
        i += 1;
    }
    flush_paragraph(&mut para, &mut blocks, &mut pending_bullet);
    count_blank_lines_before(&mut blocks, &lines);
    blocks
}

/// Sets each block's `blank_before`: the blank lines right above its first line.
fn count_blank_lines_before(blocks: &mut [Block], lines: &[Line]) {
    let mut blank = vec![false; lines.last().map_or(0, |l| l.no as usize + 1)];
    for l in lines {
        blank[l.no as usize] = is_blank(l.text);
    }
    for b in blocks.iter_mut() {
        let above = (1..b.line as usize).rev().take_while(|&k| blank[k]).count();
        b.hints.blank_before = above as u32;
    }
}

/// A pipe table starting at line `i`, not crossing a page: lines taken and its rows.
fn pipe_table(
    lines: &[Line],
    i: usize,
    breaks: &[usize],
) -> Option<(usize, Vec<super::pipes::PipeRow>)> {
    if !super::pipes::is_pipe_line(lines[i].text) {
        return None;
    }
    let on_page = lines[i..]
        .iter()
        .enumerate()
        .take_while(|(k, _)| *k == 0 || !breaks.contains(&(i + k)))
        .map(|(_, l)| l.text);
    super::pipes::table(on_page)
}

/// A table whose columns are aligned with spaces, starting at line `i` and not crossing a
/// page: how many lines it takes and where its columns start.
fn aligned_table(lines: &[Line], i: usize, breaks: &[usize]) -> Option<(usize, Vec<usize>)> {
    // Most lines are no table's first row: say so before looking further down.
    if !columns::could_start(lines[i].text) {
        return None;
    }
    let end = (i + 1..lines.len())
        .find(|&k| breaks.contains(&k) || is_blank(lines[k].text))
        .unwrap_or(lines.len());
    let texts: Vec<&str> = lines[i..end].iter().map(|l| l.text).collect();
    columns::table_at(&texts)
}

/// The rows of a space-aligned table. A line that only carries on the text of the line above
/// (its first cell empty, every other one starting in lower case) is that row's wrapped
/// cells; a row with one cell filled is still a row, not a banner across the table.
fn aligned_rows(lines: &[Line], starts: &[usize]) -> Vec<Block> {
    let mut rows: Vec<(Vec<String>, &Line)> = Vec::new();
    for line in lines {
        let cells = columns::cells(line.text, starts);
        let wrapped = cells[0].is_empty()
            && cells
                .iter()
                .filter(|c| !c.is_empty())
                .all(|c| c.starts_with(char::is_lowercase));
        match rows.last_mut() {
            Some((prev, _)) if wrapped => {
                for (p, c) in prev.iter_mut().zip(&cells) {
                    if !c.is_empty() {
                        if !p.is_empty() {
                            p.push(' ');
                        }
                        p.push_str(c);
                    }
                }
            }
            _ => rows.push((cells, line)),
        }
    }
    rows.into_iter()
        .map(|(cells, line)| {
            let mut b = table_row(&cells.join("\t"), line);
            if b.kind != BlockKind::TableRow {
                let bold = b.hints.bold;
                b = Block::row(cells, line.page, line.no);
                b.hints.bold = bold;
            }
            b
        })
        .collect()
}

/// Line `i` is one of at least two consecutive sub-numbered lines sharing a parent number
/// ("2.1", "2.2"), wrapped lines between, none of them a contents entry (dot leaders).
fn dotted_run(lines: &[Line], i: usize, breaks: &[usize]) -> bool {
    let parent = |k: usize| -> Option<String> {
        let c = DOTTED.captures(lines.get(k)?.text)?;
        let code = c.get(1)?.as_str();
        let toc = c[2].contains("...") || c[2].contains("…");
        (!toc).then(|| code.rsplit_once('.').map_or(code, |(p, _)| p).to_string())
    };
    let Some(me) = parent(i) else { return false };
    // Past the wrapped lines of this item, and back to the start of the previous one.
    let after = (i + 1..lines.len())
        .find(|&k| breaks.contains(&k) || !is_continuation(lines[k].text))
        .unwrap_or(lines.len());
    let next = !breaks.contains(&after) && parent(after).as_ref() == Some(&me);
    let before = (0..i)
        .rev()
        .find(|&k| breaks.contains(&(k + 1)) || !is_continuation(lines[k].text));
    let prev =
        before.is_some_and(|k| !breaks.contains(&(k + 1)) && parent(k).as_ref() == Some(&me));
    next || prev
}

/// Running headers and footers of a text with form feeds (as pdftotext writes it): the first
/// and last non-blank line of each page, dropped when it is a page number or when, digits
/// masked, it is an edge line on at least half the pages and nowhere else. Dropped lines become blank, so
/// line numbers stay those of the file.
fn drop_page_furniture(lines: &mut [Line]) {
    let pages = lines.last().map_or(0, |l| l.page) as usize;
    if pages < 3 {
        return;
    }
    let mut edges: Vec<usize> = Vec::new();
    for p in 1..=pages as u32 {
        let on_page: Vec<usize> = (0..lines.len())
            .filter(|&k| lines[k].page == p && !is_blank(lines[k].text))
            .collect();
        edges.extend(on_page.first());
        edges.extend(
            on_page
                .last()
                .filter(|&&k| on_page.len() > 1 && k != on_page[0]),
        );
    }
    let key = |t: &str| -> String {
        t.trim()
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut count: std::collections::HashMap<String, usize> = Default::default();
    for &k in &edges {
        *count.entry(key(lines[k].text)).or_default() += 1;
    }
    // A heading that happens to start two pages ("Meets Expectations") recurs in the body
    // too; a running header does not, except as the title on the first page.
    for (k, l) in lines.iter().enumerate() {
        if !edges.contains(&k) && l.page > 1 {
            if let Some(n) = count.get_mut(&key(l.text)) {
                *n = 0;
            }
        }
    }
    let need = (pages / 2).max(2);
    for k in edges {
        if super::is_page_number(lines[k].text) || count[&key(lines[k].text)] >= need {
            lines[k].text = "";
        }
    }
}

fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace())
}

/// Appends to a list item's `body` the wrapped lines that continue it (indented or starting
/// lower-case), up to the next break; `i` ends on the last line taken.
fn join_continuations(lines: &[Line], i: &mut usize, breaks: &[usize], body: &mut String) {
    while *i + 1 < lines.len() && !breaks.contains(&(*i + 1)) && is_continuation(lines[*i + 1].text)
    {
        *i += 1;
        body.push(' ');
        body.push_str(lines[*i].text.trim());
    }
}

fn is_continuation(next: &str) -> bool {
    if is_blank(next) || next.contains('\t') || BULLET.is_match(next) || BULLET_ONLY.is_match(next)
    {
        return false;
    }
    next.starts_with([' ', '\u{00A0}']) || next.chars().next().is_some_and(|c| c.is_lowercase())
}

fn normal_marker(m: &str) -> String {
    match m {
        "\u{F0B7}" | "\u{F0A7}" | "●" => "•".into(),
        other => other.into(),
    }
}

/// A paragraph of several short lines that each start with a capital and end without
/// punctuation is an unbulleted list (one entry a line); otherwise lines are wrapped prose.
fn flush_paragraph(para: &mut Vec<&Line>, blocks: &mut Vec<Block>, pending_bullet: &mut bool) {
    if para.is_empty() {
        return;
    }
    // A sentence, then a short title-like last line ("…for the long term." / "Effective
    // behaviours"): prose does not end without a full stop, so that line heads what follows.
    let n = para.len();
    if n >= 2
        && para[n - 2].text.trim_end().ends_with(['.', '!', '?'])
        && title_like(para[n - 1].text)
    {
        let last = para.pop().expect("two lines");
        flush_paragraph(para, blocks, pending_bullet);
        para.push(last);
    }
    let short_list = para.len() >= 3
        && para.iter().all(|l| {
            let t = l.text.trim();
            t.chars().count() <= 60
                && t.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                && !t.ends_with([',', ';', '.', ':'])
        });
    // Keyed lines that are each a whole sentence ("Bronze: Shares information.") are a
    // list's entries, below.
    let keyed = para.iter().filter(|l| keyed_line(l.text)).count();
    let keyed = if para[1..].iter().all(|l| whole_sentence(l.text)) {
        0
    } else {
        keyed
    };
    let mut entries = false;
    let groups: Vec<Vec<&Line>> = if short_list {
        para.iter().map(|l| vec![*l]).collect()
    } else if keyed >= 2 && (keyed_line(para[0].text) || title_like(para[0].text)) {
        // "Competency: Teamwork" / "Definition: Working with …" / "Level 1: …": a record of
        // fields, each keyed line a block, a line without a key the wrapped end of the last.
        let mut out: Vec<Vec<&Line>> = Vec::new();
        for l in para.iter() {
            match out.last_mut() {
                Some(g) if !keyed_line(l.text) => g.push(l),
                _ => out.push(vec![l]),
            }
        }
        out
    } else if lines_are_entries(para) {
        entries = true;
        para.iter().map(|l| vec![*l]).collect()
    } else if para.len() == 2 && capitals_then_not(para[0].text, para[1].text) {
        vec![vec![para[0]], vec![para[1]]]
    } else if para.len() >= 2 && is_title_line(para[0].text, &para[1..]) {
        vec![vec![para[0]], para[1..].to_vec()]
    } else {
        vec![para.clone()]
    };
    // Lines that are each one whole sentence were typed one entry a line: a list whose
    // bullets were never typed (or lost in conversion), not prose wrapped at full stops.
    let groups: Vec<(Vec<&Line>, bool)> = groups
        .into_iter()
        .flat_map(|g| {
            if g.len() >= 2 && g.iter().all(|l| whole_sentence(l.text)) {
                // A short question among them asks what the lines after it answer ("What
                // does it look like?"): it heads them, as it would with a blank line below.
                g.into_iter()
                    .map(|l| {
                        (
                            vec![l],
                            !(title_like(l.text) && l.text.trim_end().ends_with('?')),
                        )
                    })
                    .collect()
            } else if entries {
                // One entry a line: the title-shaped lines head the sentences below them.
                // A keyed field left empty ("Date:") or a lead-in is not an entry.
                let sentence = !title_like(g[0].text) && !g[0].text.trim_end().ends_with(':');
                vec![(g, sentence)]
            } else {
                vec![(g, false)]
            }
        })
        .collect();
    for (g, sentence_item) in groups {
        let joined = g
            .iter()
            .map(|l| l.text.trim())
            .collect::<Vec<_>>()
            .join(" ");
        let (text, bold) = strip_inline(&joined);
        if text.is_empty() {
            continue;
        }
        let kind = if *pending_bullet || sentence_item {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        };
        let mut b = Block::new(kind, text, g[0].page, g[0].no);
        b.hints.bold = bold;
        if *pending_bullet {
            b.hints.marker = Some("•".into());
            *pending_bullet = false;
        }
        blocks.push(b);
    }
    para.clear();
}

/// Fewest lines a paragraph must have before its line breaks are read as evidence of one entry
/// a line: two lines that do not wrap may still be one sentence broken by hand.
const MIN_ENTRY_LINES: usize = 3;

/// Lines that never break mid-sentence (no line carries on into the next) were typed one entry
/// a line: web pages flattened to text lose their bullets and blank lines but keep the breaks.
fn lines_are_entries(para: &[&Line]) -> bool {
    para.len() >= MIN_ENTRY_LINES && para.windows(2).all(|w| !wraps_into(w[0].text, w[1].text))
}

/// The break between two lines falls inside a sentence: the next line starts in lower case or
/// is indented, or the line ends on a word that cannot end one ("… the", "… and").
fn wraps_into(line: &str, next: &str) -> bool {
    let last = last_word(line);
    next.starts_with([' ', '\u{00A0}'])
        || next.chars().next().is_some_and(|c| c.is_lowercase())
        || CARRY_ON.contains(&last.as_str())
}

static KEYED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}[\p{L}\d]*(?: [\p{L}\d]+){0,3}:\s+\S").unwrap());

/// A line that opens with a short key and a colon ("Definition: …", "Level 2: …").
fn keyed_line(line: &str) -> bool {
    KEYED.is_match(line)
}

/// One sentence on one line: a capital (or a number) first, a full stop, question or
/// exclamation mark last, none before, and not indented as a wrapped line would be.
fn whole_sentence(line: &str) -> bool {
    let t = line.trim();
    let Some(body) = t.strip_suffix(['.', '!', '?']) else {
        return false;
    };
    t.split_whitespace().count() >= 2
        && t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        && !body.contains(". ")
        && !body.contains("? ")
        && !body.contains("! ")
        && !line.starts_with([' ', '\u{00A0}'])
}

/// Two short lines, the first in capitals and the second not ("LEADING TEAMS" over
/// "Foundation"): a heading over a sub-heading, not one title wrapped.
fn capitals_then_not(first: &str, second: &str) -> bool {
    let caps = super::is_capitals;
    let short = |s: &str| s.split_whitespace().count() <= 6;
    short(first) && short(second) && caps(first) && !caps(second)
}

/// A heading typed on the line above its text, with no blank line between ("1. Communication"
/// then "Sharing information clearly…"): a short line that starts with a capital or a number,
/// ends without punctuation or a word that carries on (a wrapped sentence breaks after "the",
/// "of", "and"…), above prose: lines that start a sentence and end one (or run long). A name
/// wrapped over two lines ("Mansfield" / "District Council") is not prose below a title.
/// A short line that could be a heading: starts with a capital or a number, ends without
/// punctuation or a word that carries on, not indented.
fn title_like(line: &str) -> bool {
    let t = line.trim();
    let last = last_word(t);
    t.chars().count() <= 60
        && t.split_whitespace().count() <= 8
        && t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        // A question can head its answer ("What does it mean?"); other punctuation ends a
        // sentence or a clause.
        && !t.ends_with(|c: char| c.is_ascii_punctuation() && !matches!(c, ')' | '?'))
        && !CARRY_ON.contains(&last.as_str())
        && !line.starts_with([' ', '\u{00A0}'])
}

/// A line's last word, lower-cased.
fn last_word(line: &str) -> String {
    line.trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase()
}

const CARRY_ON: [&str; 24] = [
    "a", "an", "the", "of", "and", "or", "to", "for", "in", "on", "with", "by", "at", "as", "our",
    "their", "its", "your", "from", "into", "that", "which", "is", "are",
];

fn is_title_line(first: &str, rest: &[&Line]) -> bool {
    let next = rest[0].text;
    let body: Vec<&str> = rest.iter().map(|l| l.text.trim()).collect();
    let body = body.join(" ");
    let words = body.split_whitespace().count();
    // A lead-in as short as "Behaviours include:" still introduces what follows.
    // A sentence as short as "Putting residents first." still glosses the line above.
    let prose = (words >= 4 && (body.ends_with(['.', '!', '?', ':']) || body.chars().count() > 80))
        || (words >= 3 && body.ends_with(['.', '!', '?']))
        || (words >= 2 && rest.len() == 1 && body.ends_with(':'));
    title_like(first)
        && next.trim().chars().next().is_some_and(|c| c.is_uppercase())
        && prose
        && !next.starts_with([' ', '\u{00A0}'])
}

/// The cells of a Markdown pipe-table row ("| a | b |"); None for any other line.
fn pipe_cells(t: &str) -> Option<Vec<&str>> {
    let inner = t.trim().strip_prefix('|')?.strip_suffix('|')?;
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    (cells.len() >= 2).then_some(cells)
}

static CELL_BREAK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>").unwrap());
static CELL_BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)[•●▪■◦✓✔✗✘]\s+").unwrap());

/// A cell's list items: lines broken with `<br>` in a Markdown or HTML cell, or bullets typed
/// one after another ("• Admits mistakes • Gives accurate information"). Empty for a cell that
/// is not a list of two or more.
fn cell_list(raw: &str) -> Vec<String> {
    let by_break: Vec<&str> = CELL_BREAK.split(raw).collect();
    let parts: Vec<String> = if by_break.len() >= 2 {
        by_break
            .iter()
            .map(|p| CELL_BULLET.replace(p.trim(), "").into_owned())
            .collect()
    } else if CELL_BULLET.is_match(raw.trim_start())
        && raw.trim_start().starts_with(|c: char| !c.is_alphanumeric())
    {
        CELL_BULLET.split(raw).map(String::from).collect()
    } else {
        Vec::new()
    };
    let items: Vec<String> = parts
        .iter()
        .map(|p| strip_inline(p).0)
        .filter(|p| !p.is_empty())
        .collect();
    if items.len() >= 2 { items } else { Vec::new() }
}

fn table_row(t: &str, line: &Line) -> Block {
    let mut cells = Vec::new();
    let mut items = Vec::new();
    let mut bold = Vec::new();
    for raw in t.split('\t') {
        let list = cell_list(raw);
        // A lone bulleted entry ("• Helps colleagues") is that entry.
        let (text, b) = strip_inline(&CELL_BULLET.replace(raw.trim(), " "));
        bold.push(b || text.is_empty());
        cells.push(if list.is_empty() {
            text
        } else {
            list.join(" ")
        });
        items.push(list);
    }
    let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    if filled.len() == 1 {
        let mut b = Block::new(BlockKind::Paragraph, filled[0].clone(), line.page, line.no);
        b.hints.bold = bold.iter().all(|&x| x);
        return b;
    }
    let mut b = Block::row(cells, line.page, line.no);
    b.hints.bold = bold.iter().all(|&x| x);
    if items.iter().any(|i| !i.is_empty()) {
        b.hints.cell_items = items;
    }
    b
}

static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[/!]?[A-Za-z][^<>]*>").unwrap());
static BOLD_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)^\s*<(b|strong)>(.*)</(b|strong)>\s*$").unwrap());
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});").unwrap());

/// Remove inline markup (HTML tags and entities, Markdown emphasis); report whether the
/// whole text was bold.
pub fn strip_inline(s: &str) -> (String, bool) {
    let s = s.trim();
    let mut bold = BOLD_TAG
        .captures(s)
        .is_some_and(|c| !c[2].contains("</b>") && !c[2].contains("</strong>"));
    let mut text = TAG.replace_all(s, "").into_owned();
    text = decode_entities(&text);
    let t = text.trim();
    if t.len() > 4 && t.starts_with("**") && t.ends_with("**") && !t[2..t.len() - 2].contains("**")
    {
        bold = true;
    }
    let text = text.replace("**", "").replace("__", "");
    (clean_text(&text), bold)
}

pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    ENTITY
        .replace_all(s, |c: &regex::Captures| {
            let e = &c[1];
            let ch = if let Some(hex) = e.strip_prefix("#x").or_else(|| e.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = e.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                match e {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{00A0}'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "rsquo" => Some('’'),
                    "lsquo" => Some('‘'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "bull" => Some('•'),
                    "hellip" => Some('…'),
                    _ => None,
                }
            };
            ch.map_or_else(|| c[0].to_string(), |ch| ch.to_string())
        })
        .into_owned()
}

static HTML_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)(<script\b.*?</script>|<style\b.*?</style>|<head\b.*?</head>)|<(/?)(h[1-6]|p|div|li|tr|td|th|br|ul|ol|dl|dt|dd|table|section|article)\b[^>]*>").unwrap()
});

/// Turn an HTML page into the line conventions of the text reader. The head (the browser tab's
/// title, styles) is not the document's text.
fn html_to_lines(html: &str) -> String {
    // Inside a table cell, list items, paragraphs and breaks separate the cell's entries
    // (`<br>`, read back by `cell_list`) rather than ending the row.
    let mut in_cell = false;
    HTML_BLOCK
        .replace_all(html, |c: &regex::Captures| {
            if c.get(1).is_some() {
                return String::new();
            }
            let closing = &c[2] == "/";
            let tag = c[3].to_ascii_lowercase();
            match (tag.as_str(), closing) {
                ("td" | "th", closing) => in_cell = !closing,
                ("tr" | "table", _) => in_cell = false,
                _ => {}
            }
            if in_cell && !matches!(tag.as_str(), "td" | "th" | "tr" | "table") {
                return if matches!(tag.as_str(), "li" | "br" | "p" | "div") && !closing
                    || tag == "br"
                {
                    "<br>".into()
                } else {
                    " ".into()
                };
            }
            match (tag.as_str(), closing) {
                (h, false) if h.starts_with('h') && h.len() == 2 => {
                    format!("\n\n{} ", "#".repeat(h[1..].parse().unwrap_or(1)))
                }
                // A definition list's terms head their definitions, one entry each.
                ("li" | "dd", false) => "\n- ".into(),
                ("td" | "th", false) => "\t".into(),
                ("td" | "th", true) => String::new(),
                ("tr", _) => "\n".into(),
                ("br", _) => "\n".into(),
                _ => "\n\n".into(),
            }
        })
        .lines()
        .map(|l| l.trim_start_matches('\t').to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        blocks_from_text(text)
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn lines_that_never_wrap_are_entries_and_wrapped_prose_is_one_paragraph() {
        let b = kinds("BEHAVIOURS WE SHOW\nWe listen first.\nWe keep promises. We say sorry.");
        assert_eq!(
            b,
            [
                (BlockKind::Paragraph, "BEHAVIOURS WE SHOW".to_string()),
                (BlockKind::ListItem, "We listen first.".to_string()),
                (
                    BlockKind::ListItem,
                    "We keep promises. We say sorry.".to_string()
                ),
            ]
        );
        let prose = kinds(
            "The framework was agreed\nwith staff in the spring and\nreviewed in the autumn.",
        );
        assert_eq!(prose.len(), 1);
    }

    #[test]
    fn a_bullet_alone_on_its_line_marks_the_next_and_blank_lines_are_counted() {
        let b = blocks_from_text("Intro\n\n\n-\nPlans ahead.\n-\nAsks for help.");
        assert_eq!(b[1].kind, BlockKind::ListItem);
        assert_eq!(b[1].text, "Plans ahead.");
        assert_eq!(b[2].text, "Asks for help.");
        assert_eq!((b[0].hints.blank_before, b[1].hints.blank_before), (0, 0));
        let gap = blocks_from_text("A\n\n\nB");
        assert_eq!(gap[1].hints.blank_before, 2);
    }

    #[test]
    fn decodes_boms_utf16_and_windows_1252() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Team – ‘one’".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).0, "Team – ‘one’");
        let mut be = vec![0xFE, 0xFF];
        be.extend("Team".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).0, "Team");
        let no_bom: Vec<u8> = "Level one"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&no_bom).0, "Level one");
        let (t, note) = decode(b"team\x92s \x96 \x93x\x94 caf\xe9");
        assert_eq!(t, "team’s – “x” café");
        assert!(note.unwrap().contains("1252"));
        assert_eq!(decode(b"\xEF\xBB\xBFplain").0, "plain");
    }

    #[test]
    fn crlf_and_bullets_of_every_kind() {
        let got = kinds("Heading\r\n\r\n- dash\r\n• dot\r\n* star\r\no oh\r\n\u{F0B7} private\r\n");
        let items: Vec<_> = got
            .iter()
            .filter(|(k, _)| *k == BlockKind::ListItem)
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(items, ["dash", "dot", "star", "oh", "private"]);
        assert_eq!(got[0], (BlockKind::Paragraph, "Heading".into()));
    }

    #[test]
    fn bullet_on_its_own_line_marks_the_next_paragraph() {
        let got = kinds("\u{F0B7}\n\nWe work with colleagues.\n");
        assert_eq!(
            got,
            [(BlockKind::ListItem, "We work with colleagues.".into())]
        );
    }

    #[test]
    fn numbered_heading_alone_but_numbered_list_in_a_run() {
        let got =
            kinds("1. Seeing the big picture\n\nText.\n\n1. Does one thing.\n2. Does another\n");
        assert_eq!(
            got[0],
            (BlockKind::Paragraph, "1. Seeing the big picture".into())
        );
        assert_eq!(got[2], (BlockKind::ListItem, "Does one thing.".into()));
        assert_eq!(got[3], (BlockKind::ListItem, "Does another".into()));
    }

    #[test]
    fn a_title_line_above_its_prose_is_its_own_block_but_a_wrapped_name_is_not() {
        let got = kinds(
            "1. Communication\nSharing information clearly and listening to others.\n\nMansfield\nDistrict Council\n\nWe work with the\nCouncil and its partners.\n",
        );
        assert_eq!(
            got,
            [
                (BlockKind::Paragraph, "1. Communication".into()),
                (
                    BlockKind::Paragraph,
                    "Sharing information clearly and listening to others.".into()
                ),
                (BlockKind::Paragraph, "Mansfield District Council".into()),
                (
                    BlockKind::Paragraph,
                    "We work with the Council and its partners.".into()
                ),
            ]
        );
    }

    #[test]
    fn a_heading_in_capitals_over_a_short_line_is_two_blocks() {
        let got = kinds("LEADING TEAMS\nFoundation\n\nLEAD AND MANAGE\nTHE ORGANISATION\n");
        assert_eq!(
            got,
            [
                (BlockKind::Paragraph, "LEADING TEAMS".into()),
                (BlockKind::Paragraph, "Foundation".into()),
                (
                    BlockKind::Paragraph,
                    "LEAD AND MANAGE THE ORGANISATION".into()
                ),
            ]
        );
    }

    #[test]
    fn a_question_heads_its_answer_and_sentence_lines_are_items() {
        let got = kinds(
            "What does it mean?\nWe work well with others.\n\nWhat does it look like?\nShares information promptly.\nOffers help to others.\nWhat does it not look like?\nKeeps information back.\n\nWe listen to residents and\nact on what they tell us.\n",
        );
        assert_eq!(
            got,
            [
                (BlockKind::Paragraph, "What does it mean?".into()),
                (BlockKind::Paragraph, "We work well with others.".into()),
                (BlockKind::Paragraph, "What does it look like?".into()),
                (BlockKind::ListItem, "Shares information promptly.".into()),
                (BlockKind::ListItem, "Offers help to others.".into()),
                (BlockKind::Paragraph, "What does it not look like?".into()),
                (BlockKind::ListItem, "Keeps information back.".into()),
                (
                    BlockKind::Paragraph,
                    "We listen to residents and act on what they tell us.".into()
                ),
            ]
        );
    }

    #[test]
    fn keyed_lines_are_fields_of_a_record() {
        let got = kinds(
            "Competency: Teamwork\nDefinition: Working with others\nto deliver.\nLevel 1: Helps others\n",
        );
        assert_eq!(
            got,
            [
                (BlockKind::Paragraph, "Competency: Teamwork".into()),
                (
                    BlockKind::Paragraph,
                    "Definition: Working with others to deliver.".into()
                ),
                (BlockKind::Paragraph, "Level 1: Helps others".into()),
            ]
        );
    }

    #[test]
    fn markdown_pipe_tables_are_rows() {
        let b = blocks_from_text(
            "| Competency | Level 1 |\n|---|:---:|\n| Teamwork | Helps **others** |\n",
        );
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].cells, ["Competency", "Level 1"]);
        assert_eq!(b[1].cells, ["Teamwork", "Helps others"]);
        assert_eq!(b[1].kind, BlockKind::TableRow);
    }

    #[test]
    fn wrapped_item_lines_join() {
        let got = kinds(
            "- Is well aware of groups, and uses this\n understanding to get\n things done.\n",
        );
        assert_eq!(
            got,
            [(
                BlockKind::ListItem,
                "Is well aware of groups, and uses this understanding to get things done.".into()
            )]
        );
    }

    #[test]
    fn short_capitalised_lines_are_an_unbulleted_list_but_two_lines_wrap() {
        let got = kinds(
            "Seeing the big picture\nChanging and improving\nMaking effective decisions\n\nLead and Manage\nthe Organisation\n",
        );
        assert_eq!(got.len(), 4);
        assert_eq!(got[3].1, "Lead and Manage the Organisation");
    }

    #[test]
    fn markdown_headings_and_bold() {
        let b = blocks_from_text(
            "# **Title here**\n\n**Lead and Manage\nthe Organisation**\n\n**Evidenced By:** things\n",
        );
        assert_eq!(b[0].kind, BlockKind::Heading);
        assert_eq!(b[0].hints.heading_level, Some(1));
        assert_eq!(b[0].text, "Title here");
        assert!(b[1].hints.bold);
        assert_eq!(b[1].text, "Lead and Manage the Organisation");
        assert!(!b[2].hints.bold);
        assert_eq!(b[2].text, "Evidenced By: things");
    }

    #[test]
    fn html_cells_become_table_rows_and_banners_paragraphs() {
        let b = blocks_from_text(
            "<b>2. Inclusive</b>\t\t\t\t\n<b>Description</b>\t<b>Level 1</b>\t<b>Level 2</b>\n\t<b>Ineffective Behaviours</b>\tDoes not embody the <a href=\"#\">Seven Principles</a> ; Fails &amp; falls\t\n",
        );
        assert_eq!(b[0].kind, BlockKind::Paragraph);
        assert!(b[0].hints.bold);
        assert_eq!(b[0].text, "2. Inclusive");
        assert_eq!(b[1].kind, BlockKind::TableRow);
        assert_eq!(b[1].cells, ["Description", "Level 1", "Level 2"]);
        assert_eq!(
            b[2].cells,
            [
                "",
                "Ineffective Behaviours",
                "Does not embody the Seven Principles ; Fails & falls",
                ""
            ]
        );
    }

    #[test]
    fn form_feed_starts_a_new_page() {
        let b = blocks_from_text("one\n\u{000C}two\n");
        assert_eq!(
            b.iter().map(|b| (b.kind, b.page)).collect::<Vec<_>>(),
            [
                (BlockKind::Paragraph, 1),
                (BlockKind::PageBreak, 2),
                (BlockKind::Paragraph, 2)
            ]
        );
    }

    #[test]
    fn html_document_structure() {
        let t = html_to_lines(
            "<h2>Team work</h2><p>About it.</p><ul><li>Shares</li><li>Listens</li></ul><table><tr><td>A</td><td>B</td></tr></table>",
        );
        let b = blocks_from_text(&t);
        let k: Vec<_> = b.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            k,
            [
                (BlockKind::Heading, "Team work"),
                (BlockKind::Paragraph, "About it."),
                (BlockKind::ListItem, "Shares"),
                (BlockKind::ListItem, "Listens"),
                (BlockKind::TableRow, "A | B")
            ]
        );
    }
}
