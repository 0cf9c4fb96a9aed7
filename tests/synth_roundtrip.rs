//! Round trip: a generated framework, written as a document, extracts back into itself.

use competency_atlas::Framework;
use competency_atlas::extract;
use competency_atlas::synth;

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

#[test]
fn generated_text_documents_extract_back_into_their_framework() {
    let mut layouts = std::collections::BTreeMap::new();
    for n in 0..48 {
        let (expected, layout) = synth::framework(42, n);
        let doc = synth::as_document(&expected, layout);
        let got = extract::recognize(&doc);
        assert_eq!(
            got.council,
            expected.council,
            "framework {n} ({})",
            layout.name()
        );
        let levels: Vec<_> = got.levels.iter().map(|l| l.label.as_str()).collect();
        let want: Vec<_> = expected.levels.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(levels, want, "framework {n} ({})", layout.name());
        let (g, e) = (shape(&got), shape(&expected));
        for (a, b) in g.iter().zip(&e) {
            assert_eq!(a, b, "framework {n} ({})", layout.name());
        }
        assert_eq!(g.len(), e.len(), "framework {n} ({})", layout.name());
        *layouts.entry(layout.name()).or_insert(0) += 1;
    }
    assert_eq!(layouts.len(), 4, "every layout exercised: {layouts:?}");
}
