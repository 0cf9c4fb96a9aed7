//! PDF reader on lopdf's object model: our own content interpreter (positions, sizes, bold,
//! Form XObjects, inherited resources), then layout analysis into blocks that follow the
//! conventions in [`crate::document`].
//!
//! Modules: [`cmap`] and [`fonts`] decode strings to glyphs, [`interp`] runs content
//! streams, [`layout`] groups glyphs into words, lines and blocks (lists, headings,
//! tables) and [`furniture`] drops running headers and footers.

pub mod cmap;
pub mod content;
pub mod fonts;
pub mod furniture;
pub mod interp;
pub mod layout;
pub mod tables;
pub mod truetype;

/// A fast hasher for small integer keys in per-glyph maps (SipHash showed in profiles);
/// the keys come from the file, but the maps are per document and bounded by its glyphs.
#[derive(Default, Clone, Copy)]
pub struct FastHash(u64);

impl std::hash::Hasher for FastHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64);
    }
    fn write_i32(&mut self, i: i32) {
        self.write_u64(i as u32 as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHash>>;
pub type FastSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FastHash>>;

use super::{Document, Format, empty_document};
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;
use interp::{Interp, PageContent, StreamSource};
use std::path::Path;
use std::time::Instant;

/// Charges every decompressed stream against the per-part and per-file limits.
struct Budget {
    part: usize,
    left: usize,
    hit: Option<String>,
}

impl StreamSource for Budget {
    fn read(&mut self, s: &lopdf::Stream) -> Option<Vec<u8>> {
        if self.hit.is_some() {
            return None;
        }
        let limit = self.part.min(self.left);
        match s.get_plain_content_with_limit(limit) {
            Ok(b) => {
                self.left -= b.len().min(self.left);
                Some(b)
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                self.hit = Some(if limit == self.part {
                    format!("a PDF stream inflates to more than {} bytes", self.part)
                } else {
                    "the PDF's streams together inflate to more than the total limit".to_string()
                });
                None
            }
            // A stream that fails to inflate is skipped, as viewers do.
            Err(_) => None,
        }
    }
}

fn damaged(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::new(path, ErrorKind::Damaged(format!("PDF is damaged: {why}")))
}

/// Load the PDF, decrypting with the empty user password when that is all it needs.
pub fn load(path: &Path, bytes: &[u8], limits: &Limits) -> Result<lopdf::Document> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(path, ErrorKind::Empty));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        let text = String::from_utf8_lossy(head).to_ascii_lowercase();
        let what = if text.contains("<html") || text.contains("<!doctype") {
            "not a PDF at all: it is an HTML page (perhaps a download error page)"
        } else {
            "not a PDF file (no %PDF- header)"
        };
        return Err(damaged(path, what));
    }
    let opts = lopdf::LoadOptions {
        max_decompressed_size: Some(limits.max_part_bytes.min(usize::MAX as u64) as usize),
        ..Default::default()
    };
    let mut doc = match lopdf::Document::load_mem_with_options(bytes, opts) {
        Ok(d) => d,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(Error::new(
                path,
                ErrorKind::Limit(format!(
                    "a PDF stream inflates to more than {} bytes",
                    limits.max_part_bytes
                )),
            ));
        }
        Err(e) => {
            let why = if bytes.windows(5).rev().take(2048).any(|w| w == b"%%EOF") {
                format!("cannot be opened ({e})")
            } else {
                format!("file is truncated (no end-of-file marker; {e})")
            };
            return Err(damaged(path, why));
        }
    };
    // lopdf decrypts with the empty password on load; a PDF that stays encrypted needs a real
    // one. `is_encrypted` alone misses an `/Encrypt` dictionary written inline in the trailer,
    // and then the objects are not loaded at all, which looked like "no pages found".
    if doc.is_encrypted() || (doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none()) {
        return Err(Error::new(path, ErrorKind::Encrypted));
    }
    if doc.get_pages().is_empty() {
        return Err(damaged(path, "no pages found"));
    }
    resolve_indirect_filters(&mut doc);
    Ok(doc)
}

/// Stream keys that lopdf's decoder reads as direct objects only.
const FILTER_KEYS: [&[u8]; 2] = [b"Filter", b"DecodeParms"];

/// Replace an indirect `/Filter` or `/DecodeParms` (SAP writes `/Filter 3 0 R` pointing at
/// `[/FlateDecode]`) and references inside their arrays by the objects they name: lopdf
/// would otherwise hand back the compressed bytes as if they were the content.
fn resolve_indirect_filters(doc: &mut lopdf::Document) {
    use lopdf::Object;
    let resolve = |doc: &lopdf::Document, o: &Object| -> Object {
        let o = match o {
            Object::Reference(id) => doc.get_object(*id).cloned().unwrap_or(Object::Null),
            o => o.clone(),
        };
        match o {
            Object::Array(items) => Object::Array(
                items
                    .iter()
                    .map(|i| match i {
                        Object::Reference(id) => {
                            doc.get_object(*id).cloned().unwrap_or(Object::Null)
                        }
                        i => i.clone(),
                    })
                    .collect(),
            ),
            o => o,
        }
    };
    let is_indirect = |o: &Object| match o {
        Object::Reference(_) => true,
        Object::Array(a) => a.iter().any(|i| matches!(i, Object::Reference(_))),
        _ => false,
    };
    let mut fixes = Vec::new();
    for (id, o) in &doc.objects {
        let Object::Stream(s) = o else { continue };
        for key in FILTER_KEYS {
            if let Ok(v) = s.dict.get(key) {
                if is_indirect(v) {
                    fixes.push((*id, key, resolve(doc, v)));
                }
            }
        }
    }
    for (id, key, value) in fixes {
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
            s.dict.set(key, value);
        }
    }
}

/// A page whose shown characters are more than this share undecodable (U+FFFD or private
/// use) is reported: its text is mostly garbage, and indexing it silently would hide that.
const UNDECODABLE_PAGE_SHARE: f32 = 0.5;
/// Pages with fewer shown characters are not judged alone: a page number or a stamp in a
/// symbol font says nothing about the page.
const UNDECODABLE_MIN_CHARS: usize = 10;

/// Shown (non-blank) characters of a page and how many of them are undecodable.
struct GlyphCounts {
    shown: usize,
    undecodable: usize,
}

impl GlyphCounts {
    fn of(page: &PageContent) -> GlyphCounts {
        let mut c = GlyphCounts {
            shown: 0,
            undecodable: 0,
        };
        for ch in page.glyphs.iter().flat_map(|g| g.text.chars()) {
            if ch.is_whitespace() {
                continue;
            }
            c.shown += 1;
            if undecodable(ch) {
                c.undecodable += 1;
            }
        }
        c
    }
}

/// U+FFFD is what the font decoder gives for a code it cannot map; private-use code points
/// are what symbolic and subset fonts map their glyphs to when they carry no real Unicode.
fn undecodable(ch: char) -> bool {
    ch == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&ch) || ch >= '\u{F0000}'
}

/// One warning naming the pages whose text is mostly undecodable, with the counts.
fn undecodable_warning(counts: &[GlyphCounts]) -> Option<String> {
    let bad: Vec<(usize, &GlyphCounts)> = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.shown >= UNDECODABLE_MIN_CHARS
                && c.undecodable as f32 > c.shown as f32 * UNDECODABLE_PAGE_SHARE
        })
        .map(|(i, c)| (i + 1, c))
        .collect();
    if bad.is_empty() {
        return None;
    }
    let (shown, undecodable) = bad
        .iter()
        .fold((0, 0), |(s, u), (_, c)| (s + c.shown, u + c.undecodable));
    let pages: Vec<usize> = bad.iter().map(|(p, _)| *p).collect();
    let which = if pages.len() == counts.len() && pages.len() > 1 {
        "every page".to_string()
    } else {
        format!(
            "{} {}",
            if pages.len() == 1 { "page" } else { "pages" },
            page_ranges(&pages)
        )
    };
    Some(format!(
        "{which}: most of the text could not be decoded ({undecodable} of {shown} characters \
         are U+FFFD or private-use glyphs: the fonts carry no usable Unicode mapping); that \
         text is unreliable and may need OCR"
    ))
}

/// "2-5, 9, 11-12" from sorted page numbers.
fn page_ranges(pages: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            pages[i].to_string()
        } else {
            format!("{}-{}", pages[i], pages[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

/// Run every page's content through the interpreter.
pub fn page_contents(
    path: &Path,
    doc: &lopdf::Document,
    limits: &Limits,
) -> Result<Vec<PageContent>> {
    let start = Instant::now();
    let mut budget = Budget {
        part: limits.max_part_bytes.min(usize::MAX as u64) as usize,
        left: limits.max_total_inflated_bytes.min(usize::MAX as u64) as usize,
        hit: None,
    };
    let mut pages = Vec::new();
    let ids: Vec<_> = doc.get_pages().into_values().collect();
    let mut interp = Interp::new(doc, &mut budget);
    for id in ids {
        pages.push(interp.run_page(id));
        if start.elapsed() > limits.time_budget {
            return Err(Error::new(
                path,
                ErrorKind::Limit(format!("reading took longer than {:?}", limits.time_budget)),
            ));
        }
    }
    drop(interp);
    if let Some(why) = budget.hit {
        return Err(Error::new(path, ErrorKind::Limit(why)));
    }
    Ok(pages)
}

pub fn read(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Document> {
    let mut doc = empty_document(path, Format::Pdf, bytes);
    let pdf = load(path, bytes, limits)?;
    let mut pages = page_contents(path, &pdf, limits)?;
    doc.pages = Some(pages.len() as u32);
    let counts: Vec<GlyphCounts> = pages.iter().map(GlyphCounts::of).collect();
    let (shown, bad) = counts
        .iter()
        .fold((0, 0), |(s, b), c| (s + c.shown, b + c.undecodable));
    if shown == 0 {
        return Err(Error::new(path, ErrorKind::NoText));
    }
    if bad == shown {
        return Err(damaged(
            path,
            format!(
                "its text cannot be decoded: all {shown} characters use fonts with no Unicode \
                 mapping (it needs OCR to be read)"
            ),
        ));
    }
    doc.warnings.extend(undecodable_warning(&counts));
    let mut lines: Vec<Vec<layout::Line>> = pages.iter_mut().map(layout::lines).collect();
    furniture::remove(&mut lines, &pages);
    doc.blocks = layout::blocks(&lines, &pages);
    if doc.blocks.is_empty() {
        return Err(Error::new(path, ErrorKind::NoText));
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::BlockKind;
    use lopdf::{Object, Stream, dictionary};

    /// A one-page PDF whose Helvetica font (no Widths: standard-14 metrics) and Form XObject
    /// sit in the Pages node's resources, inherited by the page.
    fn pdf(content: &str, form: &str) -> Vec<u8> {
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let f1 = doc.add_object(
            dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding"},
        );
        let f2 = doc.add_object(
            dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica-Bold"},
        );
        let form_id = doc.add_object(Stream::new(
            dictionary! {"Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 500.into(), 100.into()],
                "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), 100.into()]},
            form.as_bytes().to_vec(),
        ));
        let res = doc.add_object(dictionary! {"Font" => dictionary! {"F1" => f1, "F2" => f2},
        "XObject" => dictionary! {"X1" => form_id}});
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page_id = doc.add_object(
            dictionary! {"Type" => "Page", "Parent" => pages_id, "Contents" => content_id},
        );
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! {"Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
                "Resources" => res, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()]},
            ),
        );
        let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
        doc.trailer.set("Root", catalog);
        let mut buf = Vec::new();
        doc.save_to(&mut buf).unwrap();
        buf
    }

    fn blocks(content: &str, form: &str) -> Vec<crate::document::Block> {
        read(Path::new("t.pdf"), &pdf(content, form), &Limits::default())
            .unwrap()
            .blocks
    }

    #[test]
    fn kerning_font_changes_and_positioning_make_words() {
        let b = blocks(
            "BT /F1 12 Tf 72 700 Td [(Hel) -20 (lo) -300 (world)] TJ /F2 12 Tf ( again) Tj \
             0 -14 Td /F1 12 Tf (next line) Tj ET",
            "",
        );
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(b[0].text, "Hello world again next line");
    }

    #[test]
    fn form_xobjects_and_inherited_resources_are_read() {
        let b = blocks(
            "BT /F2 18 Tf 72 760 Td (Title) Tj ET q 1 0 0 1 72 500 cm /X1 Do Q \
             BT /F1 12 Tf 72 400 Td (Body text one) Tj ET BT /F1 12 Tf 72 300 Td (Body text two) Tj ET",
            "BT /F1 12 Tf 0 0 Td (Inside the form) Tj ET",
        );
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Title", "Inside the form", "Body text one", "Body text two"]
        );
        assert_eq!(b[0].kind, BlockKind::Heading);
        assert!(b[0].hints.bold && b[0].hints.size_ratio == Some(1.5));
    }

    #[test]
    fn bullets_and_hanging_indents_make_list_items() {
        let b = blocks(
            "BT /F1 11 Tf 72 700 Td (\\225) Tj 18 0 Td (First item that wraps) Tj 0 -13 Td (onto a second line) Tj \
             -18 -13 Td (\\225) Tj 18 0 Td (Second item) Tj ET \
             BT /F1 11 Tf 72 640 Td (After the list.) Tj ET",
            "",
        );
        let got: Vec<(BlockKind, &str)> = b.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    BlockKind::ListItem,
                    "First item that wraps onto a second line"
                ),
                (BlockKind::ListItem, "Second item"),
                (BlockKind::Paragraph, "After the list."),
            ]
        );
        assert_eq!(b[0].hints.marker.as_deref(), Some("•"));
    }

    #[test]
    fn not_a_pdf_and_blank_pages_give_clear_errors() {
        let e = read(
            Path::new("x.pdf"),
            b"<!DOCTYPE html><html>404</html>",
            &Limits::default(),
        )
        .unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Damaged(ref w) if w.contains("HTML")));
        let e = read(
            Path::new("x.pdf"),
            &pdf("0 0 m 10 10 l S", ""),
            &Limits::default(),
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::NoText);
    }

    #[test]
    fn inflated_size_limits_are_honoured() {
        let limits = Limits {
            max_part_bytes: 16,
            ..Limits::default()
        };
        let e = read(
            Path::new("x.pdf"),
            &pdf("BT /F1 12 Tf 72 700 Td (Hello world) Tj ET", ""),
            &limits,
        )
        .unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Limit(_)), "{e}");
    }

    /// A one-page PDF whose `/Font` resources `fonts` builds (it may add objects).
    fn pdf_with_fonts(
        fonts: impl FnOnce(&mut lopdf::Document) -> lopdf::Dictionary,
        content: &[u8],
    ) -> Vec<u8> {
        one_page_pdf(|doc| {
            let fonts = fonts(doc);
            let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
            (content_id, fonts)
        })
    }

    /// A one-page PDF whose content stream and `/Font` resources `page` adds to the document.
    fn one_page_pdf(
        page: impl FnOnce(&mut lopdf::Document) -> (lopdf::ObjectId, lopdf::Dictionary),
    ) -> Vec<u8> {
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let (content_id, fonts) = page(&mut doc);
        let res = dictionary! {"Font" => fonts};
        let page_id = doc.add_object(dictionary! {"Type" => "Page", "Parent" => pages_id,
        "Contents" => content_id, "Resources" => res});
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! {"Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()]},
            ),
        );
        let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
        doc.trailer.set("Root", catalog);
        let mut buf = Vec::new();
        doc.save_to(&mut buf).unwrap();
        buf
    }

    fn texts_of(bytes: &[u8]) -> Vec<String> {
        read(Path::new("t.pdf"), bytes, &Limits::default())
            .unwrap()
            .blocks
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    /// A simple (one-byte) TrueType font whose ToUnicode CMap declares the two-byte
    /// codespace `<0000> <FFFF>` and writes its entries as `<00XX>`, as InDesign, PDFMaker
    /// and Word do: the string's bytes are still one code each.
    #[test]
    fn simple_font_with_two_byte_codespace_cmap_reads_one_byte_codes() {
        let bytes = pdf_with_fonts(
            |doc| {
                let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
                    1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
                    3 beginbfchar <0003> <0020> <0004> <0021> <0011> <00660069> endbfchar\n\
                    1 beginbfrange <0024> <0030> <0048> endbfrange\n\
                    endcmap end end";
                let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
                let f1 = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "TrueType",
                "BaseFont" => "ABCDEF+Minion", "FirstChar" => 3,
                "Widths" => vec![250.into()], "ToUnicode" => to_unicode});
                dictionary! {"F1" => f1}
            },
            // 0x24 0x25 → "HI", 0x03 → space, 0x11 → "fi", 0x04 → "!"
            b"BT /F1 12 Tf 72 700 Td <24250311252604> Tj ET",
        );
        assert_eq!(texts_of(&bytes), ["HI fiIJ!"]);
    }

    /// Producers that write `/Filter 3 0 R` (an indirect array): the stream is still
    /// Flate-compressed text, not a scan.
    #[test]
    fn indirect_filter_is_resolved() {
        let buf = one_page_pdf(|doc| {
            let f1 = doc.add_object(
                dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica"},
            );
            // Padding so that compression pays and `compress` really applies Flate.
            let text = format!(
                "BT /F1 12 Tf 72 700 Td (Compressed behind a reference) Tj ET\n%{}\n",
                "padding ".repeat(64)
            );
            let mut content = Stream::new(dictionary! {}, text.into_bytes());
            content.compress().unwrap();
            assert!(content.dict.has(b"Filter"));
            let content_id = doc.add_object(content);
            // The filter array is written after the stream that names it, as SAP does.
            let filter = doc.add_object(Object::Array(vec!["FlateDecode".into()]));
            if let Ok(Object::Stream(s)) = doc.get_object_mut(content_id) {
                s.dict.set("Filter", filter);
            }
            (content_id, dictionary! {"F1" => f1})
        });
        assert_eq!(texts_of(&buf), ["Compressed behind a reference"]);
    }

    /// RC4 encryption: with an empty user password the text is read; with a real one the
    /// error says the file needs a password (not "damaged" or "a scan").
    #[test]
    fn encrypted_pdfs_open_with_the_empty_password_or_say_they_need_one() {
        // (user password, Encrypt dictionary written inline in the trailer, text expected)
        for (user, inline, want_text) in [
            ("", false, true),
            ("secret", false, false),
            ("secret", true, false),
        ] {
            let plain = pdf("BT /F1 12 Tf 72 700 Td (Locked text) Tj ET", "");
            let mut doc = lopdf::Document::load_mem(&plain).unwrap();
            let id = Object::String(b"0123456789abcdef".to_vec(), lopdf::StringFormat::Literal);
            doc.trailer.set("ID", vec![id.clone(), id]);
            let version = lopdf::EncryptionVersion::V2 {
                document: &doc,
                owner_password: "owner",
                user_password: user,
                key_length: 128,
                permissions: lopdf::Permissions::all(),
            };
            let state = lopdf::EncryptionState::try_from(version).unwrap();
            doc.encrypt(&state).unwrap();
            if inline {
                let id = doc.trailer.get(b"Encrypt").unwrap().as_reference().unwrap();
                let dict = doc.objects.remove(&id).unwrap();
                doc.trailer.set("Encrypt", dict);
            }
            let mut buf = Vec::new();
            doc.save_to(&mut buf).unwrap();
            let got = read(Path::new("locked.pdf"), &buf, &Limits::default());
            if want_text {
                let texts: Vec<String> = got.unwrap().blocks.into_iter().map(|b| b.text).collect();
                assert_eq!(texts, ["Locked text"]);
            } else {
                let e = got.unwrap_err();
                assert_eq!(e.kind, ErrorKind::Encrypted, "inline={inline}: {e}");
                assert!(e.to_string().contains("locked.pdf"), "{e}");
            }
        }
    }

    /// CID TrueType fonts, Identity-H, no ToUnicode: the text comes from the embedded
    /// font's `cmap` table, reversed from glyph ids (directly, and through a
    /// `CIDToGIDMap` stream), where it used to be all U+FFFD and "a scan that needs OCR".
    #[test]
    fn cid_truetype_without_to_unicode_reads_the_embedded_cmap() {
        let bytes = pdf_with_fonts(
            |doc| {
                // Glyph ids 1..=7 are H, e, l, o, space, w, r, d.
                let program =
                    truetype::tests::font_with_cmap(&['H', 'e', 'l', 'o', ' ', 'w', 'r', 'd']);
                let file = doc.add_object(Stream::new(dictionary! {}, program));
                let descriptor = doc.add_object(dictionary! {"Type" => "FontDescriptor",
                "FontName" => "ABCDEF+Sans", "Flags" => 4, "FontFile2" => file});
                // CID n shows glyph 9 - n: CIDs 1..=8 run backwards through the glyphs.
                let map: Vec<u8> = (0u16..9).flat_map(|cid| (9 - cid).to_be_bytes()).collect();
                let cid_to_gid = doc.add_object(Stream::new(dictionary! {}, map));
                let mut fonts = dictionary! {};
                for (name, gid_map) in [("F1", None), ("F2", Some(cid_to_gid))] {
                    let mut cid = dictionary! {"Type" => "Font", "Subtype" => "CIDFontType2",
                    "BaseFont" => "ABCDEF+Sans", "DW" => 500, "FontDescriptor" => descriptor};
                    if let Some(id) = gid_map {
                        cid.set("CIDToGIDMap", id);
                    }
                    let cid = doc.add_object(cid);
                    let f = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "Type0",
                    "BaseFont" => "ABCDEF+Sans", "Encoding" => "Identity-H",
                    "DescendantFonts" => vec![cid.into()]});
                    fonts.set(name, f);
                }
                fonts
            },
            // F1: glyphs H e l l o ␠ w o r l d; F2: CID 9 - gid for the same glyphs.
            b"BT /F1 12 Tf 72 700 Td <00010002000300030004000500060004000700030008> Tj ET \
              BT /F2 12 Tf 72 600 Td <00080007000600060005000400030005000200060001> Tj ET",
        );
        assert_eq!(texts_of(&bytes), ["Hello world", "Hello world"]);
    }

    /// A page set in a font whose codes map to nothing (no ToUnicode, no encoding, no
    /// embedded cmap) is named in the warnings; a document with nothing decodable at all is
    /// an error that says why instead of "a scan".
    #[test]
    fn undecodable_pages_are_reported() {
        let doc_with = |garbage_pages: usize| {
            let mut doc = lopdf::Document::with_version("1.5");
            let pages_id = doc.new_object_id();
            let good = doc.add_object(
                dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica"},
            );
            let cid = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "CIDFontType0",
            "BaseFont" => "Ryumin-Light"});
            let bad = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "Type0",
            "BaseFont" => "Ryumin-Light", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![cid.into()]});
            let res =
                doc.add_object(dictionary! {"Font" => dictionary! {"F1" => good, "F2" => bad}});
            let mut kids = Vec::new();
            for page in 0..3 {
                let content = if page < garbage_pages {
                    "BT /F2 12 Tf 72 700 Td <0101020203030404050506060707080809090a0a0b0b0c0c0d0d0e0e> Tj ET"
                } else {
                    "BT /F1 12 Tf 72 700 Td (Readable text on this page) Tj ET"
                };
                let c = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
                let id = doc.add_object(dictionary! {"Type" => "Page", "Parent" => pages_id,
                "Contents" => c, "Resources" => res});
                kids.push(id.into());
            }
            doc.objects.insert(
                pages_id,
                Object::Dictionary(
                    dictionary! {"Type" => "Pages", "Kids" => kids, "Count" => 3,
                    "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()]},
                ),
            );
            let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
            doc.trailer.set("Root", catalog);
            let mut buf = Vec::new();
            doc.save_to(&mut buf).unwrap();
            read(Path::new("garbled.pdf"), &buf, &Limits::default())
        };
        let doc = doc_with(2).unwrap();
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
        assert!(
            doc.warnings[0]
                .starts_with("pages 1-2: most of the text could not be decoded (28 of 28"),
            "{:?}",
            doc.warnings
        );
        assert!(doc_with(0).unwrap().warnings.is_empty());
        let e = doc_with(3).unwrap_err();
        assert!(
            e.to_string().contains("garbled.pdf") && e.to_string().contains("cannot be decoded"),
            "{e}"
        );
        assert_eq!(page_ranges(&[1, 2, 3, 5, 7, 8]), "1-3, 5, 7-8");
    }

    /// Type0 / Identity-H with a ToUnicode CMap and a `W` array, and a simple font whose
    /// `Differences` name the glyphs: the two ways subset fonts hide their text.
    #[test]
    fn cid_fonts_and_differences_decode() {
        let content = b"BT /F1 12 Tf 72 700 Td <0001000200030004> Tj ET BT /F2 12 Tf 72 600 Td <010203> Tj ET";
        let buf = pdf_with_fonts(
            |doc| {
                let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
            1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfrange <0001> <0003> <0043> <0004> <0004> [<00660069>] endbfrange\n\
            endcmap end end";
                let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
                let cid = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "CIDFontType2",
                "BaseFont" => "ABCDEF+Liberation-Bold", "DW" => 500,
                "W" => vec![1.into(), vec![600.into(), 600.into(), 600.into(), 550.into()].into()]});
                let f1 = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "Type0",
                "BaseFont" => "ABCDEF+Liberation-Bold", "Encoding" => "Identity-H",
                "DescendantFonts" => vec![cid.into()], "ToUnicode" => to_unicode});
                let f2 = doc.add_object(
                    dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "XYZ+Custom",
                    "FirstChar" => 1, "Widths" => vec![500.into(), 500.into(), 250.into()],
                    "Encoding" => dictionary! {"Type" => "Encoding",
                        "Differences" => vec![1.into(), "H".into(), "i".into(), "exclam".into()]}},
                );
                dictionary! {"F1" => f1, "F2" => f2}
            },
            content,
        );
        let b = read(Path::new("t.pdf"), &buf, &Limits::default())
            .unwrap()
            .blocks;
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["CDEfi", "Hi!"]);
        assert!(b[0].hints.bold && !b[1].hints.bold);
    }
}
