//! Blocks → a DOCX file written with docx-rs: Title and Heading N styles, bullet lists
//! through a numbering definition, tables with a header row, page breaks as break runs.

use crate::document::{Block, BlockKind};
use docx_rs::{
    AbstractNumbering, BreakType, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat,
    Numbering, NumberingId, Paragraph, Run, Start, Style, StyleType, Table, TableCell, TableRow,
};

const BULLETS: usize = 1;

fn styles(doc: Docx) -> Docx {
    let mut doc = doc.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .size(52),
    );
    for l in 1..=6 {
        doc = doc.add_style(
            Style::new(format!("Heading{l}"), StyleType::Paragraph)
                .name(format!("heading {l}"))
                .bold()
                .size(36 - 4 * l),
        );
    }
    doc.add_style(Style::new("ListBullet", StyleType::Paragraph).name("List Bullet"))
        .add_abstract_numbering(AbstractNumbering::new(BULLETS).add_level(Level::new(
            0,
            Start::new(1),
            NumberFormat::new("bullet"),
            LevelText::new("•"),
            LevelJc::new("left"),
        )))
        .add_numbering(Numbering::new(BULLETS, BULLETS))
}

fn text_run(text: &str, bold: bool) -> Run {
    let r = Run::new().add_text(text);
    if bold { r.bold() } else { r }
}

pub fn write_docx(blocks: &[Block]) -> Result<Vec<u8>, String> {
    let mut doc = styles(Docx::new());
    let mut table: Vec<TableRow> = Vec::new();
    for b in blocks {
        if b.kind != BlockKind::TableRow && !table.is_empty() {
            doc = doc.add_table(Table::new(std::mem::take(&mut table)));
        }
        doc = match b.kind {
            BlockKind::Heading => {
                let style = match b.hints.heading_level {
                    Some(0) => "Title".to_string(),
                    Some(l) => format!("Heading{}", l.clamp(1, 6)),
                    None => "Heading2".to_string(),
                };
                doc.add_paragraph(
                    Paragraph::new()
                        .style(&style)
                        .add_run(text_run(&b.text, false)),
                )
            }
            BlockKind::Paragraph => {
                doc.add_paragraph(Paragraph::new().add_run(text_run(&b.text, b.hints.bold)))
            }
            BlockKind::ListItem => doc.add_paragraph(
                Paragraph::new()
                    .style("ListBullet")
                    .numbering(
                        NumberingId::new(BULLETS),
                        IndentLevel::new(b.hints.indent as usize),
                    )
                    .add_run(text_run(&b.text, b.hints.bold)),
            ),
            BlockKind::TableRow => {
                let cells = b
                    .cells
                    .iter()
                    .map(|c| {
                        TableCell::new().add_paragraph(
                            Paragraph::new().add_run(text_run(c, b.hints.header_row)),
                        )
                    })
                    .collect();
                table.push(TableRow::new(cells));
                doc
            }
            BlockKind::PageBreak => {
                doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
            }
        };
    }
    if !table.is_empty() {
        doc = doc.add_table(Table::new(table));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}
