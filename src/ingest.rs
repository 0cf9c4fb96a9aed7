//! Ingest a folder: find documents, extract each in parallel, store the Frameworks, and
//! account for every file (ingested, skipped, failed) with a reason.

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
    /// What the search index had to do to match the store.
    pub index: SyncReport,
}

#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Remove stored frameworks whose source file under the ingested folder is gone.
    pub prune: bool,
    /// Re-extract files even when their bytes are unchanged (e.g. after a recognizer fix).
    pub force: bool,
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
///
/// Order matters for crash safety: JSON files are written (atomically) first, then the
/// index is synchronised from the whole store in one commit. A run killed at any point
/// leaves the last committed index readable; the next run finds the store/index
/// difference through the commit payload and finishes the job.
pub fn ingest_with(
    root: &Path,
    store: &Store,
    opts: &Options,
    ingest_opts: &IngestOptions,
) -> Result<Report, String> {
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
    let mut files: Vec<FileReport> = files
        .par_iter()
        .filter(|p| !is_folder_metadata(p))
        .map(|path| {
            let outcome = if Format::from_path(path).is_none() {
                let ext = path.extension().map(|e| e.to_string_lossy().into_owned());
                Outcome::Skipped(match ext {
                    Some(e) => format!("unsupported file type .{e}"),
                    None => "unsupported file type (no extension)".into(),
                })
            } else if let Some(id) = (!ingest_opts.force)
                .then(|| unchanged(path, &stored))
                .flatten()
            {
                Outcome::Unchanged(id)
            } else {
                match pipeline::extract_file(path, &opts) {
                    Ok(fw) => Outcome::Ingested(fw),
                    Err(e) => Outcome::Failed(e),
                }
            };
            FileReport {
                path: path.clone(),
                outcome,
            }
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    assign_ids(&mut files, &stored);
    for f in &files {
        if let Outcome::Ingested(fw) = &f.outcome {
            store.write(fw)?;
        }
    }
    let mut pruned = Vec::new();
    if ingest_opts.prune {
        let seen: std::collections::BTreeSet<PathBuf> =
            files.iter().map(|f| path_key(&f.path)).collect();
        let root_key = path_key(root);
        for (key, fw) in &stored {
            if key.starts_with(&root_key) && !seen.contains(key) && !key.exists() {
                store.remove(&fw.id)?;
                pruned.push((fw.id.clone(), fw.source.path.clone()));
            }
        }
    }
    let index = Index::open_or_create(store.root())?;
    let index = crate::index::sync_with_store(&index, store)?;
    Ok(Report {
        files,
        pruned,
        index,
    })
}

/// The stored framework id for `path` when the file's bytes are the ones it came from.
fn unchanged(path: &Path, stored: &BTreeMap<PathBuf, Framework>) -> Option<String> {
    let fw = stored.get(&path_key(path))?;
    let bytes = std::fs::read(path).ok()?;
    (sha256_hex(&bytes) == fw.source.sha256).then(|| fw.id.clone())
}

/// A re-extracted file keeps the id it was stored under, so its old documents are
/// replaced rather than duplicated; a new file must not take an id already in use (two
/// files with the same stem in different folders must not overwrite each other).
fn assign_ids(files: &mut [FileReport], stored: &BTreeMap<PathBuf, Framework>) {
    let mut taken: std::collections::BTreeSet<String> =
        stored.values().map(|fw| fw.id.clone()).collect();
    let mut fresh = Vec::new();
    for f in files.iter_mut() {
        if let Outcome::Ingested(fw) = &mut f.outcome {
            match stored.get(&path_key(&f.path)) {
                Some(old) => {
                    if old.id != fw.id {
                        crate::extract::rename_framework(fw, &old.id);
                    }
                }
                None => fresh.push(fw),
            }
        }
    }
    for fw in fresh {
        let base = fw.id.clone();
        let mut n = 1;
        let mut id = base.clone();
        while taken.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        if id != fw.id {
            crate::extract::rename_framework(fw, &id);
        }
        taken.insert(id);
    }
}
