//! DOCX reader: a guarded package check, then docx-rs for the structure.
//!
//! 1. [`package`] inflates and checks every part (sizes, CRC, well-formed XML) with caps, so
//!    that docx-rs, which panics, hangs or exhausts memory on some broken files, only ever
//!    sees a package known to be sound.
//! 2. [`crate::guard`] runs docx-rs on a worker thread under `catch_unwind` and the time budget.
//! 3. [`blocks`] turns its tree into blocks; [`styles`], [`numbering`] and [`tables`] resolve
//!    what a paragraph is, which marker a list item shows, and the column grid of a row.

mod blocks;
mod extra;
mod numbering;
mod package;
mod styles;
mod tables;
mod xml_scan;

use super::{Block, BlockKind, Document, Format, empty_document};
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

    let extras = extra_blocks(&pkg.parts);
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
    let mut blocks = blocks;
    let last_line = blocks.last().map_or(0, |b| b.line);
    for (i, (text, style)) in extras.into_iter().enumerate() {
        // Numbered on from the body's last paragraph, so provenance stays in order.
        let line = last_line.saturating_add(1 + i as u32);
        let mut b = Block::new(BlockKind::Paragraph, text, pages, line);
        b.hints.style = Some(style.to_string());
        blocks.push(b);
    }
    if blocks.is_empty() {
        return Err(fail(empty_reason(&pkg.parts)));
    }
    doc.blocks = blocks;
    doc.pages = Some(pages);
    Ok(doc)
}

/// Text the body walk cannot see, as (text, style hint), in the order it is appended after
/// the body: text boxes, then footnotes, then endnotes (as Word prints notes after the text).
fn extra_blocks(parts: &[(String, Vec<u8>)]) -> Vec<(String, &'static str)> {
    let part = |suffix: &str| {
        parts
            .iter()
            .find(|(n, _)| n.starts_with("word/") && n.ends_with(suffix))
            .map(|(_, d)| d.as_slice())
    };
    let mut out = Vec::new();
    let main = parts
        .iter()
        .find(|(n, _)| n == package::MAIN_PART)
        .map(|(_, d)| d.as_slice())
        .or_else(|| part("/document.xml"));
    for (data, notes, style) in [
        (main, false, "Text Box"),
        (part("/footnotes.xml"), true, "Footnote Text"),
        (part("/endnotes.xml"), true, "Endnote Text"),
    ] {
        if let Some(data) = data {
            out.extend(
                extra::part_texts(data, notes)
                    .into_iter()
                    .map(|t| (t, style)),
            );
        }
    }
    out
}

/// Why a document with no text is empty: "file is empty" is wrong for one that holds only
/// empty tables or only pictures.
fn empty_reason(parts: &[(String, Vec<u8>)]) -> ErrorKind {
    let Some((_, main)) = parts.iter().find(|(n, _)| n == package::MAIN_PART) else {
        return ErrorKind::Empty;
    };
    let has = |tag: &[u8]| main.windows(tag.len()).any(|w| w == tag);
    let what = match (
        has(b"<w:tbl>") || has(b"<w:tbl "),
        has(b"<w:drawing") || has(b"<w:pict"),
    ) {
        (true, true) => "only empty tables and drawings or pictures",
        (true, false) => "only empty tables",
        (false, true) => "only drawings or pictures",
        (false, false) => return ErrorKind::Empty,
    };
    ErrorKind::Damaged(format!(
        "DOCX has no text to read: the document holds {what} (no words in its body, text \
         boxes or notes)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    /// A DOCX zipped by hand from `body` (the inside of `w:body`) and optional notes parts.
    fn raw_docx(body: &str, footnotes: Option<&str>, endnotes: Option<&str>) -> Vec<u8> {
        use std::io::Write;
        let mut parts = vec![
            (
                "[Content_Types].xml".to_string(),
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
            ),
            (
                "_rels/.rels".to_string(),
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
            ),
            (
                "word/_rels/document.xml.rels".to_string(),
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_string(),
            ),
            ("word/styles.xml".to_string(), package::STYLES_STUB.to_string()),
            (
                "word/document.xml".to_string(),
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#),
            ),
        ];
        for (name, root, notes) in [
            ("footnotes", "footnote", footnotes),
            ("endnotes", "endnote", endnotes),
        ] {
            if let Some(n) = notes {
                // Word always writes the separator pseudo-notes first.
                parts.push((
                    format!("word/{name}.xml"),
                    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:{name} {W}><w:{root} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{root}><w:{root} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>cont</w:t></w:r></w:p></w:{root}>{n}</w:{name}>"#),
                ));
            }
        }
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for (name, data) in parts {
            out.start_file(name.as_str(), opts).unwrap();
            out.write_all(data.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn para(t: &str) -> String {
        format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>")
    }

    /// A text box (DrawingML choice with its VML fallback repeating the text), footnotes and
    /// endnotes: each text once, notes after the body; a document whose only text is in a
    /// text box is not "empty".
    #[test]
    fn text_boxes_and_notes_are_read() {
        let text_box = |t: &str| {
            format!(
                "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>{}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
                para(t),
                para(t)
            )
        };
        let body = format!(
            "{}{}<w:p><w:r><w:t>Body with a note</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>",
            para("Leadership framework"),
            text_box("Boxed &amp; framed")
        );
        let bytes = raw_docx(
            &body,
            Some(
                r#"<w:footnote w:id="1"><w:p><w:r><w:t>First</w:t></w:r></w:p><w:p><w:r><w:t>note.</w:t></w:r></w:p></w:footnote>"#,
            ),
            Some(r#"<w:endnote w:id="1"><w:p><w:r><w:t>An endnote.</w:t></w:r></w:p></w:endnote>"#),
        );
        let doc = super::read(Path::new("boxes.docx"), &bytes, &Limits::default()).unwrap();
        let got: Vec<(&str, Option<&str>)> = doc
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.hints.style.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Leadership framework", None),
                ("Body with a note", None),
                ("Boxed & framed", Some("Text Box")),
                ("First note.", Some("Footnote Text")),
                ("An endnote.", Some("Endnote Text")),
            ]
        );
        let only_box = raw_docx(&text_box("Datum plane"), None, None);
        let doc = super::read(Path::new("box.docx"), &only_box, &Limits::default()).unwrap();
        assert_eq!(doc.blocks.len(), 1);
        assert_eq!(doc.blocks[0].text, "Datum plane");
    }

    #[test]
    fn empty_tables_and_drawings_say_what_the_document_holds() {
        let table = "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/>";
        let e = super::read(
            Path::new("t.docx"),
            &raw_docx(table, None, None),
            &Limits::default(),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("t.docx") && e.to_string().contains("only empty tables"),
            "{e}"
        );
        let drawing = "<w:p><w:r><w:drawing/></w:r></w:p>";
        let e = super::read(
            Path::new("d.docx"),
            &raw_docx(drawing, None, None),
            &Limits::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("only drawings or pictures"), "{e}");
        let e = super::read(
            Path::new("e.docx"),
            &raw_docx("<w:p/>", None, None),
            &Limits::default(),
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Empty);
    }
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
