//! Legacy Word (.doc) and RTF files, converted to DOCX by LibreOffice when it is installed
//! and the user asked for it (it is slow and runs an outside program).

use crate::document::Format;
use crate::error::{Error, ErrorKind};
use crate::limits::Limits;
use std::path::Path;
use std::process::Command;

const CONVERTIBLE: [&str; 3] = ["doc", "rtf", "wpd"];

pub fn is_convertible(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| CONVERTIBLE.contains(&e.to_string_lossy().to_ascii_lowercase().as_str()))
}

fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|bin| {
        Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

pub fn skip_reason(path: &Path) -> String {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let what = if ext == "doc" {
        "old Word .doc"
    } else {
        "legacy ."
    };
    let what = if ext == "doc" {
        what.to_string()
    } else {
        format!("{what}{ext}")
    };
    match soffice() {
        Some(_) => format!("{what} file: run again with --convert-with-libreoffice to convert it"),
        None => format!(
            "{what} file: install LibreOffice and use --convert-with-libreoffice to read it"
        ),
    }
}

/// Convert into a temporary folder and return the DOCX bytes.
pub fn with_libreoffice(path: &Path, limits: &Limits) -> Result<(Vec<u8>, Format), Error> {
    let fail = |why: String| Error::new(path, ErrorKind::Unsupported(why));
    let bin = soffice().ok_or_else(|| fail(skip_reason(path)))?;
    let out =
        tempfile::tempdir().map_err(|e| fail(format!("cannot make a temporary folder: {e}")))?;
    // A private profile: LibreOffice refuses to run twice on one profile, and ingest is parallel.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        out.path().join("profile").display()
    );
    let status = Command::new(bin)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(out.path())
        .arg(path)
        .output()
        .map_err(|e| fail(format!("LibreOffice could not be started: {e}")))?;
    let stem = path.file_stem().unwrap_or_default();
    let converted = out.path().join(stem).with_extension("docx");
    if !status.status.success() || !converted.exists() {
        return Err(Error::new(
            path,
            ErrorKind::Damaged(format!(
                "LibreOffice could not convert it: {}",
                String::from_utf8_lossy(&status.stderr)
                    .lines()
                    .next()
                    .unwrap_or("no output")
            )),
        ));
    }
    let bytes =
        crate::pipeline::read_file(&converted, limits).map_err(|e| Error::new(path, e.kind))?;
    Ok((bytes, Format::Docx))
}
