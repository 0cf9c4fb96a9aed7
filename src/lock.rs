//! One writer per index folder. Every command that writes (ingest, the hidden synthetic
//! filler) takes an exclusive lock on `<index>/write.lock` before it touches anything, and
//! holds it until it ends; a second writer is refused at once, before writing, with a
//! message naming the holder. Without it two ingests interleave their store writes and
//! index commits and one of them silently loses work (issue 19).
//!
//! The lock is an OS advisory lock (`flock`), so it is released when the holder exits, even
//! on `kill -9`: a stale lock file never blocks the next run. The file's text (pid, command,
//! start time) only names the holder in the refusal message.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "write.lock";

/// Held while a command writes to an index folder; released on drop (or process exit).
#[derive(Debug)]
pub struct WriteLock {
    file: File,
    path: PathBuf,
}

impl WriteLock {
    /// Take the lock of index folder `root` (creating the folder and lock file if needed)
    /// for `command` (named to a second writer). Fails at once if another process holds it.
    pub fn acquire(root: &Path, command: &str) -> Result<WriteLock, String> {
        std::fs::create_dir_all(root)
            .map_err(|e| format!("cannot create index folder {}: {e}", root.display()))?;
        let path = root.join(FILE_NAME);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| format!("cannot open the index lock {}: {e}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let holder = if holder.is_empty() {
                    "another process".to_string()
                } else {
                    holder.to_string()
                };
                return Err(format!(
                    "index {} is being written by {holder}; nothing was written: try again when it ends",
                    root.display()
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(format!("cannot lock the index {}: {e}", path.display()));
            }
        }
        // Name ourselves for whoever is refused next. Best effort: the lock is what counts.
        let me = format!("pid {} ({command})", std::process::id());
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = file.write_all(me.as_bytes());
        let _ = file.sync_data();
        Ok(WriteLock { file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        // Leave the file (removing it would race with a writer that just opened it); only
        // the name of a holder that is gone is cleared.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

/// The command line of this process, to name it in the lock (e.g. `atlas ingest corpus`).
pub fn this_command() -> String {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut s = args.join(" ");
    // A long command line names the holder well enough in its first characters.
    const SHOWN: usize = 200;
    if s.chars().count() > SHOWN {
        s = s.chars().take(SHOWN).collect::<String>() + "…";
    }
    crate::text_safety::escape_controls(&s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_and_told_who_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let first = WriteLock::acquire(dir.path(), "atlas ingest a").unwrap();
        let e = WriteLock::acquire(dir.path(), "atlas ingest b").unwrap_err();
        assert!(e.contains(&format!("pid {}", std::process::id())), "{e}");
        assert!(e.contains("atlas ingest a"), "{e}");
        assert!(e.contains("nothing was written"), "{e}");
        drop(first);
        WriteLock::acquire(dir.path(), "atlas ingest b").unwrap();
    }
}
