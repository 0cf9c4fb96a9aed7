//! The one path from a file on disk to a Framework, used by every command.

use crate::document::{self, Document, Format};
use crate::error::{Error, ErrorKind, Result};
use crate::extract;
use crate::limits::Limits;
use crate::manifest::Manifest;
use crate::model::Framework;
use std::path::Path;

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Options {
    /// Overrides whatever the manifest or the text says.
    pub council: Option<String>,
    pub manifest: Option<Manifest>,
    pub limits: Limits,
}

impl Options {
    /// Options carrying the manifest that sits beside `docs` (a file or folder) or in a folder
    /// above it, if there is one.
    pub fn with_manifest_for(docs: &Path) -> std::result::Result<Options, String> {
        let manifest = Manifest::find_for(docs)
            .map(|p| Manifest::load(&p))
            .transpose()?;
        Ok(Options {
            manifest,
            ..Default::default()
        })
    }
}

/// The reader a file name calls for.
pub fn format_of(path: &Path) -> Result<Format> {
    Format::from_path(path).ok_or_else(|| {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("no extension");
        Error::new(
            path,
            ErrorKind::Unsupported(format!(".{ext} files are not read")),
        )
    })
}

/// What a file that is not a regular file is, for the line that refuses it.
pub fn special_kind(ft: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_file() {
        None
    } else if ft.is_dir() {
        Some("a folder")
    } else if ft.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if ft.is_socket() {
        Some("a socket")
    } else if ft.is_char_device() || ft.is_block_device() {
        Some("a device")
    } else {
        Some("not a regular file")
    }
}

fn not_regular(path: &Path, kind: &str) -> Error {
    Error::new(
        path,
        ErrorKind::Unsupported(format!(
            "{kind}, not a regular file: only regular files are read"
        )),
    )
}

/// Open a file for reading only if it is a regular file no larger than the limit. A FIFO
/// would block `open` until a writer comes and `/dev/zero` never ends, and both report a
/// size of 0, so the type is checked on the opened file (no swap between check and read).
pub fn open_regular(path: &Path, limits: &Limits) -> Result<(std::fs::File, u64)> {
    use std::os::unix::fs::OpenOptionsExt;
    let io = |e: std::io::Error| Error::new(path, ErrorKind::Io(e.to_string()));
    let file = std::fs::OpenOptions::new()
        .read(true)
        // Opening a FIFO with no writer must fail or return, not wait forever; on a
        // regular file the flag changes nothing.
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if let Some(kind) = special_kind(meta.file_type()) {
        return Err(not_regular(path, kind));
    }
    if meta.len() > limits.max_file_bytes {
        return Err(too_big(path, meta.len(), limits));
    }
    Ok((file, meta.len()))
}

fn too_big(path: &Path, len: u64, limits: &Limits) -> Error {
    Error::new(
        path,
        ErrorKind::Limit(format!(
            "file is {len} bytes, more than the {} byte maximum",
            limits.max_file_bytes
        )),
    )
}

/// A file's bytes, refused before reading when larger than the limit or not a regular
/// file; never more than the limit even if the file grows while it is read.
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>> {
    use std::io::Read;
    let (file, len) = open_regular(path, limits)?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::new(path, ErrorKind::Io(e.to_string())))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_big(path, bytes.len() as u64, limits));
    }
    Ok(bytes)
}

/// A file's SHA-256 and size (as [`crate::document::sha256_hex`] of its bytes), read in small
/// pieces: planning an ingest hashes every file, and memory must not grow with their size.
pub fn hash_file(path: &Path, limits: &Limits) -> Result<(String, u64)> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    /// Read buffer for hashing: large enough for full disk throughput.
    const CHUNK: usize = 256 * 1024;
    let (file, _) = open_regular(path, limits)?;
    let mut file = file.take(limits.max_file_bytes.saturating_add(1));
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    let mut total = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::new(path, ErrorKind::Io(e.to_string()))),
        };
        total += n as u64;
        hasher.update(&buf[..n]);
    }
    if total > limits.max_file_bytes {
        return Err(too_big(path, total, limits));
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((hex, total))
}

/// Read a file into a Document, choosing the reader by extension (and checking content).
pub fn read_document(path: &Path, limits: &Limits) -> Result<Document> {
    let format = format_of(path)?;
    let bytes = read_file(path, limits)?;
    read_bytes(path, &bytes, format, limits)
}

/// Read bytes already in memory; readers are pure functions of their input.
pub fn read_bytes(path: &Path, bytes: &[u8], format: Format, limits: &Limits) -> Result<Document> {
    if bytes.is_empty() {
        return Err(Error::new(path, ErrorKind::Empty));
    }
    match format {
        Format::Txt | Format::Md | Format::Html => document::text::read(path, bytes, format),
        Format::Docx => document::docx::read(path, bytes, limits),
        Format::Pdf => document::pdf::read(path, bytes, limits),
        Format::Odt => document::odt::read(path, bytes, limits),
    }
}

/// Read and recognise one file.
pub fn extract_file(path: &Path, opts: &Options) -> Result<Framework> {
    let format = format_of(path)?;
    let bytes = read_file(path, &opts.limits)?;
    extract_bytes(path, &bytes, format, opts)
}

/// Recognise a file already read. A panic in a reader or the recognizer is a bug; it is
/// caught here, at the file boundary, so one bad file cannot take a batch down with it.
pub fn extract_bytes(
    path: &Path,
    bytes: &[u8],
    format: Format,
    opts: &Options,
) -> Result<Framework> {
    let run = || {
        let doc = read_bytes(path, bytes, format, &opts.limits)?;
        framework_from_document(&doc, opts)
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::new(path, ErrorKind::Internal(what)))
        }
    }
}

/// Recognise a Document and settle its council name (override, manifest, text, guess).
pub fn framework_from_document(doc: &Document, opts: &Options) -> Result<Framework> {
    let entry = opts
        .manifest
        .as_ref()
        .and_then(|m| m.lookup(&doc.path, &doc.sha256));
    let mut fw = extract::recognize(doc);
    if let Some(e) = entry {
        if let Some(t) = &e.title {
            fw.title = Some(t.clone());
        }
    }
    if let Some(c) = &opts.council {
        fw.council = Some(c.clone());
        fw.council_from = Some("override".into());
    } else if let Some(c) = entry.and_then(|e| e.council.clone()) {
        fw.council = Some(c);
        fw.council_from = Some("manifest".into());
    }
    if fw.council.is_none() {
        fw.warnings
            .push("council not named in the text or a manifest; pass --council".into());
    } else if fw.council_from.as_deref() == Some("guess") {
        fw.warnings.push(format!(
            "council guessed from the text as {:?}; add it to a manifest to confirm",
            fw.council.as_deref().unwrap_or("")
        ));
    }
    if fw.competencies.is_empty() {
        return Err(Error::new(
            &doc.path,
            ErrorKind::NotAFramework(format!(
                "{} blocks of text read, but no competencies with indicators found",
                doc.blocks.len()
            )),
        ));
    }
    Ok(fw)
}
