//! Ingest a folder: find documents, extract each in parallel, store the Frameworks, and
//! account for every file (ingested, unchanged, duplicate, skipped, failed) with a reason.
//!
//! Each framework is written to the store as soon as it is extracted, so a run that is
//! killed keeps the work it finished: the next run finds those files unchanged (same path,
//! same bytes) and carries on with the rest. Ids are settled before extraction starts, from
//! the sorted file list, so the result does not depend on the number of threads.

mod convert;
mod progress;
pub mod report;

pub use progress::Progress;

use crate::document::{Format, sha256_hex};
use crate::error::Error;
use crate::index::{Index, SyncReport};
use crate::manifest::Manifest;
use crate::model::Framework;
use crate::pipeline::{self, Options};
use crate::store::Store;
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

/// Files under `root` in a stable order; a single file is its own list.
pub fn discover(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if root.is_file() {
        out.push(root.to_path_buf());
        return Ok(out);
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let ft = entry.file_type()?;
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
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

/// What a file will be, decided before any extraction.
enum Plan {
    Extract {
        id: String,
        bytes: Vec<u8>,
        format: Format,
    },
    Convert {
        id: String,
    },
    Done(Outcome),
}

/// Extract what changed under `root`, store it, and bring the search index in line.
///
/// Order matters for crash safety: each JSON file is written (atomically) as its framework
/// is extracted, then the index is synchronised from the whole store in one commit. A run
/// killed at any point leaves the last committed index readable; the next run skips what
/// was stored, extracts the rest, and the sync finishes the job.
pub fn ingest_with(
    root: &Path,
    store: &Store,
    opts: &Options,
    ingest_opts: &IngestOptions,
) -> Result<Report, String> {
    // A damaged store file (a disk fault, a hand edit) must not stop the import: it is kept
    // aside, and its source, no longer "already stored", is extracted again below.
    let set_aside = store.set_aside_unreadable()?;
    let stored = stored_by_path(store)?;
    let files = discover(root).map_err(|e| format!("cannot list {}: {e}", root.display()))?;
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
    let files: Vec<PathBuf> = files
        .into_iter()
        .filter(|p| !is_folder_metadata(p))
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
    Ok(report)
}

fn extract_all(
    files: &[PathBuf],
    stored: &BTreeMap<PathBuf, Framework>,
    store: &Store,
    opts: &Options,
    ingest_opts: &IngestOptions,
) -> Result<Vec<FileReport>, String> {
    let plans = plan(files, stored, opts, ingest_opts);
    let progress = ingest_opts
        .progress
        .start(plans.iter().filter(|p| !matches!(p, Plan::Done(_))).count() as u64);
    let write_errors = std::sync::Mutex::new(Vec::new());
    let mut reports: Vec<FileReport> = files
        .par_iter()
        .zip(plans.into_par_iter())
        .map(|(path, plan)| {
            let outcome = match plan {
                Plan::Done(o) => {
                    return FileReport {
                        path: path.clone(),
                        outcome: o,
                    };
                }
                Plan::Extract { id, bytes, format } => extract_one(path, &id, bytes, format, opts),
                Plan::Convert { id } => match convert::with_libreoffice(path, &opts.limits) {
                    Ok((bytes, format)) => extract_one(path, &id, bytes, format, opts),
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

/// Prune what is gone and bring the search index in line with the store.
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
    let index = Index::open_or_create(store.root())?;
    let index = crate::index::sync_with_store(&index, store)?;
    Ok(Report {
        files: reports,
        pruned,
        set_aside: Vec::new(),
        index,
    })
}

/// One file under the per-file time budget: a reader stuck on a hostile file costs that file,
/// not the batch.
fn extract_one(path: &Path, id: &str, bytes: Vec<u8>, format: Format, opts: &Options) -> Outcome {
    let (p, o, id_owned) = (path.to_path_buf(), opts.clone(), id.to_string());
    let budget = opts.limits.time_budget;
    let work = move || {
        pipeline::extract_bytes(&p, &bytes, format, &o).map(|mut fw| {
            if fw.id != id_owned {
                crate::extract::rename_framework(&mut fw, &id_owned);
            }
            fw
        })
    };
    match crate::guard::run_with_deadline("reading the file", budget, move || Ok(work())) {
        Ok(Ok(fw)) => Outcome::Ingested(fw),
        Ok(Err(e)) => Outcome::Failed(e),
        Err(kind) => Outcome::Failed(Error::new(path, kind)),
    }
}

/// Decide every file's fate in order: unsupported, unchanged, duplicate of an earlier file,
/// or to be extracted under an id settled now (a stored file keeps its id; a new one gets
/// its name's slug, numbered if taken).
fn plan(
    files: &[PathBuf],
    stored: &BTreeMap<PathBuf, Framework>,
    opts: &Options,
    io: &IngestOptions,
) -> Vec<Plan> {
    let hashed: Vec<Result<(Vec<u8>, String), Error>> = files
        .par_iter()
        .map(|p| match Format::from_path(p) {
            Some(_) => pipeline::read_file(p, &opts.limits).map(|b| {
                let h = sha256_hex(&b);
                (b, h)
            }),
            None => Ok((Vec::new(), String::new())),
        })
        .collect();
    let mut taken: std::collections::BTreeSet<String> =
        stored.values().map(|fw| fw.id.clone()).collect();
    let mut first_with_hash: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut plans = Vec::with_capacity(files.len());
    for (path, read) in files.iter().zip(hashed) {
        let old = stored.get(&path_key(path));
        let new_id = |taken: &mut std::collections::BTreeSet<String>| match old {
            Some(fw) => fw.id.clone(),
            None => {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let base = crate::model::slug(&stem);
                let base = if base.is_empty() {
                    "framework".to_string()
                } else {
                    base
                };
                let mut id = base.clone();
                let mut n = 1;
                while taken.contains(&id) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                taken.insert(id.clone());
                id
            }
        };
        let Some(format) = Format::from_path(path) else {
            let legacy = convert::is_convertible(path);
            plans.push(match (legacy, io.convert_with_libreoffice) {
                (true, true) => Plan::Convert {
                    id: new_id(&mut taken),
                },
                (true, false) => Plan::Done(Outcome::Skipped(convert::skip_reason(path))),
                _ => Plan::Done(Outcome::Skipped(unsupported(path))),
            });
            continue;
        };
        let (bytes, hash) = match read {
            Ok(r) => r,
            Err(e) => {
                plans.push(Plan::Done(Outcome::Failed(e)));
                continue;
            }
        };
        // Same bytes read as the same format: a text file saved as ".docx" is not a copy of
        // the text, it is a broken DOCX and is reported as one.
        let key = format!("{}:{hash}", format.as_str());
        if let Some(first) = first_with_hash.get(&key).filter(|_| !bytes.is_empty()) {
            plans.push(Plan::Done(Outcome::Duplicate(first.clone())));
            continue;
        }
        first_with_hash.insert(key, path.clone());
        if let Some(fw) = old.filter(|fw| !io.force && fw.source.sha256 == hash) {
            plans.push(Plan::Done(Outcome::Unchanged(fw.id.clone())));
            continue;
        }
        plans.push(Plan::Extract {
            id: new_id(&mut taken),
            bytes,
            format,
        });
    }
    plans
}

fn unsupported(path: &Path) -> String {
    match path.extension() {
        Some(e) => format!("unsupported file type .{}", e.to_string_lossy()),
        None => "unsupported file type (no extension)".into(),
    }
}
