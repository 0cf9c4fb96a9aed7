use competency_atlas::document::Format;
use competency_atlas::{extract, pipeline, synth};
fn main() {
    let fmt = match std::env::args().nth(1).as_deref() {
        Some("docx") => Format::Docx,
        Some("txt") => Format::Txt,
        _ => Format::Pdf,
    };
    let mut ok = std::collections::BTreeMap::<&str, (u32, u32)>::new();
    for n in 0..60 {
        let (exp, layout) = synth::framework(42, n);
        let bytes = synth::render(&exp, layout, fmt).unwrap();
        let doc = pipeline::read_bytes(std::path::Path::new("x"), &bytes, fmt, &Default::default())
            .unwrap();
        let got = extract::recognize(&doc);
        let a: Vec<_> = got
            .indicators()
            .map(|(c, i)| (c.name.clone(), i.text.clone(), i.level.clone(), i.polarity))
            .collect();
        let b: Vec<_> = exp
            .indicators()
            .map(|(c, i)| (c.name.clone(), i.text.clone(), i.level.clone(), i.polarity))
            .collect();
        let e = ok.entry(layout.name()).or_default();
        e.1 += 1;
        if a == b {
            e.0 += 1
        } else if std::env::var("SHOW").is_ok() {
            let style = synth::pdf_style(&exp);
            for (x, y) in a.iter().zip(&b) {
                if x != y {
                    println!(
                        "{n} {} {:?}\n  got {:?}\n  exp {:?}",
                        layout.name(),
                        style,
                        x,
                        y
                    );
                    break;
                }
            }
            if a.len() != b.len() {
                println!("{n} len {} vs {}", a.len(), b.len());
            }
        }
    }
    println!("{ok:?}");
}
