//! Blocks → a PDF written with lopdf, the standard Helvetica fonts and WinAnsi encoding.
//! Text is shown in one of three ways so the PDF reader meets what real producers do:
//! whole lines with `Tj`, `TJ` arrays with kerning, or words placed one by one; some
//! documents carry a ToUnicode CMap, and tables are drawn with ruling lines.

use crate::document::{Block, BlockKind};
use lopdf::{Document, Object, Stream, dictionary};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// Helvetica advance widths (AFM, 1/1000 em) for ASCII 32..=126: the reader's own table.
use crate::document::pdf::fonts::HELVETICA;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextShowing {
    Lines,
    Kerned,
    Words,
}

#[derive(Debug, Clone, Copy)]
pub struct PdfStyle {
    pub showing: TextShowing,
    pub to_unicode: bool,
    /// Draw list bullets as small squares (as Chromium does) instead of a bullet glyph.
    pub shape_bullets: bool,
    /// Text columns per page (1 or more), filled one after another as a newsletter is.
    pub columns: u8,
}

/// Whitespace between two text columns, in points (LibreOffice's default is 0.5 cm).
const GUTTER: f32 = 18.0;

/// Width of a WinAnsi code in 1/1000 em.
fn code_width(code: u8) -> u16 {
    match code {
        32..=126 => HELVETICA[(code - 32) as usize],
        0x95 => 350,
        0x91 | 0x92 => 222,
        0x93 | 0x94 => 333,
        0x96 => 556,
        0x97 => 1000,
        _ => 556,
    }
}

fn encode(text: &str) -> Vec<u8> {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    bytes.into_owned()
}

fn text_width(text: &str, size: f32) -> f32 {
    encode(text)
        .iter()
        .map(|&c| code_width(c) as f32)
        .sum::<f32>()
        * size
        / 1000.0
}

fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size) > max && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn pdf_string(bytes: &[u8]) -> String {
    let mut s = String::from("(");
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                s.push('\\');
                s.push(b as char);
            }
            32..=126 => s.push(b as char),
            _ => s.push_str(&format!("\\{b:03o}")),
        }
    }
    s.push(')');
    s
}

struct Pages {
    done: Vec<String>,
    current: String,
    y: f32,
    style: PdfStyle,
    /// Column being filled, from 0.
    col: usize,
    /// Width of one column.
    col_w: f32,
}

impl Pages {
    fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.current));
        self.y = PAGE_H - MARGIN;
        self.col = 0;
    }

    /// Left edge of the column being filled.
    fn left(&self) -> f32 {
        MARGIN + self.col as f32 * (self.col_w + GUTTER)
    }

    fn room(&mut self, height: f32) {
        if self.y - height < MARGIN && !self.current.is_empty() {
            if self.col + 1 < self.style.columns.max(1) as usize {
                self.col += 1;
                self.y = PAGE_H - MARGIN;
            } else {
                self.new_page();
            }
        }
    }

    fn show(&mut self, x: f32, y: f32, bold: bool, size: f32, text: &str) {
        let font = if bold { "F2" } else { "F1" };
        let c = &mut self.current;
        match self.style.showing {
            TextShowing::Lines => {
                c.push_str(&format!(
                    "BT /{font} {size} Tf {x:.2} {y:.2} Td {} Tj ET\n",
                    pdf_string(&encode(text))
                ));
            }
            TextShowing::Kerned => {
                // Kerning inside words (small adjustments, as typesetters emit) and none
                // across the spaces, which stay real space characters.
                let mut parts = Vec::new();
                for (i, word) in text.split(' ').enumerate() {
                    let bytes = encode(word);
                    let cut = bytes.len() / 2;
                    let sep = if i > 0 { " " } else { "" };
                    let mut head = encode(sep);
                    head.extend_from_slice(&bytes[..cut]);
                    parts.push(pdf_string(&head));
                    parts.push(if i % 2 == 0 { "-12".into() } else { "8".into() });
                    parts.push(pdf_string(&bytes[cut..]));
                }
                c.push_str(&format!(
                    "BT /{font} {size} Tf {x:.2} {y:.2} Td [{}] TJ ET\n",
                    parts.join(" ")
                ));
            }
            TextShowing::Words => {
                c.push_str(&format!("BT /{font} {size} Tf {x:.2} {y:.2} Td\n"));
                let space = text_width(" ", size);
                let mut last = 0.0;
                let mut at = 0.0;
                for word in text.split(' ') {
                    c.push_str(&format!(
                        "{:.2} 0 Td {} Tj\n",
                        at - last,
                        pdf_string(&encode(word))
                    ));
                    last = at;
                    at += text_width(word, size) + space;
                }
                c.push_str("ET\n");
            }
        }
    }

    /// Wrapped lines `indent` points into the column.
    fn lines(&mut self, indent: f32, width: f32, bold: bool, size: f32, text: &str) {
        for line in wrap(text, size, width) {
            self.room(size * 1.25);
            self.y -= size * 1.25;
            let (x, y) = (self.left() + indent, self.y);
            self.show(x, y, bold, size, &line);
        }
    }
}

pub fn write_pdf(blocks: &[Block], style: PdfStyle) -> Result<Vec<u8>, String> {
    let mut p = Pages {
        done: Vec::new(),
        current: String::new(),
        y: PAGE_H - MARGIN,
        style,
        col: 0,
        col_w: 0.0,
    };
    let cols = style.columns.max(1) as f32;
    let body = (PAGE_W - 2.0 * MARGIN - (cols - 1.0) * GUTTER) / cols;
    p.col_w = body;
    let full = PAGE_W - 2.0 * MARGIN;
    for b in blocks {
        // In columns, a table is set across the page in a section of its own (a table is
        // too wide for a column), starting and ending with a new page.
        let table = b.kind == BlockKind::TableRow;
        let in_section = p.style.columns != style.columns;
        if style.columns > 1 && table != in_section {
            if !p.current.is_empty() {
                p.new_page();
            }
            p.style.columns = if table { 1 } else { style.columns };
            p.col_w = if table { full } else { body };
        }
        match b.kind {
            BlockKind::Heading => {
                let size = match b.hints.heading_level {
                    Some(0) => 20.0,
                    Some(1) => 16.0,
                    Some(2) => 14.0,
                    _ => 12.0,
                };
                p.room(size * 4.0);
                p.y -= size * 0.8;
                p.lines(0.0, body, true, size, &b.text);
                p.y -= 4.0;
            }
            BlockKind::Paragraph => {
                p.y -= 6.0;
                p.lines(0.0, body, b.hints.bold, 10.0, &b.text);
                p.y -= 4.0;
            }
            BlockKind::ListItem => {
                // The bullet comes first in the content stream, as producers write it, and
                // a short item is not split from its bullet by a page break.
                p.room(wrap(&b.text, 10.0, body - 18.0).len().min(4) as f32 * 12.5 + 1.0);
                let first_line_y = p.y - 12.5;
                if style.shape_bullets {
                    p.current.push_str(&format!(
                        "{:.2} {:.2} 3 3 re f\n",
                        p.left() + 6.0,
                        first_line_y + 2.5
                    ));
                } else {
                    let x = p.left() + 4.0;
                    p.show(x, first_line_y, false, 10.0, "•");
                }
                p.lines(18.0, body - 18.0, b.hints.bold, 10.0, &b.text);
                p.y -= 3.0;
            }
            BlockKind::TableRow => {
                let width = p.col_w;
                table_row(&mut p, &b.cells, b.hints.header_row, width)
            }
            BlockKind::PageBreak => {
                if !p.current.is_empty() {
                    p.new_page();
                }
            }
        }
    }
    if !p.current.is_empty() || p.done.is_empty() {
        p.new_page();
    }
    assemble(&p.done, style)
}

fn table_row(p: &mut Pages, cells: &[String], header: bool, body: f32) {
    let n = cells.len().max(1) as f32;
    let col = body / n;
    let size = 8.0;
    let wrapped: Vec<Vec<String>> = cells.iter().map(|c| wrap(c, size, col - 8.0)).collect();
    let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32;
    let height = lines * size * 1.25 + 8.0;
    p.room(height);
    let top = p.y;
    for (i, cell) in wrapped.iter().enumerate() {
        let x = p.left() + i as f32 * col;
        p.current.push_str(&format!(
            "0.5 w {x:.2} {:.2} {col:.2} {height:.2} re S\n",
            top - height
        ));
        for (k, line) in cell.iter().enumerate() {
            let y = top - 4.0 - (k as f32 + 1.0) * size * 1.25;
            p.show(x + 4.0, y, header, size, line);
        }
    }
    p.y = top - height;
}

/// A ToUnicode CMap for WinAnsi codes 32..=255.
fn to_unicode_cmap() -> Vec<u8> {
    let mut entries = Vec::new();
    for code in 32u8..=255 {
        let byte = [code];
        let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
        if let Some(ch) = s.chars().next() {
            let mut units = [0u16; 2];
            let hex: String = ch
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            entries.push(format!("<{code:02X}> <{hex}>"));
        }
    }
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Synth-WinAnsi def\n/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n",
    );
    for chunk in entries.chunks(100) {
        out.push_str(&format!(
            "{} beginbfchar\n{}\nendbfchar\n",
            chunk.len(),
            chunk.join("\n")
        ));
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

fn assemble(pages: &[String], style: PdfStyle) -> Result<Vec<u8>, String> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let widths: Vec<Object> = (32u8..=255)
        .map(|c| Object::Integer(code_width(c) as i64))
        .collect();
    let to_unicode = style
        .to_unicode
        .then(|| doc.add_object(Stream::new(dictionary! {}, to_unicode_cmap())));
    let mut font = |base: &str| {
        let mut d = dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => Object::Name(base.as_bytes().to_vec()),
            "Encoding" => "WinAnsiEncoding",
            "FirstChar" => 32,
            "LastChar" => 255,
            "Widths" => widths.clone(),
        };
        if let Some(id) = to_unicode {
            d.set("ToUnicode", id);
        }
        doc.add_object(d)
    };
    let regular = font("Helvetica");
    let bold = font("Helvetica-Bold");
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => regular, "F2" => bold },
    });
    let mut kids = Vec::new();
    for content in pages {
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.clone().into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), PAGE_W.into(), PAGE_H.into()],
            "Contents" => content_id,
            "Resources" => resources,
        });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}
