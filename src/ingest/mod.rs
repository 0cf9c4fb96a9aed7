//! Ingest a folder: find documents, extract each in parallel, store the Frameworks, and
//! account for every file (ingested, unchanged, duplicate, skipped, failed) with a reason.
//!
//! Each framework is written to the store as soon as it is extracted, so a run that is
//! killed keeps the work it finished: the next run finds those files unchanged (same path,
//! same bytes) and carries on with the rest. Ids are settled before extraction starts, from
//! the sorted file list, so the result does not depend on the number of threads.

mod convert;
pub mod discover;
mod plan;
mod progress;
pub mod report;

pub use progress::Progress;

use crate::document::Format;
use crate::error::Error;
use crate::index::SyncReport;
use crate::lock::WriteLock;
use crate::manifest::Manifest;
use crate::model::Framework;
use crate::pipeline::{self, Options};
use crate::store::Store;
pub use crate::worker::Isolation;
use discover::Found;
use plan::Plan;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum Outcome {
    Ingested(Framework),
    /// Same bytes as the stored framework of this path (its id); nothing was re-extracted.
    Unchanged(String),
    /// Same bytes as another file of this run, which was ingested in its place.
    Duplicate(PathBuf),
    Skipped(String),
    Failed(Error),
}

#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    pub outcome: Outcome,
}

#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    /// Frameworks removed by `prune` because their source file is gone: (id, source path).
    pub pruned: Vec<(String, String)>,
    /// Unreadable framework files found in the store and moved aside (their sources were
    /// extracted again): (file as renamed, reason).
    pub set_aside: Vec<(String, String)>,
    /// What the search index had to do to match the store.
    pub index: SyncReport,
    /// Temporary files a killed run had left in the store, removed.
    pub cleaned: Vec<String>,
    /// The manifest that supplied councils and titles, if any.
    pub manifest: Option<PathBuf>,
}

#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Remove stored frameworks whose source file under the ingested folder is gone.
    pub prune: bool,
    /// Re-extract files even when their bytes are unchanged (e.g. after a recognizer fix).
    pub force: bool,
    /// How to show progress.
    pub progress: Progress,
    /// Convert .doc and .rtf files with LibreOffice (`soffice`) when it is installed.
    pub convert_with_libreoffice: bool,
    /// Worker threads (default: one per core).
    pub jobs: Option<usize>,
    /// Where files are extracted: on threads of this process, or in worker processes that
    /// are killed at the time budget and memory ceiling.
    pub isolation: Isolation,
}

impl Report {
    pub fn ingested(&self) -> impl Iterator<Item = &Framework> {
        self.files.iter().filter_map(|f| match &f.outcome {
            Outcome::Ingested(fw) => Some(fw),
            _ => None,
        })
    }

    pub fn unchanged(&self) -> impl Iterator<Item = &FileReport> {
        self.files
            .iter()
            .filter(|f| matches!(f.outcome, Outcome::Unchanged(_)))
    }

    pub fn failed(&self) -> impl Iterator<Item = &FileReport> {
        self.files
            .iter()
            .filter(|f| matches!(f.outcome, Outcome::Failed(_)))
    }
}

/// Files that describe a folder rather than being documents in it.
fn is_folder_metadata(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name == crate::manifest::FILE_NAME || name.starts_with("readme") || name.starts_with("license")
}

pub fn ingest(root: &Path, store: &Store, opts: &Options) -> Result<Report, String> {
    ingest_with(root, store, opts, &IngestOptions::default())
}

/// Stored frameworks by the file they came from, so ids and "unchanged" survive re-runs.
/// Call after [`Store::set_aside_unreadable`]: a store file that cannot be read now is a
/// fault of the machine (permissions, I/O), not of a document.
fn stored_by_path(store: &Store) -> Result<BTreeMap<PathBuf, Framework>, String> {
    let (stored, problems) = store.load_all();
    if let Some(p) = problems.first() {
        return Err(format!("cannot read the framework store: {p}"));
    }
    Ok(stored
        .into_iter()
        .map(|fw| (path_key(Path::new(&fw.source.path)), fw))
        .collect())
}

/// The same file reached by `corpus/a.txt` or `./corpus/a.txt` must be one key.
/// A deleted file cannot be canonicalized, so its folder is, to still match the folder
/// being re-ingested (e.g. through a symlinked temp dir).
fn path_key(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or_else(|_| p.components().collect()),
        _ => p.components().collect(),
    }
}

/// Extract what changed under `root`, store it, and bring the search index in line.
/// Takes the index's write lock first: see [`ingest_locked`].
pub fn ingest_with(
    root: &Path,
    store: &Store,
    opts: &Options,
    ingest_opts: &IngestOptions,
) -> Result<Report, String> {
    let lock = WriteLock::acquire(store.root(), "an ingest")?;
    ingest_locked(root, store, opts, ingest_opts, &lock)
}

/// [`ingest_with`] for a caller already holding the index's write lock (the command line
/// holds it until its report is written too).
///
/// Order matters for crash safety: each JSON file is written (atomically) as its framework
/// is extracted, then the index is synchronised from the whole store in one commit. A run
/// killed at any point leaves the last committed index readable; the next run skips what
/// was stored, extracts the rest, and the sync finishes the job.
pub fn ingest_locked(
    root: &Path,
    store: &Store,
    opts: &Options,
    ingest_opts: &IngestOptions,
    _lock: &WriteLock,
) -> Result<Report, String> {
    if std::fs::symlink_metadata(root).is_err() {
        return Err(format!(
            "cannot list {}: no such file or folder",
            root.display()
        ));
    }
    // Only the lock holder may do this: a live writer's temporary file looks the same.
    let cleaned = store.clean_temporaries()?;
    // A damaged store file (a disk fault, a hand edit) must not stop the import: it is kept
    // aside, and its source, no longer "already stored", is extracted again below.
    let set_aside = store.set_aside_unreadable()?;
    let stored = stored_by_path(store)?;
    let files = discover::discover(root);
    // The manifest comes from the ingest root (or the caller), never from a folder above
    // it: a manifest.csv planted in /tmp must not relabel councils.
    let manifest_path = opts
        .manifest
        .clone()
        .map(|m| m.path)
        .or_else(|| Manifest::find_for(root));
    let manifest = match manifest_path {
        Some(p) => Some(Manifest::load(&p)?),
        None => None,
    };
    let opts = Options {
        manifest,
        ..opts.clone()
    };
    let files: Vec<Found> = files
        .into_iter()
        .filter(|f| !is_folder_metadata(&f.path))
        .collect();
    // A pool of our own: readers (lopdf) use rayon's global pool inside, and a worker
    // waiting on a reader must not be the thread that reader is waiting for.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(ingest_opts.jobs.unwrap_or(0))
        .thread_name(|i| format!("ingest-{i}"))
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let reports = pool.install(|| extract_all(&files, &stored, store, &opts, ingest_opts))?;
    let mut report = finish(root, store, &stored, reports, ingest_opts)?;
    report.set_aside = set_aside;
    report.cleaned = cleaned;
    report.manifest = opts.manifest.map(|m| m.path);
    Ok(report)
}

fn extract_all(
    files: &[Found],
    stored: &BTreeMap<PathBuf, Framework>,
    store: &Store,
    opts: &Options,
    ingest_opts: &IngestOptions,
) -> Result<Vec<FileReport>, String> {
    let plans = plan::plan(files, stored, opts, ingest_opts);
    let progress = ingest_opts
        .progress
        .start(plans.iter().filter(|p| !matches!(p, Plan::Done(_))).count() as u64);
    let write_errors = std::sync::Mutex::new(Vec::new());
    let mut reports: Vec<FileReport> = files
        .par_iter()
        .zip(plans.into_par_iter())
        .map(|(found, plan)| {
            let path = &found.path;
            let outcome = match plan {
                Plan::Done(o) => {
                    return FileReport {
                        path: path.clone(),
                        outcome: o,
                    };
                }
                Plan::Extract { id } => named(ingest_opts.isolation.extract(path, opts), &id),
                Plan::Convert { id } => match convert::with_libreoffice(path, &opts.limits) {
                    Ok((bytes, format)) => convert_one(path, &id, bytes, format, opts),
                    Err(e) => Outcome::Failed(e),
                },
            };
            if let Outcome::Ingested(fw) = &outcome {
                if let Err(e) = store.write(fw) {
                    write_errors
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(e);
                }
            }
            progress.tick(path);
            FileReport {
                path: path.clone(),
                outcome,
            }
        })
        .collect();
    progress.finish();
    if let Some(e) = write_errors
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .next()
    {
        return Err(format!("cannot write to the index: {e}"));
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(reports)
}

/// An extraction's outcome, under the id planned for it.
fn named(result: crate::Result<Framework>, id: &str) -> Outcome {
    match result {
        Ok(mut fw) => {
            if fw.id != id {
                crate::extract::rename_framework(&mut fw, id);
            }
            Outcome::Ingested(fw)
        }
        Err(e) => Outcome::Failed(e),
    }
}

/// Prune what is gone and bring the search index in line with the store (rebuilding it
/// from the store if it is damaged).
fn finish(
    root: &Path,
    store: &Store,
    stored: &BTreeMap<PathBuf, Framework>,
    reports: Vec<FileReport>,
    ingest_opts: &IngestOptions,
) -> Result<Report, String> {
    let mut pruned = Vec::new();
    if ingest_opts.prune {
        let seen: std::collections::BTreeSet<PathBuf> =
            reports.iter().map(|f| path_key(&f.path)).collect();
        let root_key = path_key(root);
        for (key, fw) in stored {
            if key.starts_with(&root_key) && !seen.contains(key) && !key.exists() {
                store.remove(&fw.id)?;
                pruned.push((fw.id.clone(), fw.source.path.clone()));
            }
        }
    }
    let index = crate::index::sync_or_rebuild(store.root(), store)?;
    Ok(Report {
        files: reports,
        pruned,
        index,
        ..Report::default()
    })
}

/// A converted (.doc, .rtf) file's bytes, extracted in this process under the time budget.
fn convert_one(path: &Path, id: &str, bytes: Vec<u8>, format: Format, opts: &Options) -> Outcome {
    let (p, o) = (path.to_path_buf(), opts.clone());
    let work = move || Ok(pipeline::extract_bytes(&p, &bytes, format, &o));
    match crate::guard::run_with_deadline("reading the file", opts.limits.time_budget, work) {
        Ok(result) => named(result, id),
        Err(kind) => Outcome::Failed(Error::new(path, kind)),
    }
}
