//! The DOCX reader against the text seeds it was made from, and against broken files.

use competency_atlas::document::{Block, BlockKind, Document, Format};
use competency_atlas::limits::Limits;
use competency_atlas::pipeline::{read_bytes, read_document};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> Document {
    let path = root().join(rel);
    read_document(&path, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn texts(doc: &Document, kinds: &[BlockKind]) -> Vec<String> {
    doc.blocks
        .iter()
        .filter(|b| kinds.contains(&b.kind))
        .map(|b| norm(&b.text))
        .collect()
}

fn rows(blocks: &[Block]) -> Vec<Vec<String>> {
    blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableRow)
        .map(|b| b.cells.iter().map(|c| norm(c)).collect())
        .collect()
}

/// Every text block of the seed appears among the DOCX's blocks, in the same order (the DOCX
/// may add blocks: its running header/footer are not blocks, but nothing else is expected).
fn assert_in_order(seed: &[String], docx: &Document) {
    let haystack: Vec<String> = docx.blocks.iter().map(|b| norm(&b.text)).collect();
    let mut at = 0;
    for want in seed {
        match haystack[at..].iter().position(|h| h == want) {
            Some(i) => at += i + 1,
            None => panic!(
                "{want:?} not found in the DOCX after block {at}; next there: {:?}",
                &haystack[at..haystack.len().min(at + 5)]
            ),
        }
    }
}

struct Seed {
    docx: &'static str,
    text: &'static str,
}

const SEEDS: [Seed; 5] = [
    Seed {
        docx: "fixtures/000-derbyshire.docx",
        text: "corpus/derbyshire-senior-leaders.txt",
    },
    Seed {
        docx: "fixtures/001-mansfield.docx",
        text: "corpus/mansfield-leadership.txt",
    },
    Seed {
        docx: "fixtures/002-leadership-family.docx",
        text: "corpus/leadership-family-grades-9-up.txt",
    },
    Seed {
        docx: "fixtures/003-chesterfield-level2.docx",
        text: "corpus/chesterfield-level-2.txt",
    },
    Seed {
        docx: "fixtures/004-medway.docx",
        text: "corpus/medway-senior-management.txt",
    },
];

fn check_seed(i: usize) {
    let seed = &SEEDS[i];
    let docx = read(seed.docx);
    let text = read(seed.text);
    assert_eq!(docx.format, Format::Docx);
    assert_eq!(
        texts(&docx, &[BlockKind::ListItem]),
        texts(&text, &[BlockKind::ListItem]),
        "list items of {}",
        seed.docx
    );
    assert_in_order(
        &texts(&text, &[BlockKind::Heading, BlockKind::Paragraph]),
        &docx,
    );
    assert_eq!(
        rows(&docx.blocks),
        rows(&text.blocks),
        "table rows of {}",
        seed.docx
    );
}

#[test]
fn seed_000_derbyshire_matches_its_text() {
    check_seed(0);
}

#[test]
fn seed_001_mansfield_matches_its_text() {
    check_seed(1);
}

#[test]
fn seed_002_leadership_family_matches_its_text() {
    check_seed(2);
}

#[test]
fn seed_003_chesterfield_matches_its_text() {
    check_seed(3);
}

#[test]
fn seed_004_medway_matches_its_text() {
    check_seed(4);
}
