//! The search index: a tantivy index under `<index>/tantivy/`, derived from the JSON store
//! (which stays the source of truth). Every commit records which framework versions it
//! holds, so a re-run can tell exactly what an interrupted ingest left undone.

pub mod analyzer;
pub mod query;
mod repair;
pub mod schema;
pub mod search;
#[doc(hidden)]
pub mod synth;
mod writer;

pub use repair::sync_or_rebuild;
pub use schema::Fields;
pub use search::{FacetCounts, Hit, SearchRequest, SearchResults, search};
pub use writer::{
    SyncReport, apply, fingerprint, index_frameworks, remove_frameworks, sync_with_store,
};

use std::path::{Path, PathBuf};

pub const DIR: &str = "tantivy";
/// What to do about a search index that cannot be read: the store is the source of truth.
const REBUILD_HINT: &str =
    "run `atlas ingest DIR` again: it rebuilds the search index from the stored frameworks";

pub struct Index {
    pub(crate) inner: tantivy::Index,
    pub(crate) fields: Fields,
    path: PathBuf,
    /// Opened on first search and kept: opening a reader costs more than a query.
    reader: std::sync::OnceLock<tantivy::IndexReader>,
}

impl Index {
    /// Where the tantivy index of the index folder `root` lives.
    pub fn dir_of(root: &Path) -> PathBuf {
        root.join(DIR)
    }

    /// Open the index of `root`, creating an empty one if there is none yet.
    pub fn open_or_create(root: &Path) -> Result<Index, String> {
        let dir = Self::dir_of(root);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create index folder {}: {e}", dir.display()))?;
        let mmap = tantivy::directory::MmapDirectory::open(&dir)
            .map_err(|e| format!("cannot open index {}: {e}", dir.display()))?;
        let exists = tantivy::Index::exists(&mmap)
            .map_err(|e| format!("cannot open index {}: {e}", dir.display()))?;
        let inner = if exists {
            tantivy::Index::open(mmap)
        } else {
            tantivy::Index::create(mmap, schema::build().0, Default::default())
        }
        .map_err(|e| format!("cannot open index {}: {e}", dir.display()))?;
        Self::wrap(inner, dir)
    }

    /// Open an existing index read-only; never creates anything and takes no writer lock,
    /// so searches run while an ingest is writing.
    pub fn open(root: &Path) -> Result<Index, String> {
        let dir = Self::dir_of(root);
        if !dir.join("meta.json").is_file() {
            let stored = std::fs::read_dir(crate::store::Store::frameworks_dir_of(root))
                .map(|d| d.count())
                .unwrap_or(0);
            if stored > 0 {
                return Err(format!(
                    "the search index of {} is missing although frameworks are stored (an ingest was interrupted?): {REBUILD_HINT}",
                    root.display()
                ));
            }
            return Err(format!(
                "no index at {}: run `atlas ingest DIR` first",
                root.display()
            ));
        }
        let inner = tantivy::Index::open_in_dir(&dir)
            .map_err(|e| format!("cannot open index {}: {e}; {REBUILD_HINT}", dir.display()))?;
        Self::wrap(inner, dir)
    }

    fn wrap(inner: tantivy::Index, path: PathBuf) -> Result<Index, String> {
        analyzer::register(&inner);
        let fields = schema::fields_of(&inner.schema())?;
        Ok(Index {
            inner,
            fields,
            path,
            reader: std::sync::OnceLock::new(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    pub fn tantivy(&self) -> &tantivy::Index {
        &self.inner
    }

    fn reader(&self) -> Result<&tantivy::IndexReader, String> {
        if let Some(r) = self.reader.get() {
            return Ok(r);
        }
        let r: tantivy::IndexReader = self
            .inner
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| {
                format!(
                    "cannot read index {}: {e}; {REBUILD_HINT}",
                    self.path.display()
                )
            })?;
        Ok(self.reader.get_or_init(|| r))
    }

    /// A snapshot of the last commit as of the first search (or the last `reload`).
    pub fn searcher(&self) -> Result<tantivy::Searcher, String> {
        Ok(self.reader()?.searcher())
    }

    /// See commits made since the first search.
    pub fn reload(&self) -> Result<(), String> {
        self.reader()?
            .reload()
            .map_err(|e| format!("cannot read index {}: {e}", self.path.display()))
    }

    /// Live (not deleted) indicator documents in the last commit.
    pub fn doc_count(&self) -> Result<u64, String> {
        Ok(self.searcher()?.num_docs())
    }
}
