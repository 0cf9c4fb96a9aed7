//! One error type for every stage. Its message always names the file and says, in words a
//! researcher understands, why the file could not be used.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ErrorKind {
    /// The file could not be read from disk.
    Io(String),
    Empty,
    Unsupported(String),
    /// The PDF needs a password to open.
    Encrypted,
    /// No text layer (a scan).
    NoText,
    /// The file is damaged: which part and how.
    Damaged(String),
    /// A safety limit was hit (size, decompressed size, nesting, time).
    Limit(String),
    /// The text decoded but no framework structure could be recognised in it.
    NotAFramework(String),
    /// A reader panicked; caught at the file boundary. Always a bug.
    Internal(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}", path.display(), kind.reason())]
pub struct Error {
    pub path: PathBuf,
    pub kind: ErrorKind,
}

impl Error {
    pub fn new(path: impl AsRef<Path>, kind: ErrorKind) -> Self {
        Error {
            path: path.as_ref().to_path_buf(),
            kind,
        }
    }
}

impl ErrorKind {
    /// One line a non-programmer understands.
    pub fn reason(&self) -> String {
        match self {
            ErrorKind::Io(e) => format!("cannot read the file: {e}"),
            ErrorKind::Empty => "file is empty".into(),
            ErrorKind::Unsupported(what) => format!("unsupported file type: {what}"),
            ErrorKind::Encrypted => "PDF is encrypted and needs a password".into(),
            ErrorKind::NoText => {
                "PDF has no text layer: it is a scan and needs OCR (no extractable text)".into()
            }
            ErrorKind::Damaged(why) => why.clone(),
            ErrorKind::Limit(why) => format!("safety limit reached: {why}"),
            ErrorKind::NotAFramework(why) => format!("no competency framework recognised: {why}"),
            ErrorKind::Internal(why) => {
                format!("internal error while reading (please report): {why}")
            }
        }
    }

    /// Short machine tag for reports.
    pub fn tag(&self) -> &'static str {
        match self {
            ErrorKind::Io(_) => "io",
            ErrorKind::Empty => "empty",
            ErrorKind::Unsupported(_) => "unsupported",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::NoText => "no-text",
            ErrorKind::Damaged(_) => "damaged",
            ErrorKind::Limit(_) => "limit",
            ErrorKind::NotAFramework(_) => "not-a-framework",
            ErrorKind::Internal(_) => "internal",
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
