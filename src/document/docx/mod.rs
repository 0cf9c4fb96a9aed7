//! DOCX reader: a guarded package check, then docx-rs for the structure.
//!
//! 1. [`package`] inflates and checks every part (sizes, CRC, well-formed XML) with caps, so
//!    that docx-rs, which panics, hangs or exhausts memory on some broken files, only ever
//!    sees a package known to be sound.
//! 2. [`crate::guard`] runs docx-rs on a worker thread under `catch_unwind` and the time budget.
//! 3. [`blocks`] turns its tree into blocks; [`styles`], [`numbering`] and [`tables`] resolve
//!    what a paragraph is, which marker a list item shows, and the column grid of a row.

mod blocks;
mod numbering;
mod package;
mod styles;
mod tables;
mod xml_scan;

use super::{Document, Format, empty_document};
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;
use std::path::Path;
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

    let repacked = pkg.repack().map_err(fail)?;
    let header_rows = pkg.main.header_rows;
    let styles = pkg.styles;
    let budget = limits.time_budget.saturating_sub(started.elapsed());
    let (blocks, pages) =
        crate::guard::run_with_deadline("reading the DOCX structure", budget, move || {
            // Image previews are off: decoding embedded pictures is slow, needless for text, and
            // one more decompressor an attacker could aim at (the repacked zip has no pictures).
            let options = docx_rs::ReadDocxOptions::default().with_image_previews(false);
            let docx = docx_rs::read_docx_with_options(&repacked, options).map_err(|e| {
                package::damaged(format!(
                    "its structure cannot be read by the DOCX parser ({e})"
                ))
            })?;
            let mut walker = blocks::Walker::new(&docx, header_rows, styles);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::BlockKind;
    use docx_rs::*;

    fn text(t: &str) -> Paragraph {
        Paragraph::new().add_run(Run::new().add_text(t))
    }

    fn cell(t: &str) -> TableCell {
        TableCell::new().add_paragraph(text(t))
    }

    /// A document written by docx-rs itself, read back: every structure the reader resolves.
    fn sample() -> Vec<u8> {
        let mut list_style = Style::new("CouncilList", StyleType::Paragraph).name("Council List");
        list_style.paragraph_property = list_style
            .paragraph_property
            .numbering(NumberingId::new(5), IndentLevel::new(1));
        let docx = Docx::new()
            .add_style(
                Style::new("Heading1", StyleType::Paragraph)
                    .name("heading 1")
                    .bold(),
            )
            .add_style(
                Style::new("CouncilHead", StyleType::Paragraph)
                    .name("Council Head")
                    .based_on("Heading1"),
            )
            .add_style(list_style)
            .add_abstract_numbering(
                AbstractNumbering::new(2)
                    .add_level(Level::new(
                        0,
                        Start::new(1),
                        NumberFormat::new("bullet"),
                        LevelText::new("\u{F0B7}"),
                        LevelJc::new("left"),
                    ))
                    .add_level(Level::new(
                        1,
                        Start::new(1),
                        NumberFormat::new("bullet"),
                        LevelText::new("o"),
                        LevelJc::new("left"),
                    )),
            )
            .add_numbering(docx_rs::Numbering::new(5, 2))
            .add_paragraph(text("1. Seeing the big picture").style("CouncilHead"))
            // docx-rs writes numbering.xml's relationship only when a paragraph is numbered
            // directly, so one is: the next one's numbering comes from its style alone.
            .add_paragraph(text("Direct").numbering(NumberingId::new(5), IndentLevel::new(0)))
            .add_paragraph(text("Understands the council").style("CouncilList"))
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text("Page "))
                    .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
                    .add_run(Run::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
                    .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
                    .add_run(Run::new().add_text("7"))
                    .add_run(Run::new().add_field_char(FieldCharType::End, false))
                    .add_run(Run::new().add_text(" follows")),
            )
            .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
            .add_structured_data_tag(
                StructuredDataTag::new().add_paragraph(text("Inside a content control")),
            )
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text("Does not embody the "))
                    .add_hyperlink(
                        Hyperlink::new("https://example.org", HyperlinkType::External)
                            .add_run(Run::new().add_text("Seven Principles")),
                    ),
            )
            .add_table(Table::new(vec![
                TableRow::new(vec![
                    cell("1.1 Lead").vertical_merge(VMergeType::Restart),
                    cell("a"),
                    cell("b"),
                    cell("c"),
                ]),
                TableRow::new(vec![
                    TableCell::new()
                        .vertical_merge(VMergeType::Continue)
                        .add_paragraph(Paragraph::new()),
                    cell("Ineffective"),
                    cell("Fails").grid_span(2),
                ]),
            ]))
            .add_paragraph(text("After the break").page_break_before(true));
        let mut out = std::io::Cursor::new(Vec::new());
        docx.build().pack(&mut out).expect("docx-rs writes");
        out.into_inner()
    }

    #[test]
    fn reads_styles_numbering_fields_sdt_hyperlinks_tables_and_breaks() {
        let doc = super::read(Path::new("t.docx"), &sample(), &Limits::default()).expect("reads");
        let seen: Vec<(BlockKind, &str)> = doc
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (BlockKind::Heading, "1. Seeing the big picture"),
                (BlockKind::ListItem, "Direct"),
                (BlockKind::ListItem, "Understands the council"),
                (BlockKind::Paragraph, "Page follows"),
                (BlockKind::PageBreak, ""),
                (BlockKind::Paragraph, "Inside a content control"),
                (BlockKind::Paragraph, "Does not embody the Seven Principles"),
                (BlockKind::TableRow, "1.1 Lead | a | b | c"),
                (BlockKind::TableRow, "Ineffective | Fails"),
                (BlockKind::PageBreak, ""),
                (BlockKind::Paragraph, "After the break"),
            ]
        );
        let heading = &doc.blocks[0].hints;
        assert_eq!((heading.heading_level, heading.bold), (Some(1), true));
        assert_eq!(heading.style.as_deref(), Some("Council Head"));
        let direct = &doc.blocks[1].hints;
        assert_eq!((direct.marker.as_deref(), direct.indent), (Some("•"), 0));
        let item = &doc.blocks[2].hints;
        assert_eq!((item.marker.as_deref(), item.indent), (Some("o"), 1));
        assert_eq!(item.style.as_deref(), Some("Council List"));
        assert_eq!(doc.blocks[8].cells, ["", "Ineffective", "Fails", ""]);
        assert_eq!(doc.blocks.last().map(|b| b.page), Some(3));
        assert_eq!(doc.pages, Some(3));
    }
}
