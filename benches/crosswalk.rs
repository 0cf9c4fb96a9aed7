//! Crosswalk at scale (not a test; prints timings). Frameworks are generated from the five
//! seeds by `crosswalk::synth` (words replaced, clauses dropped/added, words swapped).
//!
//!     cargo bench -j1 --bench crosswalk                 # 1000 frameworks, 20 competencies each, 70% of indicators
//!     cargo bench -j1 --bench crosswalk -- 300 20 0.7   # frameworks, competencies each, indicator keep rate
//!     cargo bench -j1 --bench crosswalk -- 1000 20 0.7 indicators   # one phase (map | indicators),
//!                                                               # so its peak memory is its own
//!     /usr/bin/time -v target/release/deps/crosswalk-*  # same binary, with the kernel's peak RSS
//!     AS=0 cargo bench -j1 --bench crosswalk -- 1000 20 0.7 map   # alignment share (0: cosine + name)
//!
//! Peak memory is the process high-water mark (VmHWM), generation included; CPU seconds are
//! user + system time of the whole process during the phase (both threads).

use competency_atlas::crosswalk::{self, IndicatorOptions, MapOptions, Model, Weights, synth};
use competency_atlas::manifest::Manifest;
use competency_atlas::pipeline::{self, Options};
use std::path::Path;
use std::time::Instant;

fn peak_mib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<u64>().ok())
            })
        })
        .map(|kb| format!("{} MiB", kb / 1024))
        .unwrap_or_else(|| "unknown".into())
}

/// Process CPU time (user + system) in seconds: the machine may be shared, so wall time
/// alone says little about what two cores would do.
fn cpu_s() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

/// FNV-1a over every match's ends, score bits and mutual flag: a speed-up of `map` must
/// leave this unchanged (the matches are deterministic to the bit).
fn digest(ms: &[crosswalk::Match]) -> u64 {
    let mut h = 0xcbf29ce484222325u64;
    let mut eat = |x: u64| {
        for b in x.to_le_bytes() {
            h = (h ^ b as u64).wrapping_mul(0x100000001b3);
        }
    };
    for m in ms {
        eat(m.from as u64);
        eat(m.to as u64);
        eat(m.score.score.to_bits() as u64);
        eat(m.score.text.to_bits() as u64 | (m.score.name.to_bits() as u64) << 32);
        eat(m.mutual as u64);
    }
    h
}

fn main() {
    // `cargo bench` passes "--bench"; take the numeric arguments only.
    let nums: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let n: usize = nums.first().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let comps: usize = nums.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    let keep: f64 = nums.get(2).and_then(|s| s.parse().ok()).unwrap_or(0.7);
    let phase = std::env::args()
        .skip(1)
        .find(|a| a == "map" || a == "indicators");
    let run = |p: &str| phase.as_deref().is_none_or(|x| x == p);

    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let manifest = Manifest::load(&corpus.join("manifest.csv")).expect("manifest");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let seeds: Vec<_> = files
        .iter()
        .map(|p| {
            pipeline::extract_file(
                p,
                &Options {
                    manifest: Some(manifest.clone()),
                    ..Default::default()
                },
            )
            .expect("seed")
        })
        .collect();

    let t = Instant::now();
    let fws = synth::generate(&seeds, n, comps, keep, 42);
    let ncomp: usize = fws.iter().map(|f| f.competencies.len()).sum();
    let nind: usize = fws.iter().map(|f| f.indicator_count()).sum();
    println!(
        "generated {n} frameworks, {ncomp} competencies, {nind} indicators in {:.2?} (threads: {})",
        t.elapsed(),
        rayon::current_num_threads()
    );

    if run("map") {
        let (t, c) = (Instant::now(), cpu_s());
        let mut w = Weights::default();
        if let Some(a) = std::env::var("AS").ok().and_then(|s| s.parse().ok()) {
            w.align_share = a;
        }
        let model = Model::build(&fws, w);
        let built = t.elapsed();
        let all: Vec<usize> = (0..fws.len()).collect();
        let ms = crosswalk::best_matches(&model, &all, &all, &MapOptions::default());
        let (elapsed, cpu) = (t.elapsed(), cpu_s() - c);
        println!(
            "map: model {built:.2?}, all framework pairs {elapsed:.2?} total ({cpu:.1} s CPU), {} matches (digest {:016x}); peak {}",
            ms.len(),
            digest(&ms),
            peak_mib()
        );
    }

    if !run("indicators") {
        return;
    }
    let (t, c) = (Instant::now(), cpu_s());
    let r = crosswalk::shared_indicators(&fws, &IndicatorOptions::default());
    println!(
        "indicators: {nind} indicators in {:.2?} ({:.1} s CPU), {} pairs, {} families; peak {}",
        t.elapsed(),
        cpu_s() - c,
        r.pairs.len(),
        r.families.len(),
        peak_mib()
    );
}
