//! DOCX files read per second (package check + docx-rs + blocks), on the seed fixtures.
//! `cargo bench --bench docx -- --quick`; the reported throughput is in elements (files)/s.

use competency_atlas::document::Format;
use competency_atlas::limits::Limits;
use competency_atlas::pipeline::read_bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};

const SEEDS: [&str; 5] = [
    "000-derbyshire.docx",
    "001-mansfield.docx",
    "002-leadership-family.docx",
    "003-chesterfield-level2.docx",
    "004-medway.docx",
];

fn read_seeds(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let files: Vec<(PathBuf, Vec<u8>)> = SEEDS
        .iter()
        .map(|n| (dir.join(n), std::fs::read(dir.join(n)).expect("fixture")))
        .collect();
    let limits = Limits::default();
    let mut group = c.benchmark_group("docx");
    group.throughput(Throughput::Elements(files.len() as u64));
    group.bench_function("read 5 seed files", |b| {
        b.iter(|| {
            for (path, bytes) in &files {
                let doc = read_bytes(Path::new(path), black_box(bytes), Format::Docx, &limits)
                    .expect("reads");
                black_box(doc.blocks.len());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, read_seeds);
criterion_main!(benches);
