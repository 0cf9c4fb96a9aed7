//! One pipeline, one model: a DOCX or PDF of a seed gives the same Framework as its text.

use competency_atlas::Framework;
use competency_atlas::pipeline::{self, Options};
use std::path::Path;

const SEEDS: [(&str, &str); 5] = [
    ("derbyshire-senior-leaders.txt", "000-derbyshire"),
    ("mansfield-leadership.txt", "001-mansfield"),
    ("leadership-family-grades-9-up.txt", "002-leadership-family"),
    ("chesterfield-level-2.txt", "003-chesterfield-level2"),
    ("medway-senior-management.txt", "004-medway"),
];

fn extract(rel: &str) -> Framework {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let opts = Options {
        council: Some("Council".into()),
        ..Default::default()
    };
    pipeline::extract_file(&path, &opts).unwrap_or_else(|e| panic!("{e}"))
}

type Row = (String, Option<String>, String, Option<String>, &'static str);

fn rows(fw: &Framework) -> Vec<Row> {
    fw.indicators()
        .map(|(c, i)| {
            let text = i.text.split_whitespace().collect::<Vec<_>>().join(" ");
            (
                c.name.clone(),
                c.group.clone(),
                text,
                i.level.clone(),
                i.polarity.as_str(),
            )
        })
        .collect()
}

/// Share of the text version's indicators found, in order, in the other version (longest
/// common subsequence over (competency, group, text, level, polarity)).
fn agreement(expected: &[Row], got: &[Row]) -> f64 {
    let mut dp = vec![vec![0u32; got.len() + 1]; expected.len() + 1];
    for i in 0..expected.len() {
        for j in 0..got.len() {
            dp[i + 1][j + 1] = if expected[i] == got[j] {
                dp[i][j] + 1
            } else {
                dp[i][j + 1].max(dp[i + 1][j])
            };
        }
    }
    dp[expected.len()][got.len()] as f64 / expected.len().max(got.len()) as f64
}

fn check(suffix: &str, floor: f64) {
    for (txt, stem) in SEEDS {
        let text = extract(&format!("corpus/{txt}"));
        let other = extract(&format!("fixtures/{stem}{suffix}"));
        let names = |fw: &Framework| {
            fw.competencies
                .iter()
                .map(|c| c.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(&other),
            names(&text),
            "{stem}{suffix}: competency names"
        );
        let levels = |fw: &Framework| {
            fw.levels
                .iter()
                .map(|l| l.label.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(levels(&other), levels(&text), "{stem}{suffix}: levels");
        let a = agreement(&rows(&text), &rows(&other));
        assert!(
            a >= floor,
            "{stem}{suffix}: indicator agreement {a:.3} < {floor}"
        );
    }
}

#[test]
fn docx_gives_the_same_framework_as_text() {
    check(".docx", 1.0);
}

#[test]
fn libreoffice_pdf_gives_the_same_framework_as_text() {
    check(".libreoffice.pdf", 1.0);
}

#[test]
fn chromium_pdf_gives_the_same_framework_as_text() {
    check(".chromium.pdf", 1.0);
}

/// Page provenance: an indicator's page in the PDF is the page pdftotext puts its text on
/// (the reference text separates pages with form feeds).
#[test]
fn pdf_pages_in_provenance_match_the_reference() {
    for stem in [
        "000-derbyshire.libreoffice",
        "004-medway.chromium",
        "001-mansfield.chromium",
    ] {
        let fw = extract(&format!("fixtures/{stem}.pdf"));
        let reference = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/{stem}.pdftotext.txt")),
        )
        .unwrap();
        let pages: Vec<String> = reference
            .split('\u{000C}')
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        let mut checked = 0;
        for (_, i) in fw.indicators() {
            let words: Vec<&str> = i.text.split_whitespace().take(5).collect();
            if words.len() < 5 {
                continue;
            }
            let probe = words.join(" ");
            let on: Vec<usize> = (0..pages.len())
                .filter(|&p| pages[p].contains(&probe))
                .collect();
            if on.len() == 1 {
                assert_eq!(i.source.page as usize, on[0] + 1, "{stem}: {:?}", i.text);
                checked += 1;
            }
        }
        assert!(checked > 50, "{stem}: only {checked} indicators checked");
    }
}

#[test]
fn odt_gives_the_same_framework_as_text() {
    let text = extract("corpus/chesterfield-level-2.txt");
    let odt = extract("fixtures/003-chesterfield-level2.odt");
    assert_eq!(rows(&odt), rows(&text));
}

#[test]
fn bad_odt_files_get_clear_reasons() {
    use competency_atlas::document::Format;
    let read = |bytes: &[u8]| {
        pipeline::read_bytes(Path::new("x.odt"), bytes, Format::Odt, &Default::default())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        read(b"just text"),
        "x.odt: not an ODT file (not a zip archive)"
    );
    let odt = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/003-chesterfield-level2.odt"),
    )
    .unwrap();
    assert!(
        read(&odt[..odt.len() * 6 / 10])
            .contains("ODT is damaged: the zip directory cannot be read")
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("mimetype", zip::write::SimpleFileOptions::default())
        .unwrap();
    let no_content = zip.finish().unwrap().into_inner();
    assert_eq!(
        read(&no_content),
        "x.odt: ODT is damaged: content.xml is missing"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(
        &mut zip,
        b"<office:document-content><office:body><text:p>cut",
    )
    .unwrap();
    let cut = zip.finish().unwrap().into_inner();
    assert!(read(&cut).contains("content.xml"), "{}", read(&cut));
}
