//! Blocks → a text document in the conventions the text reader understands: Markdown
//! headings and bold, `-` bullets, tab-separated table rows, form feeds between pages.

use crate::document::{Block, BlockKind};

pub fn write_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut prev: Option<BlockKind> = None;
    for b in blocks {
        let tight = matches!(
            (prev, b.kind),
            (Some(BlockKind::ListItem), BlockKind::ListItem)
                | (Some(BlockKind::TableRow), BlockKind::TableRow)
        );
        if prev.is_some() && !tight && b.kind != BlockKind::PageBreak {
            out.push('\n');
        }
        match b.kind {
            BlockKind::Heading => match b.hints.heading_level {
                Some(l) => out.push_str(&format!(
                    "{} {}\n",
                    "#".repeat(l.clamp(1, 6) as usize),
                    b.text
                )),
                None => out.push_str(&format!("{}\n", b.text)),
            },
            BlockKind::Paragraph if b.hints.bold => out.push_str(&format!("**{}**\n", b.text)),
            BlockKind::Paragraph => out.push_str(&format!("{}\n", b.text)),
            BlockKind::ListItem => out.push_str(&format!(
                "{} {}\n",
                b.hints.marker.as_deref().unwrap_or("-"),
                b.text
            )),
            BlockKind::TableRow => out.push_str(&format!("{}\n", b.cells.join("\t"))),
            BlockKind::PageBreak => out.push('\u{000C}'),
        }
        prev = Some(b.kind);
    }
    out
}
