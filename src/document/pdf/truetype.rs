//! Embedded TrueType fonts (`FontFile2`): glyph id → Unicode from the font's own `cmap`
//! table, or from glyph names in its `post` table, for CID fonts that come without a
//! ToUnicode CMap (LibreOffice and some Java/SAP producers). The glyph ids are what an
//! Identity-H string holds (through `CIDToGIDMap`), so reversing the font's cmap recovers
//! the text, as poppler and pdf.js do.
//!
//! Every offset comes from the file: each read is bounds-checked and bad tables yield an
//! empty map, never a panic.

use super::FastMap;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// A bound on the code points one cmap subtable may map: a hostile format 12 group can
/// claim four billion; Unicode has fewer than this many assigned characters.
const MAX_MAPPINGS: usize = 1 << 18;

/// The table named `tag` as a slice of the font, if present and inside the file.
fn table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let count = u16_at(font, 4)? as usize;
    (0..count).find_map(|i| {
        let rec = 12 + 16 * i;
        if font.get(rec..rec + 4)? != tag {
            return None;
        }
        let off = u32_at(font, rec + 8)? as usize;
        let len = u32_at(font, rec + 12)? as usize;
        font.get(off..off.checked_add(len)?)
            // Some subsetters write a short length; the data still runs to the end.
            .or_else(|| font.get(off..))
    })
}

/// Glyph id → Unicode for an embedded TrueType font; empty when it has neither a Unicode
/// `cmap` subtable nor `post` glyph names.
pub fn glyph_unicode(font: &[u8]) -> FastMap<u16, char> {
    let mut map = FastMap::default();
    if let Some(cmap) = table(font, b"cmap") {
        reverse_cmap(cmap, &mut map);
    }
    if let Some(post) = table(font, b"post") {
        post_names(post, &mut map);
    }
    map
}

/// Subtable preference: Unicode full repertoire, Unicode BMP, then the (0, x) Unicode
/// platform; a (3, 0) symbol table maps U+F0xx codes, which say nothing about the text.
fn subtable_rank(platform: u16, encoding: u16) -> Option<u8> {
    match (platform, encoding) {
        (3, 10) => Some(0),
        (3, 1) => Some(1),
        (0, _) => Some(2),
        _ => None,
    }
}

fn reverse_cmap(cmap: &[u8], map: &mut FastMap<u16, char>) {
    let count = u16_at(cmap, 2).unwrap_or(0) as usize;
    let mut subtables: Vec<(u8, usize)> = (0..count)
        .filter_map(|i| {
            let rec = 4 + 8 * i;
            let rank = subtable_rank(u16_at(cmap, rec)?, u16_at(cmap, rec + 2)?)?;
            Some((rank, u32_at(cmap, rec + 4)? as usize))
        })
        .collect();
    subtables.sort();
    for (_, off) in subtables {
        let Some(sub) = cmap.get(off..) else { continue };
        let mut pairs = Vec::new();
        match u16_at(sub, 0) {
            Some(4) => format4(sub, &mut pairs),
            Some(12) => format12(sub, &mut pairs),
            Some(6) => format6(sub, &mut pairs),
            _ => continue,
        }
        // Several code points may share a glyph (space and no-break space): the lowest,
        // the plain one, wins; a better-ranked subtable's choice is kept.
        pairs.sort_unstable();
        for (code, gid) in pairs {
            if gid == 0 {
                continue;
            }
            if let Some(c) = char::from_u32(code).filter(|c| !c.is_control()) {
                map.entry(gid).or_insert(c);
            }
        }
    }
}

fn format4(sub: &[u8], out: &mut Vec<(u32, u16)>) {
    let Some(seg_x2) = u16_at(sub, 6).map(|s| s as usize) else {
        return;
    };
    let ends = 14;
    let starts = ends + seg_x2 + 2;
    let deltas = starts + seg_x2;
    let range_offsets = deltas + seg_x2;
    for seg in (0..seg_x2).step_by(2) {
        let (Some(end), Some(start), Some(delta), Some(ro)) = (
            u16_at(sub, ends + seg),
            u16_at(sub, starts + seg),
            u16_at(sub, deltas + seg),
            u16_at(sub, range_offsets + seg),
        ) else {
            return;
        };
        for c in start..=end {
            if c == 0xFFFF || out.len() >= MAX_MAPPINGS {
                break;
            }
            let gid = if ro == 0 {
                c.wrapping_add(delta)
            } else {
                // idRangeOffset counts bytes from its own position in the array.
                let at = range_offsets + seg + ro as usize + 2 * (c - start) as usize;
                match u16_at(sub, at) {
                    Some(0) | None => continue,
                    Some(g) => g.wrapping_add(delta),
                }
            };
            out.push((c as u32, gid));
        }
    }
}

fn format12(sub: &[u8], out: &mut Vec<(u32, u16)>) {
    let groups = u32_at(sub, 12).unwrap_or(0) as usize;
    for g in 0..groups {
        let at = 16 + 12 * g;
        let (Some(start), Some(end), Some(gid)) =
            (u32_at(sub, at), u32_at(sub, at + 4), u32_at(sub, at + 8))
        else {
            return;
        };
        for (k, c) in (start..=end.min(0x10FFFF)).enumerate() {
            if out.len() >= MAX_MAPPINGS {
                return;
            }
            if let Ok(gid) = u16::try_from(gid as u64 + k as u64) {
                out.push((c, gid));
            }
        }
    }
}

fn format6(sub: &[u8], out: &mut Vec<(u32, u16)>) {
    let (Some(first), Some(count)) = (u16_at(sub, 6), u16_at(sub, 8)) else {
        return;
    };
    for k in 0..count as usize {
        let Some(gid) = u16_at(sub, 10 + 2 * k) else {
            return;
        };
        out.push((first as u32 + k as u32, gid));
    }
}

/// `post` format 2.0 glyph names, for glyphs the cmap left unmapped (and for subset fonts
/// whose cmap was dropped). Only names beyond the 258 standard Macintosh ones are stored in
/// the table; the standard ones are looked up by index.
fn post_names(post: &[u8], map: &mut FastMap<u16, char>) {
    if u32_at(post, 0) != Some(0x0002_0000) {
        return;
    }
    let Some(glyphs) = u16_at(post, 32).map(|n| n as usize) else {
        return;
    };
    let mut names: Vec<&[u8]> = Vec::new();
    let mut at = 34 + 2 * glyphs;
    while let Some(&len) = post.get(at) {
        let Some(name) = post.get(at + 1..at + 1 + len as usize) else {
            break;
        };
        names.push(name);
        at += 1 + len as usize;
    }
    for gid in 0..glyphs {
        let Some(index) = u16_at(post, 34 + 2 * gid).map(|i| i as usize) else {
            return;
        };
        let name = if index < MAC_GLYPHS.len() {
            MAC_GLYPHS[index].to_string()
        } else {
            match names.get(index - MAC_GLYPHS.len()) {
                Some(n) => String::from_utf8_lossy(n).into_owned(),
                None => continue,
            }
        };
        if let Some(c) = super::fonts::glyph_to_char(&name) {
            map.entry(gid as u16).or_insert(c);
        }
    }
}

/// The standard Macintosh glyph order that `post` indexes below 258 refer to.
static MAC_GLYPHS: [&str; 258] = [
    ".notdef",
    ".null",
    "nonmarkingreturn",
    "space",
    "exclam",
    "quotedbl",
    "numbersign",
    "dollar",
    "percent",
    "ampersand",
    "quotesingle",
    "parenleft",
    "parenright",
    "asterisk",
    "plus",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less",
    "equal",
    "greater",
    "question",
    "at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "bracketleft",
    "backslash",
    "bracketright",
    "asciicircum",
    "underscore",
    "grave",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "braceleft",
    "bar",
    "braceright",
    "asciitilde",
    "Adieresis",
    "Aring",
    "Ccedilla",
    "Eacute",
    "Ntilde",
    "Odieresis",
    "Udieresis",
    "aacute",
    "agrave",
    "acircumflex",
    "adieresis",
    "atilde",
    "aring",
    "ccedilla",
    "eacute",
    "egrave",
    "ecircumflex",
    "edieresis",
    "iacute",
    "igrave",
    "icircumflex",
    "idieresis",
    "ntilde",
    "oacute",
    "ograve",
    "ocircumflex",
    "odieresis",
    "otilde",
    "uacute",
    "ugrave",
    "ucircumflex",
    "udieresis",
    "dagger",
    "degree",
    "cent",
    "sterling",
    "section",
    "bullet",
    "paragraph",
    "germandbls",
    "registered",
    "copyright",
    "trademark",
    "acute",
    "dieresis",
    "notequal",
    "AE",
    "Oslash",
    "infinity",
    "plusminus",
    "lessequal",
    "greaterequal",
    "yen",
    "mu",
    "partialdiff",
    "summation",
    "product",
    "pi",
    "integral",
    "ordfeminine",
    "ordmasculine",
    "Omega",
    "ae",
    "oslash",
    "questiondown",
    "exclamdown",
    "logicalnot",
    "radical",
    "florin",
    "approxequal",
    "Delta",
    "guillemotleft",
    "guillemotright",
    "ellipsis",
    "nonbreakingspace",
    "Agrave",
    "Atilde",
    "Otilde",
    "OE",
    "oe",
    "endash",
    "emdash",
    "quotedblleft",
    "quotedblright",
    "quoteleft",
    "quoteright",
    "divide",
    "lozenge",
    "ydieresis",
    "Ydieresis",
    "fraction",
    "currency",
    "guilsinglleft",
    "guilsinglright",
    "fi",
    "fl",
    "daggerdbl",
    "periodcentered",
    "quotesinglbase",
    "quotedblbase",
    "perthousand",
    "Acircumflex",
    "Ecircumflex",
    "Aacute",
    "Edieresis",
    "Egrave",
    "Iacute",
    "Icircumflex",
    "Idieresis",
    "Igrave",
    "Oacute",
    "Ocircumflex",
    "apple",
    "Ograve",
    "Uacute",
    "Ucircumflex",
    "Ugrave",
    "dotlessi",
    "circumflex",
    "tilde",
    "macron",
    "breve",
    "dotaccent",
    "ring",
    "cedilla",
    "hungarumlaut",
    "ogonek",
    "caron",
    "Lslash",
    "lslash",
    "Scaron",
    "scaron",
    "Zcaron",
    "zcaron",
    "brokenbar",
    "Eth",
    "eth",
    "Yacute",
    "yacute",
    "Thorn",
    "thorn",
    "minus",
    "multiply",
    "onesuperior",
    "twosuperior",
    "threesuperior",
    "onehalf",
    "onequarter",
    "threequarters",
    "franc",
    "Gbreve",
    "gbreve",
    "Idotaccent",
    "Scedilla",
    "scedilla",
    "Cacute",
    "cacute",
    "Ccaron",
    "ccaron",
    "dcroat",
];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal TrueType font holding only a `cmap` table with one format 4 subtable
    /// (3, 1) that maps `chars` to glyph ids 1, 2, 3, … in order (one segment each, using
    /// idDelta), plus the terminating 0xFFFF segment.
    pub(crate) fn font_with_cmap(chars: &[char]) -> Vec<u8> {
        let mut segs: Vec<(u16, u16, u16)> = chars
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let c = c as u16;
                (c, c, (i as u16 + 1).wrapping_sub(c))
            })
            .collect();
        segs.sort();
        segs.push((0xFFFF, 0xFFFF, 1));
        let n = segs.len() as u16;
        let mut sub = Vec::new();
        let be = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
        be(&mut sub, 4);
        be(&mut sub, 16 + 8 * n);
        be(&mut sub, 0);
        be(&mut sub, 2 * n);
        for _ in 0..3 {
            be(&mut sub, 0); // searchRange etc.: unused by readers that scan
        }
        segs.iter().for_each(|s| be(&mut sub, s.1));
        be(&mut sub, 0);
        segs.iter().for_each(|s| be(&mut sub, s.0));
        segs.iter().for_each(|s| be(&mut sub, s.2));
        segs.iter().for_each(|_| be(&mut sub, 0));
        let mut cmap = Vec::new();
        be(&mut cmap, 0);
        be(&mut cmap, 1);
        be(&mut cmap, 3);
        be(&mut cmap, 1);
        cmap.extend_from_slice(&12u32.to_be_bytes());
        cmap.extend_from_slice(&sub);
        let mut font = Vec::new();
        font.extend_from_slice(&0x0001_0000u32.to_be_bytes());
        be(&mut font, 1);
        for _ in 0..3 {
            be(&mut font, 0);
        }
        font.extend_from_slice(b"cmap");
        font.extend_from_slice(&0u32.to_be_bytes());
        font.extend_from_slice(&28u32.to_be_bytes());
        font.extend_from_slice(&(cmap.len() as u32).to_be_bytes());
        font.extend_from_slice(&cmap);
        font
    }

    #[test]
    fn format4_cmap_is_reversed() {
        let m = glyph_unicode(&font_with_cmap(&['H', 'i', ' ', '\u{A0}']));
        assert_eq!(m.get(&1), Some(&'H'));
        assert_eq!(m.get(&2), Some(&'i'));
        assert_eq!(m.get(&3), Some(&' '));
        assert_eq!(m.get(&4), Some(&'\u{A0}'));
    }

    #[test]
    fn truncated_and_garbage_fonts_give_nothing() {
        let f = font_with_cmap(&['A', 'B']);
        for cut in 0..f.len() {
            let _ = glyph_unicode(&f[..cut]);
        }
        assert!(glyph_unicode(b"\x00\x01\x00\x00\xff\xff").is_empty());
    }
}
