//! Readers turn bytes into a format-free [`Document`]: an ordered list of [`Block`]s with
//! provenance and layout hints. Readers know nothing about competencies; the recognizer
//! (`crate::extract`) knows nothing about file formats.
//!
//! Conventions every reader follows, so the recognizer sees the same shapes from any format:
//! - text is NFKC-normalised, whitespace collapsed to single spaces, trimmed; markup removed;
//! - a list item's `text` excludes its bullet/number, which goes to `hints.marker`;
//! - a heading's typed number ("5.0", "1.1.1", "2.") stays in `text` (the recognizer reads it);
//! - a table row has one entry in `cells` per grid column: a cell spanning N columns is
//!   followed by N-1 empty cells; a vertically merged continuation cell is empty;
//!   `text` is the non-empty cells joined with " | "; a cell holding a list keeps its items
//!   apart in `hints.cell_items`;
//! - a table row with a single non-empty cell (a full-width banner) is emitted as a paragraph;
//! - repeated table header rows after the first of a table are dropped; page headers/footers
//!   are dropped; page numbers live only in `page`.

mod columns;
pub mod docx;
pub mod odt;
pub mod pdf;
mod pipes;
pub mod text;

use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Txt,
    Md,
    Html,
    Pdf,
    Docx,
    Odt,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Odt => "odt",
        }
    }

    /// The format a file name implies, if we read that kind of file.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Txt,
            "md" | "markdown" => Format::Md,
            "htm" | "html" => Format::Html,
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            "odt" => Format::Odt,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    TableRow,
    PageBreak,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Hints {
    /// 0 = document title, 1..=6 = heading level, when the format states it
    /// (Markdown `#`, Word Title/Heading styles, PDF font-size rank).
    pub heading_level: Option<u8>,
    /// The whole block is bold.
    pub bold: bool,
    /// Font size relative to the body text (1.0 = body), when known.
    pub size_ratio: Option<f32>,
    /// List nesting depth (0 = top level) or indentation step for paragraphs.
    pub indent: u8,
    /// The list marker as written ("•", "-", "1.", "a)"), for list items.
    pub marker: Option<String>,
    /// The paragraph style name, where the format has styles (DOCX).
    pub style: Option<String>,
    /// A table header row (column titles).
    pub header_row: bool,
    /// For a table row: per cell, its list items when the cell holds a list of two or more
    /// (a Word cell of bulleted paragraphs); empty for a cell of plain text. The cell's text
    /// in `cells` is still all of it, joined.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cell_items: Vec<Vec<String>>,
    /// Blank lines typed right before the block, where the format spaces blocks with blank
    /// lines (plain text); 0 elsewhere. A wider gap than usual is how flattened web pages
    /// still separate units whose headings were lost.
    #[serde(skip_serializing_if = "is_zero")]
    pub blank_before: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
    /// 1-based page; 1 for formats without pages.
    pub page: u32,
    /// 1-based line in a text file; paragraph index in DOCX; line on the page in PDF.
    pub line: u32,
    pub hints: Hints,
}

impl Block {
    pub fn new(kind: BlockKind, text: impl Into<String>, page: u32, line: u32) -> Self {
        Block {
            kind,
            text: text.into(),
            cells: Vec::new(),
            page,
            line,
            hints: Hints::default(),
        }
    }

    pub fn row(cells: Vec<String>, page: u32, line: u32) -> Self {
        let text = cells
            .iter()
            .filter(|c| !c.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" | ");
        Block {
            kind: BlockKind::TableRow,
            text,
            cells,
            page,
            line,
            hints: Hints::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub path: PathBuf,
    pub format: Format,
    pub sha256: String,
    pub pages: Option<u32>,
    pub blocks: Vec<Block>,
    /// Things the reader noticed but could work around (e.g. "decoded as Windows-1252").
    pub warnings: Vec<String>,
}

static PAGE_NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^[-–—\s]*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?[-–—\s]*$").unwrap()
});

/// A bare page number: "7", "Page 7 of 17", "- 7 -".
/// Every letter a capital ("PEOPLE", "LEADING TEAMS"), three letters at least: a shape
/// readers and the recognizer both read.
pub fn is_capitals(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase())
}

pub fn is_page_number(s: &str) -> bool {
    PAGE_NUMBER.is_match(s.trim())
}

/// Collapse runs of whitespace (including NBSP and line breaks) to single spaces and NFKC
/// normalise, so ligatures and compatibility characters compare equal across formats.
pub fn clean_text(s: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    // Most text is already NFKC (all ASCII is): the quick check is a table lookup per
    // character, where normalising decomposes and recomposes each one (issue 19: the
    // largest single cost of reading a 1 M-line text file).
    let chars: Box<dyn Iterator<Item = char>> = if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        Box::new(s.chars())
    } else {
        Box::new(s.nfkc())
    };
    for ch in chars {
        let ch = match ch {
            '\u{F0B7}' | '\u{F0A7}' | '\u{F076}' | '\u{F0D8}' | '\u{F0FC}' => '•',
            '\u{AD}' | '\u{200B}' | '\u{FEFF}' => continue,
            c => c,
        };
        if ch.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(ch);
        }
    }
    out
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A document with no blocks yet, carrying the facts every reader records.
pub fn empty_document(path: &Path, format: Format, bytes: &[u8]) -> Document {
    Document {
        path: path.to_path_buf(),
        format,
        sha256: sha256_hex(bytes),
        pages: None,
        blocks: Vec::new(),
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_folds_whitespace_ligatures_and_private_bullets() {
        assert_eq!(
            clean_text("  sta\u{FB00}  and\u{00A0}\n con\u{FB01}dence "),
            "staff and confidence"
        );
        assert_eq!(clean_text("\u{F0B7}"), "•");
    }
}
