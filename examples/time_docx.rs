//! Where reading a DOCX spends its time: docx-rs alone vs the whole reader, per seed file.
//! `cargo run --release --example time_docx`

use competency_atlas::document::Format;
use competency_atlas::limits::Limits;
use competency_atlas::pipeline::read_bytes;
use std::path::Path;
use std::time::Instant;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let n = 40;
    for name in [
        "000-derbyshire.docx",
        "002-leadership-family.docx",
        "004-medway.docx",
    ] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let t = Instant::now();
        for _ in 0..n {
            let opts = docx_rs::ReadDocxOptions::default().with_image_previews(false);
            std::hint::black_box(docx_rs::read_docx_with_options(&bytes, opts).unwrap());
        }
        let docx_rs_only = t.elapsed() / n;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(
                read_bytes(Path::new(name), &bytes, Format::Docx, &Limits::default()).unwrap(),
            );
        }
        let whole = t.elapsed() / n;
        println!("{name}: docx-rs {docx_rs_only:?}, whole reader {whole:?}");
    }
}
