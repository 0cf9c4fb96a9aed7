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
    /// No progress output.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also write the machine-readable report here (it always goes to INDEX/last-ingest.json).
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Convert .doc and .rtf files with LibreOffice (soffice) when it is installed.
    #[arg(long)]
    pub convert_with_libreoffice: bool,
    /// Largest file read, in MB.
    #[arg(long, default_value_t = 200)]
    pub max_file_mb: u64,
    /// Most any one compressed part (DOCX XML, PDF stream) may inflate to, in MB.
    #[arg(long, default_value_t = 64)]
    pub max_part_mb: u64,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Time budget per file, in seconds.
    #[arg(long, default_value_t = 30.0)]
    pub timeout: f64,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(a: Args) -> i32 {
    let store = match Store::open(&a.index) {
        Ok(s) => s,
        Err(e) => return super::fail(e),
    };
    let opts = match a.source.options(&a.dir) {
        Ok(mut o) => {
            o.limits.max_file_bytes = a.max_file_mb.saturating_mul(1 << 20);
            o.limits.max_part_bytes = a.max_part_mb.saturating_mul(1 << 20);
            o.limits.max_total_inflated_bytes = o
                .limits
                .max_total_inflated_bytes
                .max(2 * o.limits.max_part_bytes);
            o.limits.time_budget =
                std::time::Duration::from_secs_f64(a.timeout.clamp(0.01, 86_400.0));
            o
        }
        Err(e) => return super::fail(e),
    };
    let ingest_opts = ingest::IngestOptions {
        prune: a.prune,
        force: a.force,
        progress: if a.quiet {
            ingest::Progress::Quiet
        } else {
            ingest::Progress::Auto
        },
        convert_with_libreoffice: a.convert_with_libreoffice,
        jobs: a.jobs,
    };
    let started = std::time::Instant::now();
    let report = match ingest::ingest_with(&a.dir, &store, &opts, &ingest_opts) {
        Ok(r) => r,
        Err(e) => return super::fail(e),
    };
    let json = ingest::report::to_json(&a.dir, started.elapsed().as_secs_f64(), &report);
    for target in std::iter::once(a.index.join("last-ingest.json")).chain(a.report.clone()) {
        if let Err(e) = ingest::report::write(&target, &json) {
            eprintln!(
                "error: cannot write the ingest report {}: {e}",
                target.display()
            );
            return 1;
        }
    }
    let fws: Vec<_> = report.ingested().collect();
    print!("{}", super::table::summary(&fws));
    for f in &report.files {
        match &f.outcome {
            Outcome::Ingested(_) | Outcome::Unchanged(_) => {}
            Outcome::Duplicate(of) => println!(
                "duplicate {}: same content as {}",
                f.path.display(),
                of.display()
            ),
            Outcome::Skipped(why) => println!("skipped  {}: {why}", f.path.display()),
            Outcome::Failed(e) => println!("FAILED   {e}"),
        }
    }
    for (path, why) in &report.set_aside {
        eprintln!(
            "warning: unreadable framework file moved aside to {path} ({why}); its source was extracted again"
        );
    }
    for (id, path) in &report.pruned {
        println!("pruned   {path} ({id}): source file is gone");
    }
    let t = &json.totals;
    println!(
        "{} ingested, {} unchanged, {} failed, {} skipped, {} duplicate, {} pruned; frameworks in {}",
        t.ingested,
        t.unchanged,
        t.failed,
        t.skipped,
        t.duplicate,
        t.pruned,
        store.frameworks_dir().display()
    );
    let ix = &report.index;
    println!(
        "search index: {} frameworks indexed, {} removed, {} already up to date; report in {}",
        ix.indexed.len(),
        ix.removed.len(),
        ix.unchanged,
        a.index.join("last-ingest.json").display()
    );
    // Failed files are reported, not fatal: 2 says "look at the report".
    if t.failed == 0 { 0 } else { 2 }
}
