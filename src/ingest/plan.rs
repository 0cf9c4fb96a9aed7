//! Every file's fate, decided in file order before any extraction, so ids and duplicates do
//! not depend on the number of workers. Planning hashes each file in small pieces and keeps
//! only the hash: the bytes are read again by whoever extracts the file, so memory does not
//! grow with the size of the folder (issue 19: 40 × 50 MB files once meant a 2 GB peak).

use super::discover::Found;
use super::{Outcome, convert, path_key};
use crate::document::Format;
use crate::model::Framework;
use crate::pipeline::{self, Options};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What a file will be, decided before any extraction.
pub enum Plan {
    Extract { id: String },
    Convert { id: String },
    Done(Outcome),
}

/// Decide every file's fate in order: refused, unsupported, unchanged, duplicate of an
/// earlier file, or to be extracted under an id settled now (a stored file keeps its id; a
/// new one gets its name's slug, numbered if taken).
pub fn plan(
    files: &[Found],
    stored: &BTreeMap<PathBuf, Framework>,
    opts: &Options,
    io: &super::IngestOptions,
) -> Vec<Plan> {
    let hashed: Vec<Option<crate::Result<(String, u64)>>> = files
        .par_iter()
        .map(|f| {
            let readable = f.refused.is_none() && Format::from_path(&f.path).is_some();
            readable.then(|| pipeline::hash_file(&f.path, &opts.limits))
        })
        .collect();
    let mut taken: BTreeSet<String> = stored.values().map(|fw| fw.id.clone()).collect();
    let mut first_with_hash: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut plans = Vec::with_capacity(files.len());
    for (found, hashed) in files.iter().zip(hashed) {
        let path = &found.path;
        if let Some(why) = &found.refused {
            plans.push(Plan::Done(Outcome::Skipped(why.clone())));
            continue;
        }
        let old = stored.get(&path_key(path));
        let new_id = |taken: &mut BTreeSet<String>| match old {
            Some(fw) => fw.id.clone(),
            None => fresh_id(path, taken),
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
        let (hash, len) = match hashed.expect("readable files are hashed") {
            Ok(r) => r,
            Err(e) => {
                plans.push(Plan::Done(Outcome::Failed(e)));
                continue;
            }
        };
        // Same bytes read as the same format: a text file saved as ".docx" is not a copy of
        // the text, it is a broken DOCX and is reported as one.
        let key = format!("{}:{hash}", format.as_str());
        if let Some(first) = first_with_hash.get(&key).filter(|_| len > 0) {
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
        });
    }
    plans
}

/// The slug of the file's name, numbered if another framework has it.
fn fresh_id(path: &Path, taken: &mut BTreeSet<String>) -> String {
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

fn unsupported(path: &Path) -> String {
    match path.extension() {
        Some(e) => format!("unsupported file type .{}", e.to_string_lossy()),
        None => "unsupported file type (no extension)".into(),
    }
}
