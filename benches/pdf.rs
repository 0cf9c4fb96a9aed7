//! Per-file PDF extraction time: `cargo bench --bench pdf`. Reads bytes once, then times
//! `document::pdf::read` (load, decrypt, interpret, layout) on each fixture.

use competency_atlas::document::pdf;
use competency_atlas::limits::Limits;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    v.sort();
    v
}

fn bench(c: &mut Criterion) {
    let limits = Limits::default();
    let mut group = c.benchmark_group("pdf_read");
    group.sample_size(20);
    for path in fixtures() {
        let bytes = std::fs::read(&path).expect("fixture");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        group.bench_function(name, |b| {
            b.iter(|| pdf::read(&path, black_box(&bytes), &limits).map(|d| d.blocks.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
