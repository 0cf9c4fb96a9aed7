//! OpenDocument text (.odt): a zip whose `content.xml` holds headings (`text:h` with an
//! outline level), paragraphs, lists and tables. Read with the same caution as DOCX: the part
//! is inflated with a cap and its CRC checked before a byte is parsed, and parsing streams.

use super::{Block, BlockKind, Document, Format, clean_text, empty_document};
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

const CONTENT: &str = "content.xml";

fn damaged(why: impl std::fmt::Display) -> ErrorKind {
    ErrorKind::Damaged(format!("ODT is damaged: {why}"))
}

pub fn read(path: &std::path::Path, bytes: &[u8], limits: &Limits) -> Result<Document> {
    let fail = |kind| Error::new(path, kind);
    let content = content_xml(bytes, limits).map_err(fail)?;
    let mut doc = empty_document(path, Format::Odt, bytes);
    doc.blocks = blocks(&content).map_err(fail)?;
    doc.pages = Some(doc.blocks.last().map_or(1, |b| b.page));
    if doc.blocks.iter().all(|b| b.kind == BlockKind::PageBreak) {
        return Err(fail(ErrorKind::Empty));
    }
    Ok(doc)
}

/// `content.xml`, inflated under the part limit; the zip reader checks the CRC at the end.
fn content_xml(bytes: &[u8], limits: &Limits) -> std::result::Result<Vec<u8>, ErrorKind> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        if bytes.starts_with(b"PK") {
            damaged("the zip directory cannot be read (truncated download?)")
        } else {
            ErrorKind::Damaged("not an ODT file (not a zip archive)".into())
        }
    })?;
    let mut entry = zip
        .by_name(CONTENT)
        .map_err(|_| damaged(format!("{CONTENT} is missing")))?;
    if entry.size() > limits.max_part_bytes {
        return Err(ErrorKind::Limit(format!(
            "{CONTENT} would inflate to {} bytes, more than the {} allowed",
            entry.size(),
            limits.max_part_bytes
        )));
    }
    let mut data = Vec::new();
    (&mut entry)
        .take(limits.max_part_bytes + 1)
        .read_to_end(&mut data)
        .map_err(|e| damaged(format!("{CONTENT} cannot be inflated ({e})")))?;
    if data.len() as u64 > limits.max_part_bytes {
        return Err(ErrorKind::Limit(format!(
            "{CONTENT} inflates past {} bytes",
            limits.max_part_bytes
        )));
    }
    Ok(data)
}

#[derive(Debug, Default, Clone)]
struct StyleFacts {
    parent: Option<String>,
    bold: bool,
    page_break_before: bool,
}

/// A paragraph being collected: its text and how much of it was bold.
#[derive(Default)]
struct Para {
    kind: Option<BlockKind>,
    heading_level: Option<u8>,
    text: String,
    bold_chars: usize,
    chars: usize,
    style_bold: bool,
}

#[derive(Default)]
struct Walk {
    styles: HashMap<String, StyleFacts>,
    current_style: Option<String>,
    blocks: Vec<Block>,
    page: u32,
    para_no: u32,
    para: Option<Para>,
    bold_spans: Vec<bool>,
    lists: usize,
    skip: usize,
    row: Option<Vec<String>>,
    cell: Option<String>,
    header_rows: bool,
    tables_seen: usize,
    pending_span: usize,
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

impl Walk {
    fn style(&self, name: Option<&str>) -> StyleFacts {
        let mut facts = StyleFacts::default();
        let mut at = name.map(String::from);
        for _ in 0..8 {
            let Some(n) = at else { break };
            match self.styles.get(&n) {
                Some(s) => {
                    facts.bold |= s.bold;
                    facts.page_break_before |= s.page_break_before;
                    at = s.parent.clone();
                }
                None => {
                    facts.parent = Some(n);
                    break;
                }
            }
        }
        facts
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        let name = e.name();
        let name = name.as_ref();
        if self.skip > 0 {
            if !empty {
                self.skip += 1;
            }
            return;
        }
        match name {
            "style:style" => {
                let n = attr(e, "style:name").unwrap_or_default();
                self.styles.insert(
                    n.clone(),
                    StyleFacts {
                        parent: attr(e, "style:parent-style-name"),
                        ..Default::default()
                    },
                );
                self.current_style = Some(n);
            }
            "style:paragraph-properties" => {
                if let Some(s) = self
                    .current_style
                    .as_ref()
                    .and_then(|n| self.styles.get_mut(n))
                {
                    s.page_break_before |= attr(e, "fo:break-before").as_deref() == Some("page");
                }
            }
            "style:text-properties" => {
                if let Some(s) = self
                    .current_style
                    .as_ref()
                    .and_then(|n| self.styles.get_mut(n))
                {
                    s.bold |= attr(e, "fo:font-weight").is_some_and(|w| {
                        w == "bold"
                            || w.starts_with('6')
                            || w.starts_with('7')
                            || w.starts_with('8')
                            || w.starts_with('9')
                    });
                }
            }
            // Notes, annotations and frames are not body text.
            "text:note" | "office:annotation" | "draw:frame" | "text:tracked-changes" => {
                if !empty {
                    self.skip = 1;
                }
            }
            "text:list" if !empty => self.lists += 1,
            "text:h" | "text:p" => {
                let style = attr(e, "text:style-name");
                let facts = self.style(style.as_deref());
                if facts.page_break_before && self.cell.is_none() && !self.blocks.is_empty() {
                    self.page += 1;
                    self.blocks.push(Block::new(
                        BlockKind::PageBreak,
                        "",
                        self.page,
                        self.para_no + 1,
                    ));
                }
                let parent = facts.parent.unwrap_or_default().to_ascii_lowercase();
                let (kind, level) = if name == "text:h" {
                    let l = attr(e, "text:outline-level")
                        .and_then(|l| l.parse::<u8>().ok())
                        .unwrap_or(1);
                    (BlockKind::Heading, Some(l.min(6)))
                } else if parent == "title" {
                    (BlockKind::Heading, Some(0))
                } else if let Some(l) = parent
                    .strip_prefix("heading_20_")
                    .and_then(|l| l.parse::<u8>().ok())
                {
                    (BlockKind::Heading, Some(l.min(6)))
                } else if self.lists > 0 {
                    (BlockKind::ListItem, None)
                } else {
                    (BlockKind::Paragraph, None)
                };
                if self.cell.is_some() {
                    // Paragraphs inside a cell are the cell's text.
                    if let Some(c) = self.cell.as_mut().filter(|c| !c.is_empty()) {
                        c.push(' ');
                    }
                    return;
                }
                if empty {
                    return;
                }
                self.para = Some(Para {
                    kind: Some(kind),
                    heading_level: level,
                    style_bold: facts.bold,
                    ..Default::default()
                });
            }
            "text:span" if !empty => {
                let facts = self.style(attr(e, "text:style-name").as_deref());
                let outer = self.bold_spans.last().copied().unwrap_or(false);
                self.bold_spans.push(outer || facts.bold);
            }
            "text:s" => {
                let n = attr(e, "text:c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(64);
                self.text(&" ".repeat(n));
            }
            "text:tab" | "text:line-break" => self.text(" "),
            "text:soft-page-break" => {
                self.page += 1;
                if self.para.is_none() && self.row.is_none() {
                    self.blocks.push(Block::new(
                        BlockKind::PageBreak,
                        "",
                        self.page,
                        self.para_no + 1,
                    ));
                }
            }
            "table:table" if !empty => {
                self.tables_seen += 1;
            }
            "table:table-header-rows" if !empty => self.header_rows = true,
            "table:table-row" if !empty => self.row = Some(Vec::new()),
            "table:table-cell" | "table:covered-table-cell" => {
                let span = attr(e, "table:number-columns-spanned")
                    .and_then(|s| s.parse::<usize>().ok())
                    .unwrap_or(1);
                if empty {
                    if let Some(r) = self.row.as_mut() {
                        r.extend(std::iter::repeat_n(String::new(), span.clamp(1, 64)));
                    }
                } else {
                    self.cell = Some(String::new());
                    self.pending_span = span.clamp(1, 64);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            "style:style" => self.current_style = None,
            "text:list" => self.lists = self.lists.saturating_sub(1),
            "text:span" => {
                self.bold_spans.pop();
            }
            "text:h" | "text:p" => {
                if let Some(p) = self.para.take() {
                    let text = clean_text(&p.text);
                    if !text.is_empty() {
                        self.para_no += 1;
                        let mut b = Block::new(
                            p.kind.unwrap_or(BlockKind::Paragraph),
                            text,
                            self.page.max(1),
                            self.para_no,
                        );
                        b.hints.heading_level = p.heading_level;
                        b.hints.bold =
                            p.style_bold || (p.chars > 0 && p.bold_chars * 10 >= p.chars * 9);
                        if b.kind == BlockKind::ListItem {
                            b.hints.marker = Some("•".into());
                            b.hints.indent = self.lists.saturating_sub(1) as u8;
                        }
                        self.blocks.push(b);
                    }
                }
            }
            "table:table-cell" => {
                if let (Some(cell), Some(row)) = (self.cell.take(), self.row.as_mut()) {
                    row.push(clean_text(&cell));
                    row.extend(std::iter::repeat_n(String::new(), self.pending_span - 1));
                }
            }
            "table:table-row" => {
                if let Some(cells) = self.row.take() {
                    self.push_row(cells);
                }
            }
            "table:table-header-rows" => self.header_rows = false,
            _ => {}
        }
    }

    fn push_row(&mut self, cells: Vec<String>) {
        let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        if filled.is_empty() {
            return;
        }
        self.para_no += 1;
        let page = self.page.max(1);
        if filled.len() == 1 {
            let text = filled[0].clone();
            self.blocks
                .push(Block::new(BlockKind::Paragraph, text, page, self.para_no));
            return;
        }
        let mut b = Block::row(cells, page, self.para_no);
        b.hints.header_row = self.header_rows;
        self.blocks.push(b);
    }

    fn text(&mut self, t: &str) {
        if let Some(c) = self.cell.as_mut() {
            c.push_str(t);
        } else if let Some(p) = self.para.as_mut() {
            let n = t.chars().filter(|c| !c.is_whitespace()).count();
            p.chars += n;
            if self.bold_spans.last().copied().unwrap_or(false) {
                p.bold_chars += n;
            }
            p.text.push_str(t);
        }
    }
}

fn blocks(xml: &[u8]) -> std::result::Result<Vec<Block>, ErrorKind> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    let mut w = Walk {
        page: 1,
        ..Default::default()
    };
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        let pos = reader.buffer_position();
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            damaged(format!(
                "{CONTENT} is not well-formed XML ({e} near byte {pos})"
            ))
        })?;
        match ev {
            Event::Start(ref e) => {
                depth += 1;
                if depth > 256 {
                    return Err(ErrorKind::Limit(format!(
                        "{CONTENT} nests elements more than 256 deep"
                    )));
                }
                w.start(e, false);
            }
            Event::Empty(ref e) => w.start(e, true),
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                w.end(e.name().as_ref());
            }
            Event::Text(ref t) => {
                w.text(&t.xml10_content());
            }
            Event::GeneralRef(ref r) => {
                let s = super::text::decode_entities(&format!("&{};", r.xml10_content()));
                w.text(&s);
            }
            Event::CData(ref c) => w.text(&c.xml10_content()),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if depth != 0 {
        return Err(damaged(format!(
            "{CONTENT} ends before its elements are closed"
        )));
    }
    Ok(w.blocks)
}
