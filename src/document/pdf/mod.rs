//! PDF reader on lopdf's object model: our own content interpreter (positions, sizes, bold,
//! Form XObjects, inherited resources), then layout analysis into blocks that follow the
//! conventions in [`crate::document`].
//!
//! Modules: [`cmap`] and [`fonts`] decode strings to glyphs, [`interp`] runs content
//! streams, [`layout`] groups glyphs into words, lines and blocks (lists, headings,
//! tables) and [`furniture`] drops running headers and footers.

pub mod cmap;
pub mod fonts;
pub mod furniture;
pub mod interp;
pub mod layout;
pub mod tables;

use super::{Document, Format, empty_document};
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;
use interp::{Interp, PageContent, StreamSource};
use std::path::Path;
use std::time::Instant;

/// Charges every decompressed stream against the per-part and per-file limits.
struct Budget {
    part: usize,
    left: usize,
    hit: Option<String>,
}

impl StreamSource for Budget {
    fn read(&mut self, s: &lopdf::Stream) -> Option<Vec<u8>> {
        if self.hit.is_some() {
            return None;
        }
        let limit = self.part.min(self.left);
        match s.get_plain_content_with_limit(limit) {
            Ok(b) => {
                self.left -= b.len().min(self.left);
                Some(b)
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                self.hit = Some(if limit == self.part {
                    format!("a PDF stream inflates to more than {} bytes", self.part)
                } else {
                    "the PDF's streams together inflate to more than the total limit".to_string()
                });
                None
            }
            // A stream that fails to inflate is skipped, as viewers do.
            Err(_) => None,
        }
    }
}

fn damaged(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::new(path, ErrorKind::Damaged(format!("PDF is damaged: {why}")))
}

/// Load the PDF, decrypting with the empty user password when that is all it needs.
pub fn load(path: &Path, bytes: &[u8], limits: &Limits) -> Result<lopdf::Document> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(path, ErrorKind::Empty));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        let text = String::from_utf8_lossy(head).to_ascii_lowercase();
        let what = if text.contains("<html") || text.contains("<!doctype") {
            "not a PDF at all: it is an HTML page (perhaps a download error page)"
        } else {
            "not a PDF file (no %PDF- header)"
        };
        return Err(damaged(path, what));
    }
    let opts = lopdf::LoadOptions {
        max_decompressed_size: Some(limits.max_part_bytes.min(usize::MAX as u64) as usize),
        ..Default::default()
    };
    let doc = match lopdf::Document::load_mem_with_options(bytes, opts) {
        Ok(d) => d,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(Error::new(
                path,
                ErrorKind::Limit(format!("a PDF stream inflates to more than {} bytes", limits.max_part_bytes)),
            ));
        }
        Err(e) => {
            let why = if bytes.windows(5).rev().take(2048).any(|w| w == b"%%EOF") {
                format!("cannot be opened ({e})")
            } else {
                format!("file is truncated (no end-of-file marker; {e})")
            };
            return Err(damaged(path, why));
        }
    };
    // lopdf decrypts with the empty password on load; a PDF that stays encrypted needs a real one.
    if doc.is_encrypted() {
        return Err(Error::new(path, ErrorKind::Encrypted));
    }
    if doc.get_pages().is_empty() {
        return Err(damaged(path, "no pages found"));
    }
    Ok(doc)
}

/// Run every page's content through the interpreter.
pub fn page_contents(path: &Path, doc: &lopdf::Document, limits: &Limits) -> Result<Vec<PageContent>> {
    let start = Instant::now();
    let mut budget = Budget {
        part: limits.max_part_bytes.min(usize::MAX as u64) as usize,
        left: limits.max_total_inflated_bytes.min(usize::MAX as u64) as usize,
        hit: None,
    };
    let mut pages = Vec::new();
    let ids: Vec<_> = doc.get_pages().into_values().collect();
    let mut interp = Interp::new(doc, &mut budget);
    for id in ids {
        pages.push(interp.run_page(id));
        if start.elapsed() > limits.time_budget {
            return Err(Error::new(
                path,
                ErrorKind::Limit(format!("reading took longer than {:?}", limits.time_budget)),
            ));
        }
    }
    drop(interp);
    if let Some(why) = budget.hit {
        return Err(Error::new(path, ErrorKind::Limit(why)));
    }
    Ok(pages)
}

pub fn read(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Document> {
    let mut doc = empty_document(path, Format::Pdf, bytes);
    let pdf = load(path, bytes, limits)?;
    let mut pages = page_contents(path, &pdf, limits)?;
    doc.pages = Some(pages.len() as u32);
    let visible = |g: &interp::Glyph| !g.text.trim().is_empty() && g.text != "\u{FFFD}";
    if !pages.iter().flat_map(|p| p.glyphs.iter()).any(visible) {
        return Err(Error::new(path, ErrorKind::NoText));
    }
    let mut lines: Vec<Vec<layout::Line>> = pages.iter_mut().map(layout::lines).collect();
    furniture::remove(&mut lines, &pages);
    doc.blocks = layout::blocks(&lines, &pages);
    if doc.blocks.is_empty() {
        return Err(Error::new(path, ErrorKind::NoText));
    }
    Ok(doc)
}
