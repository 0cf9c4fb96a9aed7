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
