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
/// may add blocks; its running header/footer are not blocks at all). A table row also matches
/// as its cells joined by spaces, for seeds that write a DOCX table as lines.
fn assert_in_order(seed: &[String], docx: &Document) {
    let haystack: Vec<(String, String)> = docx
        .blocks
        .iter()
        .map(|b| (norm(&b.text), norm(&b.cells.join(" "))))
        .collect();
    let mut at = 0;
    for want in seed {
        match haystack[at..]
            .iter()
            .position(|(t, joined)| t == want || joined == want)
        {
            Some(i) => at += i + 1,
            None => panic!(
                "{want:?} not found in the DOCX after block {at}; next there: {:?}",
                &haystack[at..haystack.len().min(at + 5)]
            ),
        }
    }
}

const HEADER: [&str; 5] = ["Description", "Level 1", "Level 2", "Level 3", "Level 4"];

/// Where a text seed itself differs from its DOCX (not a reader bug), said once per seed.
struct Seed {
    docx: &'static str,
    text: &'static str,
    /// Bulleted in the DOCX, but written without a bullet in the text seed, so the text
    /// reader sees a plain paragraph there.
    unbulleted_in_text: &'static [&'static str],
    /// The DOCX has a table the text seed writes as plain lines ("Level 1 Chief Executives…").
    table_as_lines: bool,
}

const SEEDS: [Seed; 5] = [
    Seed {
        docx: "fixtures/000-derbyshire.docx",
        text: "corpus/derbyshire-senior-leaders.txt",
        unbulleted_in_text: &[
            "Resident and Outcome Focused",
            "Delivering High Performance",
            "Learning through Delivery",
            "Collaborative Leadership",
            "Influencing and Engaging Across Our Networks",
            "Politically Astute",
            "Strategic Perspective",
            "Intelligent Decision Making",
            "Changing and Improving",
        ],
        table_as_lines: false,
    },
    Seed {
        docx: "fixtures/001-mansfield.docx",
        text: "corpus/mansfield-leadership.txt",
        unbulleted_in_text: &[
            "Changing and improving",
            "Making effective decisions",
            "Collaborating and partnering",
            "Building capacity for all",
            "Delivering value for money",
            "Managing a quality service",
            "Delivering at pace",
        ],
        table_as_lines: true,
    },
    Seed {
        docx: "fixtures/002-leadership-family.docx",
        text: "corpus/leadership-family-grades-9-up.txt",
        // The seed lost the bullet of the first item or two of some lists (a blank line, or a
        // leading space, where the bullet was).
        unbulleted_in_text: &[
            "Being aware of their own emotions.",
            "Being aware of their personal impact on others, particularly when they are under pressure as they have an understanding of the 'triggers' to which they are susceptible.",
            "A deep motivation to improve performance in public services and thereby to make a real difference to the community",
            "Being prepared to take action now to shape and implement a vision for the future development of services.",
            "Taking the time to gather information from a wide range of sources.",
            "Showing an ability to understand diverse interest groups and power bases, the wider community, and the dynamics between them, so as to lead company services more effectively.",
        ],
        table_as_lines: false,
    },
    Seed {
        docx: "fixtures/003-chesterfield-level2.docx",
        text: "corpus/chesterfield-level-2.txt",
        unbulleted_in_text: &[],
        table_as_lines: false,
    },
    Seed {
        docx: "fixtures/004-medway.docx",
        text: "corpus/medway-senior-management.txt",
        unbulleted_in_text: &[],
        table_as_lines: false,
    },
];

/// Text-seed table rows in the DOCX's shape: the seed repeats the header row before every
/// competency (the DOCX has one per table, marked `w:tblHeader`), and it splits row 4.6 over
/// two lines (a row broken across a page where it was copied from): a row whose first cell
/// is empty and that is not an "Ineffective Behaviours" row continues the row before it.
fn seed_rows(doc: &Document) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for row in rows(&doc.blocks) {
        if row == HEADER {
            continue;
        }
        let continues = row.first().is_some_and(|c| c.is_empty())
            && row.get(1).is_some_and(|c| c != "Ineffective Behaviours")
            && !out.is_empty();
        if continues {
            let prev = out.last_mut().expect("checked");
            for (i, cell) in row.iter().enumerate().skip(1) {
                if !cell.is_empty() && i < prev.len() {
                    prev[i] = norm(&format!("{} {}", prev[i], cell));
                }
            }
        } else {
            out.push(row);
        }
    }
    out
}

fn check_seed(i: usize) {
    let seed = &SEEDS[i];
    let docx = read(seed.docx);
    let text = read(seed.text);
    assert_eq!(docx.format, Format::Docx);

    let docx_items = texts(&docx, &[BlockKind::ListItem]);
    let text_paragraphs = texts(&text, &[BlockKind::Paragraph]);
    for extra in seed.unbulleted_in_text {
        assert!(
            docx_items.iter().any(|t| t == extra),
            "{extra:?} is not a list item in {}",
            seed.docx
        );
        assert!(
            text_paragraphs.iter().any(|t| t == extra),
            "{extra:?} is not a paragraph in {}",
            seed.text
        );
    }
    let docx_items: Vec<String> = docx_items
        .into_iter()
        .filter(|t| !seed.unbulleted_in_text.contains(&t.as_str()))
        .collect();
    assert_eq!(
        docx_items,
        texts(&text, &[BlockKind::ListItem]),
        "list items of {}",
        seed.docx
    );

    assert_in_order(
        &texts(&text, &[BlockKind::Heading, BlockKind::Paragraph]),
        &docx,
    );

    let docx_rows: Vec<Vec<String>> = rows(&docx.blocks)
        .into_iter()
        .filter(|r| r != &HEADER)
        .collect();
    if seed.table_as_lines {
        assert!(rows(&text.blocks).is_empty());
        assert!(!docx_rows.is_empty(), "{} should have a table", seed.docx);
    } else {
        assert_eq!(docx_rows, seed_rows(&text), "table rows of {}", seed.docx);
    }
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

#[test]
fn medway_tables_have_one_header_row_each_and_merged_cells_on_the_grid() {
    let doc = read("fixtures/004-medway.docx");
    let tables = doc.blocks.iter().filter(|b| b.hints.header_row).count();
    assert!(tables >= 5, "one kept header row per table, got {tables}");
    assert!(
        doc.blocks
            .iter()
            .filter(|b| b.hints.header_row)
            .all(|b| b.cells == HEADER)
    );
    let ineffective: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| {
            b.cells
                .get(1)
                .is_some_and(|c| c == "Ineffective Behaviours")
        })
        .collect();
    assert!(!ineffective.is_empty());
    for row in ineffective {
        assert_eq!(row.cells.len(), 5);
        assert_eq!(row.cells[0], "", "vMerge continuation is empty");
        assert!(!row.cells[2].is_empty());
        assert_eq!(row.cells[3..], ["", ""], "gridSpan=3 pads two cells");
    }
    let banner = doc
        .blocks
        .iter()
        .find(|b| b.text.starts_with("Proud to be Medway"))
        .expect("banner");
    assert_eq!(banner.kind, BlockKind::Paragraph);
    assert!(banner.hints.bold);
    assert!(doc.blocks.iter().any(|b| {
        b.text
            .contains("Does not embody the Seven Principles of Public Life ;")
    }));
}

#[test]
fn page_furniture_stays_out_and_page_breaks_count_pages() {
    let doc = read("fixtures/000-derbyshire.docx");
    assert!(
        doc.blocks
            .iter()
            .all(|b| !b.text.contains("Page ") || !b.text.contains(" of "))
    );
    assert!(
        doc.blocks
            .iter()
            .all(|b| b.text != "Competency Framework – Senior Leaders")
    );
    let breaks = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::PageBreak)
        .count() as u32;
    assert!(breaks > 5);
    assert_eq!(doc.pages, Some(breaks + 1));
    assert_eq!(doc.blocks.last().map(|b| b.page), Some(breaks + 1));
    // pageBreakBefore (002) counts as well.
    let doc = read("fixtures/002-leadership-family.docx");
    assert!(doc.blocks.iter().any(|b| b.kind == BlockKind::PageBreak));
    let title = &doc.blocks[0];
    assert_eq!(title.hints.heading_level, Some(0));
}

#[test]
fn headings_keep_typed_numbers_and_list_style_numbering_gives_items() {
    let doc = read("fixtures/001-mansfield.docx");
    let headings = texts(&doc, &[BlockKind::Heading]);
    assert!(
        headings.iter().any(|h| h.starts_with("5.0 LEVEL 1")),
        "{headings:?}"
    );
    assert!(
        headings
            .iter()
            .any(|h| h == "1. Seeing the big picture" || h.starts_with("1. Seeing"))
    );
    let item = doc
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::ListItem)
        .expect("items");
    assert_eq!(item.hints.marker.as_deref(), Some("•"));
    assert_eq!(item.hints.style.as_deref(), Some("List Bullet"));
}

/// Each broken file fails fast with its own reason, naming the part where there is one.
#[test]
fn every_bad_docx_gets_its_own_clear_error_quickly() {
    let cases = [
        ("empty.docx", "file is empty"),
        ("plain-text.docx", "not a DOCX file (not a zip archive)"),
        (
            "truncated.docx",
            "DOCX is damaged: truncated (zip directory missing)",
        ),
        (
            "missing-document-xml.docx",
            "DOCX is damaged: word/document.xml is missing",
        ),
        (
            "corrupt-deflate.docx",
            "DOCX is damaged: word/document.xml cannot be decompressed",
        ),
        (
            "malformed-xml.docx",
            "DOCX is damaged: word/document.xml is not well-formed XML",
        ),
        (
            "zip-bomb.docx",
            "safety limit reached: DOCX part word/document.xml inflates to 240000005 bytes",
        ),
    ];
    let mut seen = Vec::new();
    for (file, want) in cases {
        let path = root().join("fixtures/bad").join(file);
        let started = Instant::now();
        let result = read_document(&path, &Limits::default());
        let elapsed = started.elapsed();
        let err = result.expect_err(file);
        let msg = err.to_string();
        assert!(msg.contains(want), "{file}: {msg}");
        assert!(
            msg.starts_with(&path.display().to_string()),
            "names the file: {msg}"
        );
        assert!(elapsed < Duration::from_secs(2), "{file} took {elapsed:?}");
        assert!(
            !seen.contains(&err.kind),
            "{file} shares its error with another file"
        );
        seen.push(err.kind);
    }
}

/// The time budget holds even if docx-rs were to hang: a zero budget stops at the check.
#[test]
fn an_exhausted_time_budget_is_a_limit_error() {
    let path = root().join("fixtures/000-derbyshire.docx");
    let bytes = std::fs::read(&path).unwrap();
    let limits = Limits {
        time_budget: Duration::ZERO,
        ..Limits::default()
    };
    let err = read_bytes(&path, &bytes, Format::Docx, &limits).unwrap_err();
    assert!(err.to_string().contains("time budget"), "{err}");
}

#[test]
fn a_small_part_limit_names_the_part() {
    let path = root().join("fixtures/000-derbyshire.docx");
    let bytes = std::fs::read(&path).unwrap();
    let limits = Limits {
        max_part_bytes: 10_000,
        ..Limits::default()
    };
    let err = read_bytes(&path, &bytes, Format::Docx, &limits).unwrap_err();
    assert!(err.to_string().contains("word/document.xml"), "{err}");
    let limits = Limits {
        max_total_inflated_bytes: 50_000,
        ..Limits::default()
    };
    let err = read_bytes(&path, &bytes, Format::Docx, &limits).unwrap_err();
    assert!(err.to_string().contains("in all"), "{err}");
}

const MEMORY_CHILD: &str = "ATLAS_DOCX_MEMORY_CHILD";

/// Runs only inside the child process started by `zip_bomb_peak_memory_stays_small`: reads
/// the file named in the environment and prints the process's peak resident set.
#[test]
fn memory_child() {
    let Ok(file) = std::env::var(MEMORY_CHILD) else {
        return;
    };
    let result = read_document(Path::new(&file), &Limits::default());
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .unwrap_or("VmHWM: 0 kB");
    println!("RESULT {}", if result.is_ok() { "ok" } else { "err" });
    println!("PEAK {hwm}");
}

fn peak_kb(file: &Path) -> (u64, String) {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "memory_child", "--nocapture", "--test-threads=1"])
        .env(MEMORY_CHILD, file)
        .output()
        .expect("child test process");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = stdout
        .lines()
        .find(|l| l.starts_with("PEAK "))
        .unwrap_or_else(|| panic!("no peak in {stdout}"));
    let kb = line
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .expect("VmHWM in kB");
    (kb, stdout)
}

/// docx-rs alone takes 8.1 GiB on this file; the reader must refuse it in well under 100 MB.
#[test]
fn zip_bomb_peak_memory_stays_small() {
    if !Path::new("/proc/self/status").exists() {
        eprintln!("no /proc: peak memory not measured on this platform");
        return;
    }
    let (kb, out) = peak_kb(&root().join("fixtures/bad/zip-bomb.docx"));
    assert!(out.contains("RESULT err"), "{out}");
    eprintln!("zip-bomb.docx: peak RSS {kb} kB");
    assert!(kb < 100 * 1024, "peak RSS {kb} kB");
    // For scale: a normal file in the same harness.
    let (normal, _) = peak_kb(&root().join("fixtures/004-medway.docx"));
    eprintln!("004-medway.docx: peak RSS {normal} kB");
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn fixture() -> &'static [u8] {
        static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        BYTES.get_or_init(|| std::fs::read(root().join("fixtures/004-medway.docx")).unwrap())
    }

    /// 004 re-packed (parts stored, CRCs recomputed) with `word/document.xml` replaced, so that
    /// a mutation of the XML itself gets past the checksum and reaches the XML check and, when
    /// it is still well-formed, docx-rs.
    fn repack_with_document(xml: &[u8]) -> Vec<u8> {
        repack_with("word/document.xml", xml)
    }

    pub(super) fn repack_with(part: &str, xml: &[u8]) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(fixture())).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..archive.len() {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            let name = f.name().unwrap().into_owned();
            out.start_file(name.as_str(), opts).unwrap();
            if name == part {
                out.write_all(xml).unwrap();
            } else {
                out.write_all(&data).unwrap();
            }
        }
        out.finish().unwrap().into_inner()
    }

    fn document_xml() -> &'static [u8] {
        static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        BYTES.get_or_init(|| {
            use std::io::Read;
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(fixture())).unwrap();
            let mut data = Vec::new();
            archive
                .by_name("word/document.xml")
                .unwrap()
                .read_to_end(&mut data)
                .unwrap();
            data
        })
    }

    /// Whatever the bytes, the reader gives Ok or a one-line error naming the file, in
    /// bounded time, and never panics.
    fn assert_reads_cleanly(bytes: &[u8]) -> Result<(), TestCaseError> {
        let path = Path::new("fuzz.docx");
        let limits = Limits {
            time_budget: Duration::from_secs(5),
            ..Limits::default()
        };
        let started = Instant::now();
        let result = std::panic::catch_unwind(|| read_bytes(path, bytes, Format::Docx, &limits));
        prop_assert!(result.is_ok(), "the reader panicked");
        if let Err(e) = result.unwrap() {
            let msg = e.to_string();
            prop_assert!(
                msg.starts_with("fuzz.docx: ") && msg.len() > 20 && !msg.contains('\n'),
                "{msg}"
            );
        }
        prop_assert!(started.elapsed() < Duration::from_secs(6));
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), zip_magic in any::<bool>()) {
            let mut bytes = bytes;
            if zip_magic {
                bytes.splice(0..0, *b"PK\x03\x04");
            }
            assert_reads_cleanly(&bytes)?;
        }

        #[test]
        fn mutated_docx_never_panics(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            cut in proptest::option::of(any::<prop::sample::Index>()),
        ) {
            let mut bytes = fixture().to_vec();
            for (at, value) in edits {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len()).max(1));
            }
            assert_reads_cleanly(&bytes)?;
        }

        /// Edits that keep the markup characters in place mostly leave the XML well-formed
        /// and change names, values and text instead: odd documents for docx-rs itself.
        #[test]
        fn mutated_document_xml_never_panics(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), prop::sample::select(&b"0123456789abcdefxyz -wpt:\"'<>/&;="[..])), 1..6),
        ) {
            let mut xml = document_xml().to_vec();
            for (at, value) in edits {
                let i = at.index(xml.len());
                xml[i] = value;
            }
            assert_reads_cleanly(&repack_with_document(&xml))?;
        }
    }
}

/// docx-rs reads every XML part, not only the document: a broken one is named, and nesting
/// deep enough to overflow docx-rs's recursive parser is refused before it runs.
#[test]
fn broken_side_parts_and_deep_nesting_are_named() {
    let path = Path::new("side.docx");
    let read = |part: &str, xml: &[u8]| {
        read_bytes(
            path,
            &fuzz::repack_with(part, xml),
            Format::Docx,
            &Limits::default(),
        )
        .unwrap_err()
        .to_string()
    };
    let styles = read("word/styles.xml", br#"<w:styles xmlns:w="w"><w:style>"#);
    assert!(
        styles.contains("word/styles.xml is not well-formed XML"),
        "{styles}"
    );
    let footer = read("word/footer1.xml", br#"<w:ftr xmlns:w="w"><w:p></w:ftr>"#);
    assert!(
        footer.contains("word/footer1.xml is not well-formed XML"),
        "{footer}"
    );
    let deep = format!(
        r#"<w:document xmlns:w="w"><w:body>{}</w:body></w:document>"#,
        "<w:sdt>".repeat(300) + &"</w:sdt>".repeat(300)
    );
    let deep = read("word/document.xml", deep.as_bytes());
    assert!(
        deep.contains("safety limit reached: word/document.xml nests elements more than"),
        "{deep}"
    );
}
