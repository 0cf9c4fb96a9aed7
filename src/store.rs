//! The framework store: one JSON file per Framework under `<index>/frameworks/`, written
//! atomically (temp file + rename) so a killed ingest never leaves a half-written file.

use crate::model::Framework;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const DEFAULT_INDEX: &str = "index";
/// How [`write_atomic`]'s temporary files are named (tempfile's default prefix, set
/// explicitly so cleaning up after a killed run cannot drift from it).
pub const TEMP_PREFIX: &str = ".tmp";

#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// Open (creating if needed) the store under `root`.
    pub fn open(root: &Path) -> Result<Store, String> {
        let s = Store {
            root: root.to_path_buf(),
        };
        std::fs::create_dir_all(s.frameworks_dir()).map_err(|e| {
            format!(
                "cannot create index folder {}: {e}",
                s.frameworks_dir().display()
            )
        })?;
        Ok(s)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn frameworks_dir(&self) -> PathBuf {
        Self::frameworks_dir_of(&self.root)
    }

    /// Where the frameworks of the index folder `root` live, without creating anything.
    pub fn frameworks_dir_of(root: &Path) -> PathBuf {
        root.join("frameworks")
    }

    pub fn path_of(&self, id: &str) -> PathBuf {
        self.frameworks_dir().join(format!("{id}.json"))
    }

    pub fn write(&self, fw: &Framework) -> Result<(), String> {
        let json = serde_json::to_vec_pretty(fw).map_err(|e| e.to_string())?;
        write_atomic(&self.path_of(&fw.id), &json)
    }

    pub fn remove(&self, id: &str) -> Result<(), String> {
        match std::fs::remove_file(self.path_of(id)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(format!("cannot remove {}: {e}", self.path_of(id).display())),
        }
    }

    /// Moves every unreadable framework file aside (`X.json` → `X.json.unreadable`, kept for
    /// inspection, never deleted) so the store holds only readable frameworks again; the
    /// ingest that calls this re-extracts their sources. Returns (file set aside, reason).
    pub fn set_aside_unreadable(&self) -> Result<Vec<(String, String)>, String> {
        let mut out = Vec::new();
        for (path, reason) in self.scan().1 {
            let mut aside = path.clone().into_os_string();
            aside.push(".unreadable");
            std::fs::rename(&path, &aside)
                .map_err(|e| format!("cannot set aside {}: {e}", path.display()))?;
            out.push((PathBuf::from(aside).display().to_string(), reason));
        }
        Ok(out)
    }

    /// Removes the temporary files (`.tmp*`, from [`write_atomic`]) that a killed writer
    /// left in `frameworks/`. Only a caller holding the index's write lock may do this: a
    /// live writer's temporary file looks the same. Returns the names removed.
    pub fn clean_temporaries(&self) -> Result<Vec<String>, String> {
        let dir = self.frameworks_dir();
        let Ok(rd) = std::fs::read_dir(&dir) else {
            return Ok(Vec::new());
        };
        let mut removed = Vec::new();
        for entry in rd.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && name.starts_with(TEMP_PREFIX) {
                std::fs::remove_file(entry.path()).map_err(|e| {
                    format!("cannot remove leftover {}: {e}", entry.path().display())
                })?;
                removed.push(name);
            }
        }
        removed.sort();
        Ok(removed)
    }

    /// Every stored framework, sorted by id. Unreadable files are reported, not fatal.
    pub fn load_all(&self) -> (Vec<Framework>, Vec<String>) {
        let (out, problems) = self.scan();
        let problems = problems
            .into_iter()
            .map(|(p, e)| format!("{}: {e}", p.display()))
            .collect();
        (out, problems)
    }

    fn scan(&self) -> (Vec<Framework>, Vec<(PathBuf, String)>) {
        let mut out = Vec::new();
        let mut problems = Vec::new();
        let Ok(rd) = std::fs::read_dir(self.frameworks_dir()) else {
            return (out, problems);
        };
        let mut paths: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        for p in paths {
            match std::fs::read(&p)
                .map_err(|e| e.to_string())
                .and_then(|b| serde_json::from_slice::<Framework>(&b).map_err(|e| e.to_string()))
            {
                Ok(fw) => out.push(fw),
                Err(e) => problems.push((p, e)),
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        (out, problems)
    }
}

/// Write to a temporary file in the same folder, flush it to disk, then rename over the
/// target: readers see the old file or the new one, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    tmp.write_all(bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(())
}
