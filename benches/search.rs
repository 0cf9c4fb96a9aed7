//! Search latency and indexing throughput over ≥ 100,000 synthetic indicators.
//!
//! `cargo bench --bench search -j1` prints p50/p99 per query kind (from a plain timing
//! loop, since criterion reports means and medians only) and then runs criterion;
//! `ONLY_PERCENTILES=1` stops after the table.

use competency_atlas::index::{self, Index, SearchRequest, synth};
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::{Duration, Instant};

const FRAMEWORKS: usize = 125;
const PER_FRAMEWORK: usize = 800;

fn build() -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    let fws = synth::frameworks(FRAMEWORKS, PER_FRAMEWORK, 7);
    let n: usize = fws.iter().map(|f| f.indicator_count()).sum();
    assert!(n >= 100_000, "{n}");
    let idx = Index::open_or_create(dir.path()).unwrap();
    let t = Instant::now();
    index::index_frameworks(&idx, &fws).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "indexing: {n} indicators in {secs:.2} s = {:.0} indicators/s (one commit, incl. merges)",
        n as f64 / secs
    );
    (dir, idx)
}

fn request(q: &str) -> SearchRequest {
    SearchRequest {
        query: q.into(),
        limit: 20,
        ..Default::default()
    }
}

/// The synthetic vocabulary is small, so "value for money" matches about a fifth of all
/// indicators, and it is also a competency name in every framework: a worst case for
/// phrases (each of the three default fields must check positions). "shares feedback" is
/// a more typical one.
const QUERIES: [(&str, &str); 7] = [
    ("single term", "coaching"),
    ("rare term", "suppliers"),
    ("phrase", "\"value for money\""),
    ("rare phrase", "\"shares feedback\""),
    ("filtered", "feedback"),
    ("text phrase", "text:\"value for money\""),
    ("AND", "value AND money"),
];

fn percentiles(idx: &Index) {
    for (name, q) in QUERIES {
        let mut req = request(q);
        if name == "filtered" {
            req.council = Some("medway".into());
            req.polarity = Some("negative".into());
        }
        for _ in 0..50 {
            index::search(idx, &req).unwrap();
        }
        let mut times: Vec<Duration> = (0..2000)
            .map(|_| {
                let t = Instant::now();
                let r = index::search(idx, &req).unwrap();
                std::hint::black_box(r.total);
                t.elapsed()
            })
            .collect();
        times.sort();
        let p = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
        let total = index::search(idx, &req).unwrap().total;
        println!(
            "{name:<12} {q:<20} matches {total:>6}  p50 {:>8.3} ms  p99 {:>8.3} ms",
            p(0.50).as_secs_f64() * 1e3,
            p(0.99).as_secs_f64() * 1e3
        );
    }
}

fn bench(c: &mut Criterion) {
    let (_dir, idx) = build();
    percentiles(&idx);
    // Skips criterion's slower runs when only the percentile table is wanted.
    if std::env::var_os("ONLY_PERCENTILES").is_some() {
        return;
    }
    let mut g = c.benchmark_group("search");
    g.sample_size(50);
    for (name, q) in QUERIES.iter().take(4) {
        let req = request(q);
        g.bench_function(*name, |b| b.iter(|| index::search(&idx, &req).unwrap()));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
