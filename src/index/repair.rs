//! The search index is derived data; the store is the source of truth. A writer checks the
//! index before trusting its commit payload ("300 already up to date" said nothing about
//! whether the segment files behind it are whole) and rebuilds it from the store when it
//! cannot be opened, a file fails its checksum, or its documents disagree with the store.

use super::{Index, SyncReport, sync_with_store};
use crate::store::Store;
use std::path::Path;

/// Why the index of `root` cannot be trusted, or `None` when it opens, every segment file
/// passes its checksum and a searcher can be opened on it.
fn damage(index: &Index) -> Option<String> {
    match index.inner.validate_checksum() {
        Ok(bad) if !bad.is_empty() => {
            let mut names: Vec<String> = bad.iter().map(|p| p.display().to_string()).collect();
            names.sort();
            return Some(format!("damaged files {}", names.join(", ")));
        }
        Ok(_) => {}
        Err(e) => return Some(format!("cannot check it: {e}")),
    }
    // Opening a searcher opens every segment: a missing file shows here.
    index.searcher().err()
}

/// Indicator documents the store says the index must hold.
fn stored_indicators(store: &Store) -> u64 {
    store
        .load_all()
        .0
        .iter()
        .map(|fw| fw.indicators().count() as u64)
        .sum()
}

/// Bring the index of `root` in line with `store`, rebuilding it from the store when it is
/// damaged or disagrees with it. The caller holds the index's write lock.
pub fn sync_or_rebuild(root: &Path, store: &Store) -> Result<SyncReport, String> {
    let problem = match Index::open_or_create(root) {
        Err(e) => e,
        // A damaged segment may make tantivy panic rather than fail: that too says rebuild.
        Ok(index) => {
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| damage(&index)))
                .unwrap_or_else(|_| Some("reading it failed".into()))
            {
                Some(why) => why,
                None => {
                    let report = sync_with_store(&index, store)?;
                    // A fresh index sees the commit just made.
                    let docs = Index::open(root)?.doc_count()?;
                    let want = stored_indicators(store);
                    if docs == want {
                        return Ok(report);
                    }
                    format!("it holds {docs} indicators where the store has {want}")
                }
            }
        }
    };
    rebuild(root, store, problem)
}

/// Replace the index of `root` with one built from every stored framework.
fn rebuild(root: &Path, store: &Store, why: String) -> Result<SyncReport, String> {
    let dir = Index::dir_of(root);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| {
            format!(
                "the search index {} needs rebuilding ({why}) but cannot be removed: {e}",
                dir.display()
            )
        })?;
    }
    let index = Index::open_or_create(root)?;
    let mut report = sync_with_store(&index, store)?;
    report.rebuilt = Some(why);
    Ok(report)
}
