//! Hidden: fills an index with synthetic frameworks through the same store-then-sync path
//! as `atlas ingest`, so crash tests and benchmarks exercise the real writer without the
//! recognizer.

use competency_atlas::index::{self, Index};
use competency_atlas::lock::{self, WriteLock};
use competency_atlas::store::Store;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long)]
    pub index: PathBuf,
    #[arg(long, default_value_t = 10)]
    pub frameworks: usize,
    #[arg(long, default_value_t = 100)]
    pub indicators: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(a: Args) -> i32 {
    let result = (|| -> Result<index::SyncReport, String> {
        let _lock = WriteLock::acquire(&a.index, &lock::this_command())?;
        let store = Store::open(&a.index)?;
        for fw in index::synth::frameworks(a.frameworks, a.indicators, a.seed) {
            store.write(&fw)?;
        }
        let idx = Index::open_or_create(&a.index)?;
        index::sync_with_store(&idx, &store)
    })();
    match result {
        Ok(r) => {
            println!("{} frameworks indexed", r.indexed.len());
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
