//! Checks the zip package before docx-rs is allowed to see it.
//!
//! docx-rs 0.4.22 trusts its input: it unwraps inflate errors (a panic on a corrupt deflate
//! stream), spins forever on XML that ends mid-element (bokuweb/docx-rs#852) and inflates every
//! part whole into memory (8 GiB for a 240 MB `document.xml`). So every part is inflated here
//! first, streaming and capped, with its CRC verified, and every XML part is checked to be
//! well-formed. Nothing is kept in memory but a few facts about `document.xml`.

use super::styles::Styles;
use super::xml_scan::{self, MainFacts};
use crate::error::ErrorKind;
use crate::limits::Limits;
use std::io::{self, Cursor, Read};
use std::time::Instant;

/// More entries than any real DOCX has (Word writes 10-40); a zip with more is a trap for
/// per-entry work rather than a document.
pub const MAX_ENTRIES: usize = 4096;

/// The part docx-rs reads as the document when `_rels/.rels` does not say otherwise.
pub const MAIN_PART: &str = "word/document.xml";

/// Where Word keeps the styles; the main document's relationships may say otherwise.
const STYLES: &str = "word/styles.xml";
const STYLES_WITH_EFFECTS: &str = "word/stylesWithEffects.xml";
/// docx-rs requires the styles part its relationships name; an empty one costs it nothing.
pub const STYLES_STUB: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"></w:styles>"#;

/// What the checks learned, and the checked XML parts to hand to docx-rs.
#[derive(Debug, Default)]
pub struct Package {
    pub main: MainFacts,
    pub styles: Styles,
    pub inflated_bytes: u64,
    /// Every XML part docx-rs may read, inflated, checked and well-formed.
    pub parts: Vec<(String, Vec<u8>)>,
}

impl Package {
    /// The checked parts as a new zip, stored rather than deflated: docx-rs then reads only
    /// bytes that have passed the checks, and does not inflate them a second time.
    pub fn repack(&self) -> Result<Vec<u8>, ErrorKind> {
        use std::io::Write;
        let internal = |e: &dyn std::fmt::Display| {
            ErrorKind::Internal(format!("re-packing the DOCX parts: {e}"))
        };
        let size: usize = self
            .parts
            .iter()
            .map(|(n, d)| n.len() * 2 + d.len() + 100)
            .sum();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(size + 100)));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(false);
        for (name, data) in &self.parts {
            out.start_file(name.as_str(), options)
                .map_err(|e| internal(&e))?;
            out.write_all(data).map_err(|e| internal(&e))?;
        }
        Ok(out.finish().map_err(|e| internal(&e))?.into_inner())
    }
}

pub fn damaged(why: impl std::fmt::Display) -> ErrorKind {
    ErrorKind::Damaged(format!("DOCX is damaged: {why}"))
}

pub fn check(bytes: &[u8], limits: &Limits, deadline: Instant) -> Result<Package, ErrorKind> {
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => return Err(open_error(bytes, &e)),
    };
    if archive.len() > MAX_ENTRIES {
        return Err(ErrorKind::Limit(format!(
            "DOCX has {} parts, more than the {MAX_ENTRIES} allowed",
            archive.len()
        )));
    }
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let main_part = main_part_name(&mut archive, &names, limits)?;
    let styles_part = styles_part_name(&mut archive, &names, &main_part, limits);
    if !names.iter().any(|n| n == &main_part) {
        return Err(damaged(format!("{main_part} is missing")));
    }
    let mut pkg = Package::default();
    for i in 0..archive.len() {
        if Instant::now() > deadline {
            return Err(ErrorKind::Limit(format!(
                "checking the DOCX parts took longer than the {:?} time budget",
                limits.time_budget
            )));
        }
        let mut entry = archive
            .by_index(i)
            .map_err(|e| damaged(format!("a part cannot be opened ({e})")))?;
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("part #{i}"));
        if entry.is_dir() {
            continue;
        }
        if entry.encrypted() {
            return Err(damaged(format!("{name} is encrypted inside the zip")));
        }
        // The declared size is checked before inflating a byte: a bomb announces itself here.
        let declared = entry.size();
        if declared > limits.max_part_bytes {
            return Err(part_too_big(&name, declared, limits));
        }
        if pkg.inflated_bytes + declared > limits.max_total_inflated_bytes {
            return Err(total_too_big(pkg.inflated_bytes + declared, limits));
        }
        // The declared size can lie, so the reader is capped as well: one byte past the limit
        // is enough to know it was exceeded.
        let mut capped = Counting {
            inner: (&mut entry).take(limits.max_part_bytes + 1),
            count: 0,
        };
        let is_xml = name.ends_with(".xml") || name.ends_with(".rels");
        // Parts docx-rs never reads (pictures, thumbnails, Word 2010's stylesWithEffects copy
        // of styles.xml) are only inflated to check size and CRC, not kept or parsed.
        let kept = is_xml && name != STYLES_WITH_EFFECTS;
        let mut data = Vec::new();
        let read = if kept {
            capped.read_to_end(&mut data).map(|_| ())
        } else {
            io::copy(&mut capped, &mut io::sink()).map(|_| ())
        };
        let inflated = capped.count;
        if inflated > limits.max_part_bytes {
            return Err(part_too_big(&name, inflated, limits));
        }
        // A decompression fault also explains any XML fault, so it is reported first.
        read.map_err(|e| problem_to_error(&name, xml_scan::XmlProblem::Io(e)))?;
        if inflated != declared {
            return Err(damaged(format!(
                "{name} inflates to {inflated} bytes but the zip directory says {declared}"
            )));
        }
        if kept {
            let checked = if name == main_part {
                xml_scan::scan_main(&data[..]).map(|facts| pkg.main = facts)
            } else if name == styles_part {
                // Read by this reader itself (see `styles`); docx-rs gets an empty stub.
                xml_scan::scan_styles(&data[..]).map(|styles| {
                    pkg.styles = styles;
                    data = STYLES_STUB.as_bytes().to_vec();
                })
            } else {
                xml_scan::check_well_formed(&data[..])
            };
            checked.map_err(|p| problem_to_error(&name, p))?;
            pkg.parts.push((name, data));
        }
        pkg.inflated_bytes += inflated;
        if pkg.inflated_bytes > limits.max_total_inflated_bytes {
            return Err(total_too_big(pkg.inflated_bytes, limits));
        }
    }
    Ok(pkg)
}

/// Tells a file that is not a zip at all from a zip that was cut short or mangled, since the
/// remedy differs (wrong file vs. download again).
fn open_error(bytes: &[u8], e: &zip::result::ZipError) -> ErrorKind {
    let looks_like_zip = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06");
    if !looks_like_zip {
        if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
            return ErrorKind::Unsupported(
                "not a DOCX file (an old Word .doc or an encrypted document)".into(),
            );
        }
        return ErrorKind::Damaged("not a DOCX file (not a zip archive)".into());
    }
    let missing_directory = !bytes
        .windows(4)
        .rev()
        .take(65_557)
        .any(|w| w == b"PK\x05\x06");
    if missing_directory {
        damaged("truncated (zip directory missing)")
    } else {
        damaged(format!("the zip directory cannot be read ({e})"))
    }
}

/// The main document part named by `_rels/.rels` (Word always uses `word/document.xml`, but
/// the relationship is what docx-rs follows, so that is what must be checked).
/// A small part's bytes, for the relationship files read before the main pass.
fn small_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Vec<u8>, ErrorKind> {
    let mut entry = archive
        .by_name(name)
        .map_err(|e| damaged(format!("{name} cannot be opened ({e})")))?;
    if entry.size() > limits.max_part_bytes.min(1 << 20) {
        return Err(part_too_big(name, entry.size(), limits));
    }
    let mut data = Vec::new();
    (&mut entry)
        .take(1 << 20)
        .read_to_end(&mut data)
        .map_err(|e| problem_to_error(name, xml_scan::XmlProblem::Io(e)))?;
    Ok(data)
}

/// The styles part the main document's relationships name (as docx-rs follows them), else
/// Word's usual path. Problems here are left for the main pass to report.
fn styles_part_name(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    names: &[String],
    main_part: &str,
    limits: &Limits,
) -> String {
    let (dir, file) = main_part.rsplit_once('/').unwrap_or(("", main_part));
    let rels = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    if !names.contains(&rels) {
        return STYLES.into();
    }
    let target = small_part(archive, &rels, limits)
        .ok()
        .and_then(|d| xml_scan::relationship_target(&d, "/styles"));
    match target {
        Some(t) if t.starts_with('/') => t.trim_start_matches('/').to_string(),
        Some(t) if dir.is_empty() => t,
        Some(t) => format!("{dir}/{t}"),
        None => STYLES.into(),
    }
}

fn main_part_name(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    names: &[String],
    limits: &Limits,
) -> Result<String, ErrorKind> {
    if !names.iter().any(|n| n == "_rels/.rels") {
        return Err(damaged(
            "_rels/.rels is missing (the list of the package's parts)",
        ));
    }
    let data = small_part(archive, "_rels/.rels", limits)?;
    Ok(xml_scan::main_document_target(&data).unwrap_or_else(|| MAIN_PART.to_string()))
}

fn part_too_big(name: &str, size: u64, limits: &Limits) -> ErrorKind {
    ErrorKind::Limit(format!(
        "DOCX part {name} inflates to {size} bytes or more, over the {} byte limit for one part (a zip bomb?)",
        limits.max_part_bytes
    ))
}

fn total_too_big(size: u64, limits: &Limits) -> ErrorKind {
    ErrorKind::Limit(format!(
        "DOCX parts inflate to {size} bytes or more in all, over the {} byte limit (a zip bomb?)",
        limits.max_total_inflated_bytes
    ))
}

fn problem_to_error(name: &str, p: xml_scan::XmlProblem) -> ErrorKind {
    use xml_scan::XmlProblem;
    match p {
        XmlProblem::Io(e) if e.to_string().contains("checksum") => {
            damaged(format!("{name} fails its checksum (the file is corrupt)"))
        }
        XmlProblem::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
            damaged(format!("{name} is cut short inside the zip"))
        }
        XmlProblem::Io(e) => damaged(format!("{name} cannot be decompressed (corrupt data: {e})")),
        XmlProblem::Malformed(why) => damaged(format!("{name} is not well-formed XML ({why})")),
        XmlProblem::TooMany(why) => ErrorKind::Limit(format!("{name} {why}")),
    }
}

/// Counts what was inflated, so an actual size over the declared one is caught.
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}
