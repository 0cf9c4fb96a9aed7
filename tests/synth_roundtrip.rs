//! Round trip: a generated framework, written as a document in each format, extracts back
//! into itself.

use competency_atlas::Framework;
use competency_atlas::document::Format;
use competency_atlas::limits::Limits;
use competency_atlas::{extract, pipeline, synth};
use std::path::Path;

type Shape = (
    String,
    Option<String>,
    Vec<(String, Option<String>, &'static str)>,
);

fn shape(fw: &Framework) -> Vec<Shape> {
    fw.competencies
        .iter()
        .map(|c| {
            let inds = c
                .indicators
                .iter()
                .map(|i| (i.text.clone(), i.level.clone(), i.polarity.as_str()))
                .collect();
            (c.name.clone(), c.group.clone(), inds)
        })
        .collect()
}

fn round_trip(format: Format, count: u64) {
    let mut layouts = std::collections::BTreeMap::new();
    for n in 0..count {
        let (expected, layout) = synth::framework(42, n);
        let bytes = synth::render(&expected, layout, format).unwrap();
        let name = format!("synth.{}", format.as_str());
        let doc = pipeline::read_bytes(Path::new(&name), &bytes, format, &Limits::default())
            .unwrap_or_else(|e| panic!("framework {n} ({}): {e}", layout.name()));
        let got = extract::recognize(&doc);
        let ctx = format!("framework {n} ({}, {})", layout.name(), format.as_str());
        assert_eq!(got.council, expected.council, "{ctx}");
        let levels: Vec<_> = got.levels.iter().map(|l| l.label.as_str()).collect();
        let want: Vec<_> = expected.levels.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(levels, want, "{ctx}");
        let (g, e) = (shape(&got), shape(&expected));
        for (a, b) in g.iter().zip(&e) {
            assert_eq!(a, b, "{ctx}");
        }
        assert_eq!(g.len(), e.len(), "{ctx}");
        *layouts.entry(layout.name()).or_insert(0) += 1;
    }
    assert_eq!(layouts.len(), 4, "every layout exercised: {layouts:?}");
}

#[test]
fn text_round_trip() {
    round_trip(Format::Txt, 48);
}

#[test]
fn docx_round_trip() {
    round_trip(Format::Docx, 24);
}

#[test]
fn pdf_round_trip() {
    round_trip(Format::Pdf, 24);
}

/// Blocks written as a PDF in `columns` columns and read back.
fn pdf_framework(
    blocks: &[competency_atlas::document::Block],
    style: synth::PdfStyle,
) -> Framework {
    let bytes = synth::write_pdf(blocks, style).unwrap();
    let doc = pipeline::read_bytes(
        Path::new("synth.pdf"),
        &bytes,
        Format::Pdf,
        &Limits::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    extract::recognize(&doc)
}

fn same_framework(two: &Framework, one: &Framework, ctx: &str) {
    assert_eq!(two.council, one.council, "{ctx}");
    let levels = |f: &Framework| f.levels.iter().map(|l| l.label.clone()).collect::<Vec<_>>();
    assert_eq!(levels(two), levels(one), "{ctx}");
    assert_eq!(shape(two), shape(one), "{ctx}");
}

/// A framework printed in two columns (read column after column) gives the Framework of its
/// one-column print: generated frameworks of every layout, and the seed frameworks.
#[test]
fn two_column_pdf_gives_the_one_column_framework() {
    for n in 0..12 {
        let (fw, layout) = synth::framework(42, n);
        let blocks = synth::layout_blocks(&fw, layout);
        let mut style = synth::pdf_style(&fw);
        style.columns = 1;
        let one = pdf_framework(&blocks, style);
        style.columns = 2;
        let two = pdf_framework(&blocks, style);
        same_framework(&two, &one, &format!("framework {n} ({})", layout.name()));
        assert!(!one.competencies.is_empty());
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for seed in [
        "derbyshire-senior-leaders.txt",
        "mansfield-leadership.txt",
        "medway-senior-management.txt",
    ] {
        let path = corpus.join(seed);
        let bytes = std::fs::read(&path).unwrap();
        let doc = pipeline::read_bytes(&path, &bytes, Format::Txt, &Limits::default()).unwrap();
        let style = |columns| synth::PdfStyle {
            showing: synth::TextShowing::Kerned,
            to_unicode: false,
            shape_bullets: false,
            columns,
        };
        let one = pdf_framework(&doc.blocks, style(1));
        let two = pdf_framework(&doc.blocks, style(2));
        same_framework(&two, &one, seed);
        assert!(!one.competencies.is_empty(), "{seed}");
    }
}
