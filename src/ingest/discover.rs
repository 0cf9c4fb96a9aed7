//! Which files an ingest looks at. Everything found gets a line in the report: a symlink,
//! FIFO or device is refused with its reason (never read: `/dev/zero` never ends and a
//! FIFO blocks), and a folder that cannot be read is reported while the rest goes on.

use crate::pipeline::special_kind;
use std::path::{Path, PathBuf};

/// A file to consider, or something found that will not be read and why.
#[derive(Debug)]
pub struct Found {
    pub path: PathBuf,
    pub refused: Option<String>,
}

/// Files under `root` in a stable order; a single file (or anything not a folder) is its
/// own list. Hidden entries (`.name`) are left out silently.
pub fn discover(root: &Path) -> Vec<Found> {
    let mut out = Vec::new();
    if !std::fs::metadata(root).is_ok_and(|m| m.is_dir()) {
        out.push(classify(
            root,
            std::fs::symlink_metadata(root).map(|m| m.file_type()),
        ));
        return out;
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                out.push(refused(dir, format!("cannot read this folder: {e}")));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    out.push(refused(
                        dir.clone(),
                        format!("cannot list this folder: {e}"),
                    ));
                    break;
                }
            };
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            match entry.file_type() {
                Ok(ft) if ft.is_dir() => stack.push(path),
                ft => out.push(classify(&path, ft)),
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn refused(path: PathBuf, why: String) -> Found {
    Found {
        path,
        refused: Some(why),
    }
}

/// A regular file (directly or through a symlink) is read; anything else is refused.
/// Symlinked folders are not followed: a link back up would loop.
fn classify(path: &Path, ft: std::io::Result<std::fs::FileType>) -> Found {
    let ft = match ft {
        Ok(ft) => ft,
        Err(e) => return refused(path.to_path_buf(), format!("cannot look at this file: {e}")),
    };
    if !ft.is_symlink() {
        return match special_kind(ft) {
            None => Found {
                path: path.to_path_buf(),
                refused: None,
            },
            Some(kind) => refused(path.to_path_buf(), format!("{kind}, not a regular file")),
        };
    }
    match std::fs::metadata(path) {
        Err(e) => refused(path.to_path_buf(), format!("broken symbolic link: {e}")),
        Ok(m) if m.is_dir() => refused(
            path.to_path_buf(),
            "symbolic link to a folder: not followed".into(),
        ),
        Ok(m) => match special_kind(m.file_type()) {
            None => Found {
                path: path.to_path_buf(),
                refused: None,
            },
            Some(kind) => refused(
                path.to_path_buf(),
                format!("symbolic link to {kind}, not a regular file"),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifos_device_links_and_loops_are_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.txt"), "x").unwrap();
        std::os::unix::fs::symlink("/dev/zero", d.join("zero.txt")).unwrap();
        std::os::unix::fs::symlink(d, d.join("loop")).unwrap();
        std::os::unix::fs::symlink(d.join("a.txt"), d.join("b.txt")).unwrap();
        let fifo = std::ffi::CString::new(d.join("pipe.txt").to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        let found = discover(d);
        let line = |name: &str| {
            found
                .iter()
                .find(|f| f.path.file_name().unwrap() == name)
                .unwrap_or_else(|| panic!("{name} has no line"))
                .refused
                .clone()
        };
        assert_eq!(line("a.txt"), None);
        assert_eq!(line("b.txt"), None);
        assert!(line("zero.txt").unwrap().contains("device"));
        assert!(line("pipe.txt").unwrap().contains("FIFO"));
        assert!(line("loop").unwrap().contains("not followed"));
    }
}
