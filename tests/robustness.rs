//! No input makes the text reader or the recognizer panic: arbitrary bytes and mutations of
//! the seed documents (bounded so the suite stays fast).

use competency_atlas::document::Format;
use competency_atlas::extract;
use competency_atlas::limits::Limits;
use competency_atlas::pipeline;
use proptest::prelude::*;
use std::path::Path;

fn seeds() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut v: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    v.sort();
    v
}

fn run(bytes: &[u8], format: Format) {
    if let Ok(doc) = pipeline::read_bytes(Path::new("fuzz.txt"), bytes, format, &Limits::default())
    {
        let fw = extract::recognize(&doc);
        for (_, i) in fw.indicators() {
            assert!(!i.text.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        run(&bytes, Format::Txt);
        run(&bytes, Format::Html);
    }

    #[test]
    fn arbitrary_text(text in "(\\PC|\t|\n|\r|\u{c}){0,2000}") {
        run(text.as_bytes(), Format::Md);
    }

    #[test]
    fn mutated_seeds(seed in 0usize..5, cuts in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..40), truncate in any::<prop::sample::Index>()) {
        let mut bytes = seeds()[seed].clone();
        for (at, b) in cuts {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let keep = truncate.index(bytes.len() + 1);
        bytes.truncate(keep.max(bytes.len() / 2));
        run(&bytes, Format::Txt);
    }

    #[test]
    fn shuffled_lines(seed in 0usize..5, order in proptest::collection::vec(any::<prop::sample::Index>(), 50..300)) {
        let text = String::from_utf8_lossy(&seeds()[seed]).into_owned();
        let lines: Vec<&str> = text.lines().collect();
        let picked: Vec<&str> = order.iter().map(|i| lines[i.index(lines.len())]).collect();
        run(picked.join("\n").as_bytes(), Format::Txt);
    }
}
