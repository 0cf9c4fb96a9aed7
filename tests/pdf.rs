//! PDF reader against the fixtures: text fidelity versus pdftotext, block structure versus
//! the text seeds, tables, page provenance, bad files and mutated bytes.

use competency_atlas::document::{BlockKind, Document, clean_text};
use competency_atlas::limits::Limits;
use competency_atlas::pipeline::read_document;
use competency_atlas::{Error, ErrorKind};
use regex::Regex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

const STEMS: [(&str, &str); 5] = [
    ("000-derbyshire", "derbyshire-senior-leaders.txt"),
    ("001-mansfield", "mansfield-leadership.txt"),
    ("002-leadership-family", "leadership-family-grades-9-up.txt"),
    ("003-chesterfield-level2", "chesterfield-level-2.txt"),
    ("004-medway", "medway-senior-management.txt"),
];
const PRODUCERS: [&str; 2] = ["libreoffice", "chromium"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(stem: &str, producer: &str, ext: &str) -> PathBuf {
    root()
        .join("fixtures")
        .join(format!("{stem}.{producer}.{ext}"))
}

fn read_pdf(path: &Path) -> Document {
    read_document(path, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn read_err(path: &Path) -> Error {
    match read_document(path, &Limits::default()) {
        Ok(d) => panic!(
            "{}: expected an error, got {} blocks",
            path.display(),
            d.blocks.len()
        ),
        Err(e) => e,
    }
}

/// Words as compared: NFKC, lower case, punctuation stripped at the edges. Hyphenated
/// compounds are split at hyphens, so a compound broken at a line end ("decision-" /
/// "making") compares equal to the joined one.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in clean_text(text).to_lowercase().split_whitespace() {
        for part in raw.split(['-', '‐', '‑']) {
            let w = part.trim_matches(|c: char| !c.is_alphanumeric());
            if !w.is_empty() {
                out.push(w.to_string());
            }
        }
    }
    out
}

/// Whole tokens (not split at hyphens), for the glued/split word checks.
fn tokens(text: &str) -> Vec<String> {
    clean_text(text)
        .to_lowercase()
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| !w.is_empty() && !w.contains('-'))
        .collect()
}

static PAGE_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[-–—\s]*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?[-–—\s]*$").unwrap()
});

/// pdftotext's pages with running headers, footers and page numbers removed: among the
/// first/last two lines of a page, page numbers and lines that recur (digits masked) at a
/// page edge on three quarters of the pages or more. (Body text repeated after each
/// section, like 000's "Lead and Manage / the Organisation", stays.)
fn reference_pages(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut pages: Vec<Vec<String>> = text
        .split('\u{c}')
        .map(|p| {
            p.lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .collect();
    while pages.last().is_some_and(|p: &Vec<String>| p.is_empty()) {
        pages.pop();
    }
    let mask = |l: &str| {
        l.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect::<String>()
    };
    let edges = |p: &Vec<String>| -> Vec<usize> {
        let n = p.len();
        let mut v: Vec<usize> = [0, 1, n.saturating_sub(2), n.saturating_sub(1)]
            .into_iter()
            .filter(|&i| i < n)
            .collect();
        v.dedup();
        v
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for p in &pages {
        let mut seen: Vec<String> = edges(p).iter().map(|&i| mask(&p[i])).collect();
        seen.sort();
        seen.dedup();
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    let need = (pages.len() * 3 / 4).max(2);
    for p in &mut pages {
        let mut drop: Vec<usize> = edges(p)
            .into_iter()
            .filter(|&i| {
                PAGE_NO.is_match(&p[i]) || counts.get(&mask(&p[i])).is_some_and(|&c| c >= need)
            })
            .collect();
        drop.sort_unstable();
        drop.dedup();
        for i in drop.into_iter().rev() {
            p.remove(i);
        }
    }
    pages
}

fn block_text(doc: &Document) -> String {
    doc.blocks
        .iter()
        .map(|b| {
            if b.cells.is_empty() {
                b.text.clone()
            } else {
                b.cells.join(" ")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn counts(ws: &[String]) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for w in ws {
        *m.entry(w.as_str()).or_insert(0) += 1;
    }
    m
}

fn f1(ours: &[String], reference: &[String]) -> f64 {
    let (a, b) = (counts(ours), counts(reference));
    let common: usize = a
        .iter()
        .map(|(w, n)| (*n).min(*b.get(w).unwrap_or(&0)))
        .sum();
    let p = common as f64 / ours.len().max(1) as f64;
    let r = common as f64 / reference.len().max(1) as f64;
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[test]
fn text_fidelity_f1_against_pdftotext_layout() {
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (stem, _) in STEMS {
        for producer in PRODUCERS {
            let doc = read_pdf(&fixture(stem, producer, "pdf"));
            let reference = reference_pages(&fixture(stem, producer, "pdftotext-layout.txt"))
                .concat()
                .join("\n");
            let ours = block_text(&doc);
            let score = f1(&words(&ours), &words(&reference));
            report.push(format!("{stem}.{producer}: F1 {score:.4}"));
            if score < 0.99 {
                failures.push(format!("{stem}.{producer}: F1 {score:.4}"));
            }
            // Glued: a token of ours that is two reference tokens run together.
            let (ot, rt) = (tokens(&ours), tokens(&reference));
            let (oc, rc) = (counts(&ot), counts(&rt));
            for (t, _) in oc.iter().filter(|(t, _)| !rc.contains_key(*t)) {
                let chars: Vec<(usize, char)> = t.char_indices().collect();
                for &(i, _) in chars.iter().skip(1) {
                    if rc.contains_key(&t[..i]) && rc.contains_key(&t[i..]) && !rc.contains_key(*t)
                    {
                        failures.push(format!("{stem}.{producer}: glued word {t:?}"));
                        break;
                    }
                }
            }
            // Split: two adjacent tokens of ours that form one reference token we lack.
            for pair in ot.windows(2) {
                let joined = format!("{}{}", pair[0], pair[1]);
                if rc.contains_key(joined.as_str()) && !oc.contains_key(joined.as_str()) {
                    failures.push(format!("{stem}.{producer}: split word {joined:?}"));
                }
            }
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "{}\n{}",
        failures.join("\n"),
        report.join("\n")
    );
}

fn norm(s: &str) -> String {
    clean_text(s)
}

#[test]
fn list_items_agree_with_text_seed() {
    let mut failures = Vec::new();
    for (stem, seed) in STEMS {
        let text = read_document(&root().join("corpus").join(seed), &Limits::default()).unwrap();
        let want: Vec<String> = text
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::ListItem)
            .map(|b| norm(&b.text))
            .collect();
        if want.is_empty() {
            continue;
        }
        for producer in PRODUCERS {
            let doc = read_pdf(&fixture(stem, producer, "pdf"));
            let got: std::collections::HashSet<String> = doc
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::ListItem)
                .map(|b| norm(&b.text))
                .collect();
            let missing: Vec<&String> = want.iter().filter(|w| !got.contains(*w)).collect();
            let share = 1.0 - missing.len() as f64 / want.len() as f64;
            eprintln!(
                "{stem}.{producer}: {:.1}% of {} list items",
                share * 100.0,
                want.len()
            );
            if share < 0.97 {
                failures.push(format!(
                    "{stem}.{producer}: {:.1}% of list items; first missing: {:?}",
                    share * 100.0,
                    missing.iter().take(3).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn medway_tables_have_five_cells_and_rejoin_split_rows() {
    for producer in PRODUCERS {
        let doc = read_pdf(&fixture("004-medway", producer, "pdf"));
        let rows: Vec<_> = doc
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::TableRow)
            .collect();
        assert!(rows.len() > 30, "{producer}: {} rows", rows.len());
        assert!(
            rows.iter().all(|r| r.cells.len() == 5),
            "{producer}: a row without 5 cells"
        );
        let headers = rows.iter().filter(|r| r.hints.header_row).count();
        let header_texts = rows.iter().filter(|r| r.cells[0] == "Description").count();
        assert_eq!(
            headers, header_texts,
            "{producer}: repeated header rows kept"
        );
        for (i, b) in doc.blocks.iter().enumerate() {
            if b.kind == BlockKind::TableRow && b.cells[1] == "Ineffective Behaviours" {
                let prev = &doc.blocks[i - 1];
                assert_eq!(prev.kind, BlockKind::TableRow, "{producer}: {:?}", b.text);
                assert!(
                    prev.cells[0]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit()),
                    "{producer}: {:?}",
                    prev.cells
                );
                assert!(b.cells[0].is_empty() && !b.cells[2].is_empty() && b.cells[3].is_empty());
            }
        }
        let pm: Vec<_> = rows
            .iter()
            .filter(|r| r.cells[0].starts_with("4.6"))
            .collect();
        assert_eq!(
            pm.len(),
            1,
            "{producer}: 4.6 rows {:?}",
            pm.iter().map(|r| &r.cells).collect::<Vec<_>>()
        );
        assert!(
            pm[0].cells[0].contains("Performance management"),
            "{:?}",
            pm[0].cells
        );
        let seed = read_document(
            &root().join("corpus/medway-senior-management.txt"),
            &Limits::default(),
        )
        .unwrap();
        // The seed writes the row as its two page parts; joined cell by cell they are the row.
        let at = seed
            .blocks
            .iter()
            .position(|b| b.cells.first().is_some_and(|c| c.starts_with("4.6")))
            .unwrap();
        let (a, b) = (&seed.blocks[at].cells, &seed.blocks[at + 1].cells);
        let want: Vec<String> = a
            .iter()
            .zip(b)
            .map(|(x, y)| clean_text(&format!("{x} {y}")))
            .collect();
        assert_eq!(
            pm[0].cells, want,
            "{producer}: 4.6 row differs from the text seed"
        );
    }
}

#[test]
fn page_numbers_match_pdftotext() {
    for (stem, _) in STEMS {
        for producer in PRODUCERS {
            let doc = read_pdf(&fixture(stem, producer, "pdf"));
            let text = std::fs::read_to_string(fixture(stem, producer, "pdftotext.txt")).unwrap();
            let pages: Vec<String> = text.split('\u{c}').map(|p| clean_text(p)).collect();
            let (mut checked, mut wrong) = (0, Vec::new());
            for b in doc.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph) {
                let ws: Vec<&str> = b.text.split(' ').collect();
                if ws.len() < 8 {
                    continue;
                }
                let probe = ws[..6].join(" ");
                let hits: Vec<usize> = pages
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.contains(&probe))
                    .map(|(i, _)| i + 1)
                    .collect();
                if hits.len() == 1 {
                    checked += 1;
                    if hits[0] as u32 != b.page {
                        wrong.push(format!("{probe:?}: ours {} pdftotext {}", b.page, hits[0]));
                    }
                }
            }
            assert!(
                checked >= 3,
                "{stem}.{producer}: only {checked} sentences checked"
            );
            assert!(wrong.is_empty(), "{stem}.{producer}: {wrong:?}");
        }
    }
}

fn bad(name: &str) -> PathBuf {
    root().join("fixtures/bad").join(name)
}

#[test]
fn damaged_xref_and_startxref_are_repaired() {
    let good = read_pdf(&root().join("fixtures/000-derbyshire.libreoffice.pdf"));
    for name in ["corrupt-xref.pdf", "corrupt-startxref.pdf"] {
        let doc = read_pdf(&bad(name));
        assert_eq!(doc.pages, Some(17), "{name}");
        assert_eq!(doc.blocks, good.blocks, "{name}");
    }
}

#[test]
fn owner_only_encryption_is_decrypted() {
    let rc4 = read_pdf(&bad("encrypted-owner-only-rc4.pdf"));
    let plain = read_pdf(&root().join("fixtures/004-medway.libreoffice.pdf"));
    assert_eq!(rc4.blocks, plain.blocks);
    let aes = read_pdf(&bad("encrypted-owner-only-aes256.pdf"));
    let plain = read_pdf(&root().join("fixtures/003-chesterfield-level2.chromium.pdf"));
    assert_eq!(aes.blocks, plain.blocks);
}

#[test]
fn bad_pdfs_give_their_specific_errors() {
    assert_eq!(
        read_err(&bad("encrypted-user-password.pdf")).kind,
        ErrorKind::Encrypted
    );
    assert_eq!(read_err(&bad("image-only.pdf")).kind, ErrorKind::NoText);
    assert_eq!(read_err(&bad("empty.pdf")).kind, ErrorKind::Empty);
    for (name, says) in [
        ("truncated.pdf", "truncated"),
        ("html-error-page.pdf", "HTML"),
    ] {
        let e = read_err(&bad(name));
        match &e.kind {
            ErrorKind::Damaged(why) => {
                assert!(
                    why.starts_with("PDF is damaged: ") && why.contains(says),
                    "{name}: {why}"
                )
            }
            other => panic!("{name}: {other:?}"),
        }
        assert!(e.to_string().contains(name));
    }
}

mod mutated {
    use super::*;
    use proptest::prelude::*;

    /// Fixtures saved with their streams inflated, so mutations reach fonts, CMaps and
    /// content streams rather than only breaking a deflate stream.
    fn seeds() -> &'static [Vec<u8>] {
        static BYTES: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
            [
                "003-chesterfield-level2.libreoffice.pdf",
                "004-medway.chromium.pdf",
            ]
            .iter()
            .map(|name| {
                let mut doc = lopdf::Document::load(root().join("fixtures").join(name)).unwrap();
                doc.decompress();
                let mut buf = Vec::new();
                doc.save_to(&mut buf).unwrap();
                buf
            })
            .collect()
        });
        &BYTES
    }

    fn cases() -> u32 {
        std::env::var("PDF_FUZZ_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn mutated_fixture_bytes_never_panic(
            which in any::<bool>(),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16),
            cut in any::<prop::sample::Index>(),
            truncate in any::<bool>(),
        ) {
            let mut bytes = seeds()[which as usize].clone();
            for (i, b) in edits {
                let i = i.index(bytes.len());
                bytes[i] = b;
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len()).max(1));
            }
            let _ = competency_atlas::document::pdf::read(Path::new("m.pdf"), &bytes, &Limits::default());
        }
    }
}

/// One block per paragraph / list item / heading / table row, wrapped lines joined: most of
/// the text version's blocks appear verbatim in the PDF's blocks, and with the same kind.
#[test]
fn blocks_agree_with_text_seed() {
    let mut failures = Vec::new();
    for (stem, seed) in STEMS {
        let text = read_document(&root().join("corpus").join(seed), &Limits::default()).unwrap();
        let want: Vec<(BlockKind, String)> = text
            .blocks
            .iter()
            .filter(|b| b.kind != BlockKind::PageBreak && !b.text.is_empty())
            .map(|b| (b.kind, norm(&b.text)))
            .collect();
        for producer in PRODUCERS {
            let doc = read_pdf(&fixture(stem, producer, "pdf"));
            let got: HashMap<String, BlockKind> =
                doc.blocks.iter().map(|b| (norm(&b.text), b.kind)).collect();
            let found: Vec<&(BlockKind, String)> =
                want.iter().filter(|(_, t)| got.contains_key(t)).collect();
            let same_kind = found.iter().filter(|(k, t)| got.get(t) == Some(k)).count();
            let share = found.len() as f64 / want.len() as f64;
            eprintln!(
                "{stem}.{producer}: {:.1}% of {} seed blocks found verbatim, {:.1}% with the same kind",
                share * 100.0,
                want.len(),
                same_kind as f64 / want.len() as f64 * 100.0
            );
            if std::env::var("SHOW_MISSING").is_ok() {
                for (k, t) in want.iter().filter(|(_, t)| !got.contains_key(t)) {
                    eprintln!("   missing {k:?} {t:.120}");
                }
            }
            if share < 0.9 {
                failures.push(format!("{stem}.{producer}: {:.1}%", share * 100.0));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
