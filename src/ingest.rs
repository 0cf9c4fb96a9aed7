//! Ingest a folder: find documents, extract each in parallel, store the Frameworks, and
//! account for every file (ingested, skipped, failed) with a reason.

use crate::document::Format;
use crate::error::Error;
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
}

impl Report {
    pub fn ingested(&self) -> impl Iterator<Item = &Framework> {
        self.files.iter().filter_map(|f| match &f.outcome {
            Outcome::Ingested(fw) => Some(fw),
            _ => None,
        })
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
    dedupe_ids(&mut files);
    for f in &files {
        if let Outcome::Ingested(fw) = &f.outcome {
            store.write(fw)?;
        }
    }
    Ok(Report { files })
}

/// Two files with the same stem in different folders must not overwrite each other.
fn dedupe_ids(files: &mut [FileReport]) {
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for f in files.iter_mut() {
        if let Outcome::Ingested(fw) = &mut f.outcome {
            let n = seen.entry(fw.id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                let new_id = format!("{}-{}", fw.id, n);
                crate::extract::rename_framework(fw, &new_id);
            }
        }
    }
}
