use super::SourceArgs;
use competency_atlas::ingest::{self, Isolation, Outcome};
use competency_atlas::lock::{self, WriteLock};
use competency_atlas::store::{DEFAULT_INDEX, Store};
use competency_atlas::text_safety as safe;
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
    #[arg(long, default_value_t = 30.0, value_parser = super::limits::seconds)]
    pub timeout: f64,
    /// Most memory the extraction of one file may use, in MB (its worker is stopped past it).
    #[arg(long, default_value_t = super::limits::DEFAULT_MEMORY_MB)]
    pub max_memory_mb: u64,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(a: Args) -> i32 {
    // Before anything is written: a second ingest into this index is refused here.
    let lock = match WriteLock::acquire(&a.index, &lock::this_command()) {
        Ok(l) => l,
        Err(e) => return super::fail(e),
    };
    let store = match Store::open(&a.index) {
        Ok(s) => s,
        Err(e) => return super::fail(e),
    };
    let isolation = match Isolation::this_executable() {
        Ok(i) => i,
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
            o.limits.time_budget = std::time::Duration::from_secs_f64(a.timeout);
            o.limits.max_memory_bytes = a.max_memory_mb.saturating_mul(1 << 20);
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
        isolation,
    };
    let started = std::time::Instant::now();
    let report = match ingest::ingest_locked(&a.dir, &store, &opts, &ingest_opts, &lock) {
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
    drop(lock);
    let fws: Vec<_> = report.ingested().collect();
    print!("{}", super::table::summary(&fws));
    if let Some(m) = &report.manifest {
        println!("manifest {}", safe::path(m));
    }
    for f in &report.files {
        let path = safe::path(&f.path);
        match &f.outcome {
            Outcome::Ingested(_) | Outcome::Unchanged(_) => {}
            Outcome::Duplicate(of) => {
                println!("duplicate {path}: same content as {}", safe::path(of))
            }
            Outcome::Skipped(why) => println!("skipped  {path}: {}", safe::escape_controls(why)),
            Outcome::Failed(e) => {
                println!(
                    "FAILED   {path}: {}",
                    safe::escape_controls(&e.kind.reason())
                )
            }
        }
    }
    for (path, why) in &report.set_aside {
        eprintln!(
            "warning: unreadable framework file moved aside to {} ({}); its source was extracted again",
            safe::escape_controls(path),
            safe::escape_controls(why)
        );
    }
    if !report.cleaned.is_empty() {
        println!(
            "cleaned  {} temporary files left in the store by an interrupted run",
            report.cleaned.len()
        );
    }
    for (id, path) in &report.pruned {
        println!(
            "pruned   {} ({}): source file is gone",
            safe::escape_controls(path),
            safe::escape_controls(id)
        );
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
        safe::path(&store.frameworks_dir())
    );
    let ix = &report.index;
    if let Some(why) = &ix.rebuilt {
        println!(
            "search index: rebuilt from the store ({})",
            safe::escape_controls(why)
        );
    }
    println!(
        "search index: {} frameworks indexed, {} removed, {} already up to date; report in {}",
        ix.indexed.len(),
        ix.removed.len(),
        ix.unchanged,
        safe::path(&a.index.join("last-ingest.json"))
    );
    // Failed files are reported, not fatal: 2 says "look at the report".
    if t.failed == 0 { 0 } else { 2 }
}
