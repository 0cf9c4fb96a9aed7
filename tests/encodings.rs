//! The same seed in legacy encodings and line endings gives the same Framework.

use competency_atlas::Framework;
use competency_atlas::pipeline::{self, Options};
use std::path::Path;

fn extract(rel: &str) -> Framework {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let opts = Options {
        council: Some("Test Council".into()),
        ..Default::default()
    };
    pipeline::extract_file(&path, &opts).unwrap_or_else(|e| panic!("{e}"))
}

fn indicators(fw: &Framework) -> Vec<(String, String, Option<String>, &'static str)> {
    fw.indicators()
        .map(|(c, i)| {
            (
                c.name.clone(),
                i.text.clone(),
                i.level.clone(),
                i.polarity.as_str(),
            )
        })
        .collect()
}

#[test]
fn windows_1252_matches_utf8() {
    let utf8 = extract("corpus/derbyshire-senior-leaders.txt");
    let cp = extract("fixtures/bad/000-derbyshire.cp1252.txt");
    assert_eq!(indicators(&cp), indicators(&utf8));
    assert!(cp.warnings.iter().any(|w| w.contains("Windows-1252")));
    // Curly quotes and en dashes survive.
    assert!(cp.indicators().any(|(_, i)| {
        i.text
            .contains("risk taking and responsive decision making – shows")
    }));
    let utf8 = extract("corpus/chesterfield-level-2.txt");
    let cp = extract("fixtures/bad/003-chesterfield-level2.cp1252.txt");
    assert_eq!(indicators(&cp), indicators(&utf8));
    assert!(
        cp.indicators()
            .any(|(_, i)| i.text.contains("service area’s priorities"))
    );
}

#[test]
fn utf16_with_bom_matches_utf8() {
    let utf8 = extract("corpus/chesterfield-level-2.txt");
    let u16 = extract("fixtures/bad/003-chesterfield-level2.utf16le-bom.txt");
    assert_eq!(indicators(&u16), indicators(&utf8));
    assert_eq!(u16.competencies[0].name, "One council one team");
}

#[test]
fn utf8_bom_and_crlf_match() {
    let plain = extract("corpus/mansfield-leadership.txt");
    let crlf = extract("fixtures/bad/001-mansfield.utf8-bom-crlf.txt");
    assert_eq!(indicators(&crlf), indicators(&plain));
    assert!(crlf.warnings.is_empty(), "{:?}", crlf.warnings);
}

#[test]
fn empty_file_is_a_clear_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad/empty.txt");
    let err = pipeline::extract_file(&path, &Options::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: file is empty", path.display())
    );
}
