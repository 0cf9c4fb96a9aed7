//! Fonts: turn the bytes of a text-showing operator into glyphs (code, Unicode, width).
//! ToUnicode wins over `/Encoding` because producers (LibreOffice, Chromium) subset fonts
//! and renumber glyphs: only the CMap still knows what a code means.

use super::cmap::CMap;
use lopdf::{Dictionary, Document, Object};
use std::cell::RefCell;
use std::rc::Rc;

/// One decoded character code.
pub struct Code {
    pub text: Rc<str>,
    /// Advance in text space units per 1 point of font size (width / 1000).
    pub width: f32,
    /// Single-byte code 32: word spacing (`Tw`) applies to it.
    pub is_space: bool,
}

pub struct Font {
    cmap: Option<CMap>,
    /// Simple-font code → Unicode from `/Encoding` (base encoding + Differences).
    simple: Option<Box<[Option<char>; 256]>>,
    two_byte: bool,
    first_char: u32,
    widths: Vec<f32>,
    /// CID widths from the `W` array, sorted ranges.
    cid_widths: Vec<(u32, u32, f32)>,
    default_width: f32,
    standard_widths: Option<&'static [u16; 95]>,
    pub bold: bool,
    /// For an Identity-H/V CID TrueType font without ToUnicode: CID → glyph id (from
    /// `CIDToGIDMap`; `None` is Identity) and glyph id → Unicode from the embedded font.
    embedded: Option<(Option<Vec<u16>>, super::FastMap<u16, char>)>,
    /// Decoded codes: glyph text is shared, not allocated per glyph.
    cache: RefCell<super::FastMap<(u32, usize), (Rc<str>, f32)>>,
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(&Object::Null),
        o => o,
    }
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o))
}

fn name_of(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<String> {
    match get(doc, d, key)? {
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

/// Reads a stream's decoded bytes within the limit; `None` when it cannot.
pub type StreamReader<'r> = dyn FnMut(&lopdf::Stream) -> Option<Vec<u8>> + 'r;

impl Font {
    /// A font for when `Tf` names nothing usable: Helvetica-like, WinAnsi.
    pub fn fallback() -> Font {
        Font {
            cmap: None,
            simple: Some(Box::new(base_encoding("WinAnsiEncoding"))),
            two_byte: false,
            first_char: 0,
            widths: Vec::new(),
            cid_widths: Vec::new(),
            default_width: 0.5,
            standard_widths: Some(&HELVETICA),
            bold: false,
            embedded: None,
            cache: RefCell::new(Default::default()),
        }
    }

    pub fn load(doc: &Document, dict: &Dictionary, read: &mut StreamReader) -> Font {
        let subtype = name_of(doc, dict, b"Subtype").unwrap_or_default();
        let base_font = name_of(doc, dict, b"BaseFont").unwrap_or_default();
        let cmap = match get(doc, dict, b"ToUnicode") {
            Some(Object::Stream(s)) => read(s).map(|b| CMap::parse(&b)),
            _ => None,
        };
        let has_to_unicode = cmap.is_some();
        let mut font = Font::fallback();
        font.cmap = cmap;
        font.simple = None;
        font.standard_widths = None;
        let mut descriptor = get(doc, dict, b"FontDescriptor").and_then(|o| o.as_dict().ok());
        if subtype == "Type0" {
            font.two_byte = true;
            let desc = match get(doc, dict, b"DescendantFonts") {
                Some(Object::Array(a)) => a
                    .first()
                    .map(|o| deref(doc, o))
                    .and_then(|o| o.as_dict().ok()),
                _ => None,
            };
            // Identity-H/V and almost every embedded CMap in practice use 2-byte codes.
            font.default_width = 1.0;
            if let Some(desc) = desc {
                if let Some(dw) = get(doc, desc, b"DW").and_then(num) {
                    font.default_width = dw / 1000.0;
                }
                if let Some(Object::Array(w)) = get(doc, desc, b"W") {
                    font.cid_widths = parse_w(doc, w);
                }
                descriptor = get(doc, desc, b"FontDescriptor").and_then(|o| o.as_dict().ok());
                let identity = name_of(doc, dict, b"Encoding")
                    .is_some_and(|e| e == "Identity-H" || e == "Identity-V");
                if !has_to_unicode && identity {
                    font.embedded = embedded_truetype(doc, desc, descriptor, read);
                }
            }
        } else {
            font.first_char = get(doc, dict, b"FirstChar")
                .and_then(num)
                .unwrap_or(0.0)
                .max(0.0) as u32;
            // Type3 glyph space is whatever its FontMatrix says; the others are 1/1000.
            let scale = match get(doc, dict, b"FontMatrix") {
                Some(Object::Array(m)) if subtype == "Type3" => {
                    m.first().and_then(|o| num(deref(doc, o))).unwrap_or(0.001)
                }
                _ => 0.001,
            };
            if let Some(Object::Array(w)) = get(doc, dict, b"Widths") {
                font.widths = w
                    .iter()
                    .map(|o| num(deref(doc, o)).unwrap_or(0.0) * scale)
                    .collect();
            }
            let std = standard_font(&base_font);
            font.standard_widths = std;
            font.default_width = descriptor
                .and_then(|d| get(doc, d, b"MissingWidth").and_then(num))
                .filter(|w| *w > 0.0)
                .map(|w| w / 1000.0)
                .unwrap_or(if base_font.contains("Courier") {
                    0.6
                } else {
                    0.5
                });
            font.simple = Some(Box::new(simple_encoding(doc, dict, &base_font)));
        }
        let flags = descriptor
            .and_then(|d| get(doc, d, b"Flags").and_then(num))
            .unwrap_or(0.0) as u32;
        let weight = descriptor
            .and_then(|d| get(doc, d, b"FontWeight").and_then(num))
            .unwrap_or(0.0);
        let lname = base_font.to_ascii_lowercase();
        font.bold = ["bold", "black", "heavy", "semibold", "demi"]
            .iter()
            .any(|w| lname.contains(w))
            || flags & (1 << 18) != 0
            || weight >= 600.0;
        font
    }

    /// Split a string operand into codes and decode each.
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<Code>) {
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = match &self.cmap {
                // A simple font's codes are one byte whatever its ToUnicode codespace says:
                // InDesign, PDFMaker, Word and PDFium write `<0000> <FFFF>` for them.
                _ if !self.two_byte => (bytes[i] as u32, 1),
                Some(c) if c.has_codespace() => c.next_code(&bytes[i..]),
                _ => {
                    if i + 1 < bytes.len() {
                        ((bytes[i] as u32) << 8 | bytes[i + 1] as u32, 2)
                    } else {
                        (bytes[i] as u32, 1)
                    }
                }
            };
            i += len;
            let (text, width) = self
                .cache
                .borrow_mut()
                .entry((code, len))
                .or_insert_with(|| (Rc::from(self.unicode(code, len)), self.width(code)))
                .clone();
            out.push(Code {
                text,
                width,
                is_space: len == 1 && code == 32,
            });
        }
    }

    fn unicode(&self, code: u32, len: usize) -> String {
        if let Some(c) = &self.cmap {
            if let Some(s) = c.lookup(code, len) {
                return s;
            }
            // A one-byte code of a simple font whose CMap writes its entries as `<00XX>`.
            if !self.two_byte {
                if let Some(s) = c.lookup(code, 2) {
                    return s;
                }
            }
        }
        if let Some((cid_to_gid, glyphs)) = &self.embedded {
            let gid = match cid_to_gid {
                Some(m) => m.get(code as usize).copied(),
                None => u16::try_from(code).ok(),
            };
            if let Some(c) = gid.and_then(|g| glyphs.get(&g)) {
                return c.to_string();
            }
        }
        if let Some(map) = &self.simple {
            if let Some(c) = map.get(code as usize).copied().flatten() {
                return c.to_string();
            }
        }
        if !self.two_byte && (32..127).contains(&code) {
            return char::from(code as u8).to_string();
        }
        // Unknown code: a replacement keeps word boundaries honest.
        "\u{FFFD}".into()
    }

    fn width(&self, code: u32) -> f32 {
        if self.two_byte {
            let i = self.cid_widths.partition_point(|r| r.1 < code);
            if let Some(r) = self.cid_widths.get(i) {
                if r.0 <= code {
                    return r.2;
                }
            }
            return self.default_width;
        }
        if code >= self.first_char {
            if let Some(w) = self.widths.get((code - self.first_char) as usize) {
                if *w > 0.0 || self.standard_widths.is_none() {
                    return *w;
                }
            }
        }
        if let Some(std) = self.standard_widths {
            if (32..127).contains(&code) {
                return std[(code - 32) as usize] as f32 / 1000.0;
            }
        }
        self.default_width
    }
}

/// CID → glyph id and glyph id → Unicode for a `CIDFontType2` descendant whose descriptor
/// embeds the TrueType program (`FontFile2`) with a usable `cmap` or `post` table.
fn embedded_truetype(
    doc: &Document,
    desc: &Dictionary,
    descriptor: Option<&Dictionary>,
    read: &mut StreamReader,
) -> Option<(Option<Vec<u16>>, super::FastMap<u16, char>)> {
    if name_of(doc, desc, b"Subtype").as_deref() != Some("CIDFontType2") {
        return None;
    }
    let Some(Object::Stream(file)) = descriptor.and_then(|d| get(doc, d, b"FontFile2")) else {
        return None;
    };
    let glyphs = super::truetype::glyph_unicode(&read(file)?);
    if glyphs.is_empty() {
        return None;
    }
    // Absent or the name /Identity: CIDs are glyph ids; a stream holds 2-byte glyph ids.
    let cid_to_gid = match get(doc, desc, b"CIDToGIDMap") {
        Some(Object::Stream(s)) => Some(
            read(s)?
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect(),
        ),
        _ => None,
    };
    Some((cid_to_gid, glyphs))
}

fn parse_w(doc: &Document, w: &[Object]) -> Vec<(u32, u32, f32)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = num(deref(doc, &w[i])) else {
            break;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().enumerate() {
                    let c = first.saturating_add(k as u32);
                    out.push((c, c, num(deref(doc, o)).unwrap_or(0.0) / 1000.0));
                }
                i += 2;
            }
            Some(o) => {
                let last = num(o).unwrap_or(0.0).max(0.0) as u32;
                let width = w.get(i + 2).and_then(|o| num(deref(doc, o))).unwrap_or(0.0) / 1000.0;
                out.push((first, last.max(first), width));
                i += 3;
            }
            None => break,
        }
    }
    out.sort_by_key(|r| (r.1, r.0));
    out
}

fn standard_font(base: &str) -> Option<&'static [u16; 95]> {
    let b = base.split('+').next_back().unwrap_or(base);
    let std = [
        "Helvetica",
        "Arial",
        "Times",
        "Courier",
        "Symbol",
        "ZapfDingbats",
    ];
    if !std.iter().any(|s| b.starts_with(s)) {
        return None;
    }
    Some(if b.starts_with("Courier") {
        &COURIER
    } else {
        &HELVETICA
    })
}

fn simple_encoding(doc: &Document, dict: &Dictionary, base_font: &str) -> [Option<char>; 256] {
    let symbolic = base_font.contains("Symbol") || base_font.contains("Dingbats");
    let default = if symbolic {
        "Identity"
    } else {
        "StandardEncoding"
    };
    match get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => base_encoding(&String::from_utf8_lossy(n)),
        Some(Object::Dictionary(d)) => {
            let base = name_of(doc, d, b"BaseEncoding").unwrap_or_else(|| default.into());
            let mut map = base_encoding(&base);
            if let Some(Object::Array(diffs)) = get(doc, d, b"Differences") {
                let mut code = 0usize;
                for o in diffs {
                    match deref(doc, o) {
                        Object::Integer(i) => code = (*i).clamp(0, 255) as usize,
                        Object::Name(n) => {
                            if code < 256 {
                                map[code] = glyph_to_char(&String::from_utf8_lossy(n));
                            }
                            code += 1;
                        }
                        _ => {}
                    }
                }
            }
            map
        }
        _ => base_encoding(default),
    }
}

/// Base encodings as code → char tables.
pub fn base_encoding(name: &str) -> [Option<char>; 256] {
    let mut map = [None; 256];
    let enc = match name {
        "WinAnsiEncoding" => Some(encoding_rs::WINDOWS_1252),
        "MacRomanEncoding" => Some(encoding_rs::MACINTOSH),
        _ => None,
    };
    for (c, slot) in map.iter_mut().enumerate() {
        if let Some(enc) = enc {
            if c >= 32 {
                let byte = [c as u8];
                let (s, _, bad) = enc.decode(&byte);
                if !bad {
                    *slot = s.chars().next().filter(|ch| !ch.is_control());
                }
            }
        } else if name == "StandardEncoding" {
            *slot = match c {
                0x27 => Some('\u{2019}'),
                0x60 => Some('\u{2018}'),
                32..=126 => Some(c as u8 as char),
                0xA1 => Some('¡'),
                0xA2 => Some('¢'),
                0xA3 => Some('£'),
                0xA9 => Some('\''),
                0xAA => Some('“'),
                0xAE => Some('ﬁ'),
                0xAF => Some('ﬂ'),
                0xB1 => Some('–'),
                0xB7 => Some('•'),
                0xBA => Some('”'),
                0xBC => Some('…'),
                0xD0 => Some('—'),
                _ => None,
            };
        } else if (32..127).contains(&c) {
            *slot = Some(c as u8 as char);
        }
    }
    map
}

/// Glyph names to Unicode: `uniXXXX`, `uXXXX[XX]`, single letters/digits and the common
/// Adobe Glyph List names seen in Western documents.
pub fn glyph_to_char(name: &str) -> Option<char> {
    let name = name.split('.').next().unwrap_or(name);
    if name.chars().count() == 1 {
        return name.chars().next();
    }
    if let Some(hex) = name.strip_prefix("uni").filter(|h| h.len() == 4) {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    if let Some(hex) = name
        .strip_prefix('u')
        .filter(|h| (4..=6).contains(&h.len()))
    {
        if let Ok(v) = u32::from_str_radix(hex, 16) {
            return char::from_u32(v);
        }
    }
    let c = match name {
        "space" | "nbspace" | "nonbreakingspace" => ' ',
        "exclam" => '!',
        "quotedbl" => '"',
        "numbersign" => '#',
        "dollar" => '$',
        "percent" => '%',
        "ampersand" => '&',
        "quotesingle" => '\'',
        "quoteright" => '’',
        "quoteleft" => '‘',
        "quotedblleft" => '“',
        "quotedblright" => '”',
        "quotesinglbase" => '‚',
        "quotedblbase" => '„',
        "parenleft" => '(',
        "parenright" => ')',
        "asterisk" => '*',
        "plus" => '+',
        "comma" => ',',
        "hyphen" | "minus" => '-',
        "period" => '.',
        "slash" => '/',
        "zero" => '0',
        "one" => '1',
        "two" => '2',
        "three" => '3',
        "four" => '4',
        "five" => '5',
        "six" => '6',
        "seven" => '7',
        "eight" => '8',
        "nine" => '9',
        "colon" => ':',
        "semicolon" => ';',
        "less" => '<',
        "equal" => '=',
        "greater" => '>',
        "question" => '?',
        "at" => '@',
        "bracketleft" => '[',
        "backslash" => '\\',
        "bracketright" => ']',
        "asciicircum" => '^',
        "underscore" => '_',
        "grave" => '`',
        "braceleft" => '{',
        "bar" => '|',
        "braceright" => '}',
        "asciitilde" => '~',
        "bullet" | "uni2022" => '•',
        "endash" => '–',
        "emdash" => '—',
        "ellipsis" => '…',
        "sterling" => '£',
        "euro" | "Euro" => '€',
        "copyright" => '©',
        "registered" => '®',
        "trademark" => '™',
        "degree" => '°',
        "section" => '§',
        "paragraph" => '¶',
        "fi" => 'ﬁ',
        "fl" => 'ﬂ',
        "ff" => 'ﬀ',
        "ffi" => 'ﬃ',
        "ffl" => 'ﬄ',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "aacute" => 'á',
        "ccedilla" => 'ç',
        "odieresis" => 'ö',
        "udieresis" => 'ü',
        "adieresis" => 'ä',
        "germandbls" => 'ß',
        "periodcentered" => '·',
        "middot" => '·',
        "arrowright" => '→',
        "checkmark" => '✓',
        _ => return None,
    };
    Some(c)
}

/// Helvetica advance widths for ASCII 32..=126 (AFM), also used for Arial/Times lookalikes.
pub(crate) static HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
static COURIER: [u16; 95] = [600; 95];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_map_to_unicode() {
        assert_eq!(glyph_to_char("A"), Some('A'));
        assert_eq!(glyph_to_char("uni2022"), Some('•'));
        assert_eq!(glyph_to_char("quoteright"), Some('’'));
        assert_eq!(glyph_to_char("fi"), Some('ﬁ'));
        assert_eq!(glyph_to_char("notaglyph"), None);
    }

    #[test]
    fn winansi_maps_high_codes() {
        let m = base_encoding("WinAnsiEncoding");
        assert_eq!(m[0x92], Some('’'));
        assert_eq!(m[0x96], Some('–'));
        assert_eq!(m[0x95], Some('•'));
        assert_eq!(m[b'A' as usize], Some('A'));
    }
}
