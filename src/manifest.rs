//! A manifest beside the documents supplies what the text may not say (the council above
//! all). `manifest.csv` with a header row; columns `file` and `council` are required,
//! `title`, `sha256` and any others are optional (others are kept as metadata).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "manifest.csv";

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub file: String,
    pub council: Option<String>,
    pub title: Option<String>,
    pub sha256: Option<String>,
    pub extra: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub path: PathBuf,
    pub entries: Vec<Entry>,
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Manifest, String> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_path(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| format!("{}: {e}", path.display()))?
            .iter()
            .map(|h| h.trim_start_matches('\u{FEFF}').to_ascii_lowercase())
            .collect();
        if !headers.iter().any(|h| h == "file") {
            return Err(format!("{}: needs a 'file' column", path.display()));
        }
        let mut entries = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
            let mut e = Entry::default();
            for (h, v) in headers.iter().zip(rec.iter()) {
                let v = v.to_string();
                let opt = (!v.is_empty()).then(|| v.clone());
                match h.as_str() {
                    "file" => e.file = v,
                    "council" => e.council = opt,
                    "title" => e.title = opt,
                    "sha256" => e.sha256 = opt.map(|s| s.to_ascii_lowercase()),
                    _ => {
                        if !v.is_empty() {
                            e.extra.insert(h.clone(), v);
                        }
                    }
                }
            }
            if !e.file.is_empty() {
                entries.push(e);
            }
        }
        Ok(Manifest {
            path: path.to_path_buf(),
            entries,
        })
    }

    /// The `manifest.csv` of a folder (for a file: of its folder). Never one above: a
    /// manifest applies from its folder down, and one planted in `/tmp` or a home folder
    /// must not relabel the councils of every document below it.
    pub fn find_for(docs: &Path) -> Option<PathBuf> {
        let dir = if docs.is_dir() { docs } else { docs.parent()? };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        Some(dir.join(FILE_NAME)).filter(|p| p.is_file())
    }

    /// Match by content hash first (files get renamed), then by path relative to the
    /// manifest, then by file name.
    pub fn lookup(&self, file: &Path, sha256: &str) -> Option<&Entry> {
        if let Some(e) = self.entries.iter().find(|e| {
            e.sha256
                .as_deref()
                .is_some_and(|h| h.len() >= 8 && sha256.starts_with(h))
        }) {
            return Some(e);
        }
        let base = self.path.parent().unwrap_or(Path::new(""));
        let rel = file.strip_prefix(base).unwrap_or(file);
        let rel = rel.to_string_lossy().replace('\\', "/");
        if let Some(e) = self.entries.iter().find(|e| e.file == rel) {
            return Some(e);
        }
        let name = file.file_name()?.to_string_lossy();
        self.entries
            .iter()
            .find(|e| Path::new(&e.file).file_name().is_some_and(|n| n == &*name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_and_looks_up_by_name_and_hash() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        std::fs::write(&p, "file,council,year\n# comment\nsub/a.txt,Alpha Council,2023\nb.pdf,\"Beta, Borough\",\n").unwrap();
        let m = Manifest::load(&p).unwrap();
        assert_eq!(m.entries.len(), 2);
        let a = m.lookup(&dir.path().join("sub/a.txt"), "00").unwrap();
        assert_eq!(a.council.as_deref(), Some("Alpha Council"));
        assert_eq!(a.extra["year"], "2023");
        assert_eq!(
            m.lookup(&dir.path().join("x/b.pdf"), "00")
                .unwrap()
                .council
                .as_deref(),
            Some("Beta, Borough")
        );
        assert!(m.lookup(&dir.path().join("c.txt"), "00").is_none());
    }
}
