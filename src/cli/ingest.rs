use super::SourceArgs;
use competency_atlas::ingest::{self, Outcome};
use competency_atlas::store::{DEFAULT_INDEX, Store};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder (searched recursively) or single file to ingest.
    pub dir: PathBuf,
    /// Index folder.
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(a: Args) -> i32 {
    let store = match Store::open(&a.index) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let opts = match a.source.options(&a.dir) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let report = match ingest::ingest(&a.dir, &store, &opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let fws: Vec<_> = report.ingested().collect();
    print!("{}", super::table::summary(&fws));
    let mut failed = 0;
    for f in &report.files {
        match &f.outcome {
            Outcome::Ingested(_) => {}
            Outcome::Skipped(why) => println!("skipped  {}: {why}", f.path.display()),
            Outcome::Failed(e) => {
                failed += 1;
                println!("FAILED   {e}");
            }
        }
    }
    println!(
        "{} ingested, {} failed, {} skipped; frameworks in {}",
        fws.len(),
        failed,
        report.files.len() - fws.len() - failed,
        store.frameworks_dir().display()
    );
    match (failed, fws.len()) {
        (0, _) => 0,
        (_, 0) => 1,
        _ => 2,
    }
}
