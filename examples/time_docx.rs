//! Where reading a DOCX spends its time. `cargo run --release --example time_docx` compares
//! docx-rs alone with the whole reader per seed; `… -- whole N` reads the five seeds N times
//! with the whole reader only (run under `/usr/bin/time` for CPU seconds per file on a busy
//! machine, where wall-clock figures mostly measure the other processes).

use competency_atlas::document::Format;
use competency_atlas::limits::Limits;
use competency_atlas::pipeline::read_bytes;
use std::path::Path;
use std::time::Instant;

const SEEDS: [&str; 5] = [
    "000-derbyshire.docx",
    "001-mansfield.docx",
    "002-leadership-family.docx",
    "003-chesterfield-level2.docx",
    "004-medway.docx",
];

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let files: Vec<(&str, Vec<u8>)> = SEEDS
        .iter()
        .map(|n| (*n, std::fs::read(dir.join(n)).unwrap()))
        .collect();
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("whole") {
        let n: u32 = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(100);
        let t = Instant::now();
        for _ in 0..n {
            for (name, bytes) in &files {
                std::hint::black_box(
                    read_bytes(Path::new(name), bytes, Format::Docx, &Limits::default()).unwrap(),
                );
            }
        }
        let files_read = n * files.len() as u32;
        println!(
            "{files_read} files in {:?}: {:.0} files/s wall",
            t.elapsed(),
            files_read as f64 / t.elapsed().as_secs_f64()
        );
        return;
    }
    let n = 40;
    for (name, bytes) in &files {
        let t = Instant::now();
        for _ in 0..n {
            let opts = docx_rs::ReadDocxOptions::default().with_image_previews(false);
            std::hint::black_box(docx_rs::read_docx_with_options(bytes, opts).unwrap());
        }
        let docx_rs_only = t.elapsed() / n;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(
                read_bytes(Path::new(name), bytes, Format::Docx, &Limits::default()).unwrap(),
            );
        }
        let whole = t.elapsed() / n;
        println!("{name}: docx-rs alone {docx_rs_only:?}, whole reader {whole:?}");
    }
}
