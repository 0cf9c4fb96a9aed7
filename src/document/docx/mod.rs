//! DOCX reader: a guarded package check, then docx-rs for the structure.
//!
//! 1. [`package`] inflates and checks every part (sizes, CRC, well-formed XML) with caps, so
//!    that docx-rs, which panics, hangs or exhausts memory on some broken files, only ever
//!    sees a package known to be sound.
//! 2. [`guard`] runs docx-rs on a worker thread under `catch_unwind` and the time budget.
//! 3. [`blocks`] turns its tree into blocks; [`styles`], [`numbering`] and [`tables`] resolve
//!    what a paragraph is, which marker a list item shows, and the column grid of a row.

mod blocks;
mod guard;
mod numbering;
mod package;
mod styles;
mod tables;
mod xml_scan;

use super::{Document, Format, empty_document};
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

pub fn read(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Document> {
    let started = Instant::now();
    let fail = |kind| Error::new(path, kind);
    if bytes.is_empty() {
        return Err(fail(ErrorKind::Empty));
    }
    let deadline = started + limits.time_budget;
    // The zip crate is not known to panic, but a panic here must not escape either.
    let checked = std::panic::catch_unwind(|| package::check(bytes, limits, deadline))
        .unwrap_or_else(|_| Err(ErrorKind::Internal("the DOCX package check failed".into())));
    let pkg = checked.map_err(fail)?;

    let owned: Arc<[u8]> = Arc::from(bytes);
    let header_rows = pkg.main.header_rows;
    let budget = limits.time_budget.saturating_sub(started.elapsed());
    let (blocks, pages) =
        guard::run_with_deadline("reading the DOCX structure", budget, move || {
            // Image previews are off: decoding embedded pictures is slow, needless for text, and
            // one more decompressor an attacker could aim at.
            let options = docx_rs::ReadDocxOptions::default().with_image_previews(false);
            let docx = docx_rs::read_docx_with_options(&owned, options).map_err(|e| {
                package::damaged(format!(
                    "its structure cannot be read by the DOCX parser ({e})"
                ))
            })?;
            let mut walker = blocks::Walker::new(&docx, header_rows);
            walker.walk(&docx.document.children);
            Ok((std::mem::take(&mut walker.blocks), walker.pages()))
        })
        .map_err(fail)?;

    let mut doc = empty_document(path, Format::Docx, bytes);
    if blocks.is_empty() {
        return Err(fail(ErrorKind::Empty));
    }
    doc.blocks = blocks;
    doc.pages = Some(pages);
    Ok(doc)
}
