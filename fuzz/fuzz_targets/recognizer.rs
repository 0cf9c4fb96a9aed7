//! Arbitrary block sequences straight into the recognizer (the readers' output space).
#![no_main]
use competency_atlas::document::{Block, BlockKind, Format, empty_document};
use libfuzzer_sys::fuzz_target;

const KINDS: [BlockKind; 5] =
    [BlockKind::Heading, BlockKind::Paragraph, BlockKind::ListItem, BlockKind::TableRow, BlockKind::PageBreak];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut doc = empty_document(std::path::Path::new("fuzz.txt"), Format::Txt, data);
    for (i, line) in text.split('\n').enumerate() {
        let kind = KINDS[line.len() % KINDS.len()];
        let mut b = if kind == BlockKind::TableRow {
            Block::row(line.split('\t').map(String::from).collect(), 1, i as u32 + 1)
        } else {
            Block::new(kind, line, 1, i as u32 + 1)
        };
        b.hints.heading_level = (line.len() % 7 < 6).then_some((line.len() % 7) as u8);
        b.hints.bold = line.len() % 3 == 0;
        doc.blocks.push(b);
    }
    let _ = competency_atlas::extract::recognize(&doc);
});
