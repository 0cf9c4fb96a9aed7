//! Extraction throughput per format, in process and on one thread (reader + recognizer):
//! `cargo run --release --example extract_throughput -- DIR` over a folder made by
//! `atlas synth --formats txt,docx,pdf`. Prints MB/s, documents/s and pages/s per format.
use competency_atlas::pipeline::{self, Options};
use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: extract_throughput DIR");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let opts = Options {
        council: Some("x".into()),
        ..Default::default()
    };
    let mut by: BTreeMap<String, (u64, u64, u64, f64)> = BTreeMap::new();
    for path in files {
        let Ok(format) = pipeline::format_of(&path) else {
            continue;
        };
        let bytes = std::fs::read(&path).unwrap();
        let t = Instant::now();
        let doc = pipeline::read_bytes(&path, &bytes, format, &opts.limits);
        let pages = doc.as_ref().ok().and_then(|d| d.pages).unwrap_or(1) as u64;
        let ok = doc
            .and_then(|d| pipeline::framework_from_document(&d, &opts))
            .is_ok();
        let secs = t.elapsed().as_secs_f64();
        let e = by.entry(format.as_str().to_string()).or_default();
        *e = (e.0 + 1, e.1 + bytes.len() as u64, e.2 + pages, e.3 + secs);
        assert!(ok, "{} did not extract", path.display());
    }
    println!(
        "{:<6} {:>6} {:>9} {:>8} {:>10} {:>8} {:>9}",
        "format", "docs", "MB", "pages", "MB/s", "docs/s", "pages/s"
    );
    for (f, (n, b, p, s)) in by {
        let mb = b as f64 / 1e6;
        println!(
            "{f:<6} {n:>6} {mb:>9.1} {p:>8} {:>10.1} {:>8.0} {:>9.0}",
            mb / s,
            n as f64 / s,
            p as f64 / s
        );
    }
}
