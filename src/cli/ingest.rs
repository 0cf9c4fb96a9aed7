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
    /// Remove imported frameworks whose source file under DIR no longer exists.
    #[arg(long)]
    pub prune: bool,
    /// Re-extract every file, even those unchanged since the last ingest.
    #[arg(long)]
    pub force: bool,
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
    let ingest_opts = ingest::IngestOptions {
        prune: a.prune,
        force: a.force,
    };
    let report = match ingest::ingest_with(&a.dir, &store, &opts, &ingest_opts) {
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
            Outcome::Unchanged(id) => println!("unchanged {} ({id})", f.path.display()),
            Outcome::Skipped(why) => println!("skipped  {}: {why}", f.path.display()),
            Outcome::Failed(e) => {
                failed += 1;
                println!("FAILED   {e}");
            }
        }
    }
    for (id, path) in &report.pruned {
        println!("pruned   {path} ({id}): source file is gone");
    }
    let unchanged = report.unchanged().count();
    println!(
        "{} ingested, {} unchanged, {} failed, {} skipped, {} pruned; frameworks in {}",
        fws.len(),
        unchanged,
        failed,
        report.files.len() - fws.len() - unchanged - failed,
        report.pruned.len(),
        store.frameworks_dir().display()
    );
    let ix = &report.index;
    println!(
        "search index: {} frameworks indexed, {} removed, {} already up to date",
        ix.indexed.len(),
        ix.removed.len(),
        ix.unchanged
    );
    match (failed, fws.len() + unchanged) {
        (0, _) => 0,
        (_, 0) => 1,
        _ => 2,
    }
}
