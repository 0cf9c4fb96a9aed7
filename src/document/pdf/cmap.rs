//! ToUnicode CMaps: `codespacerange`, `bfchar`, `bfrange` (offset and array forms).
//! Parsed by hand because the code lengths matter for splitting strings into glyphs,
//! which lopdf's decoder does not expose.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct CMap {
    /// (byte length, low, high)
    codespace: Vec<(usize, u32, u32)>,
    chars: HashMap<(u8, u32), String>,
    /// (byte length, low, high, first target as UTF-16 units); offset form.
    ranges: Vec<(u8, u32, u32, Vec<u16>)>,
}

#[derive(Debug, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(String),
}

fn tokens(b: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'%' => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if b.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if b.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let mut digits = Vec::new();
                i += 1;
                while i < b.len() && b[i] != b'>' {
                    if let Some(d) = (b[i] as char).to_digit(16) {
                        digits.push(d as u8);
                    }
                    i += 1;
                }
                i += 1;
                if digits.len() % 2 == 1 {
                    digits.push(0);
                }
                out.push(Tok::Hex(
                    digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect(),
                ));
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // Literal strings appear only in the CMap header; skip them, balancing parens.
                let mut depth = 0;
                while i < b.len() {
                    match b[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < b.len() && !b"<>[]()% \t\r\n\x0c/".contains(&b[i]) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                out.push(Tok::Word(
                    String::from_utf8_lossy(&b[start..i]).into_owned(),
                ));
            }
        }
    }
    out
}

fn be(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |a, &b| a << 8 | b as u32)
}

fn utf16(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|p| {
            if p.len() == 2 {
                (p[0] as u16) << 8 | p[1] as u16
            } else {
                p[0] as u16
            }
        })
        .collect()
}

fn utf16_string(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

/// A bound on bfrange sizes: a hostile CMap can declare a range of four billion codes.
const MAX_RANGE: u32 = 1 << 16;

impl CMap {
    pub fn parse(bytes: &[u8]) -> CMap {
        let toks = tokens(bytes);
        let mut map = CMap::default();
        let mut i = 0;
        while i < toks.len() {
            let Tok::Word(w) = &toks[i] else {
                i += 1;
                continue;
            };
            i += 1;
            match w.as_str() {
                "begincodespacerange" => {
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        map.codespace.push((lo.len().clamp(1, 4), be(lo), be(hi)));
                        i += 2;
                    }
                }
                "beginbfchar" => {
                    while let (Some(Tok::Hex(src)), Some(Tok::Hex(dst))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        map.chars
                            .insert((src.len().min(4) as u8, be(src)), utf16_string(&utf16(dst)));
                        i += 2;
                    }
                }
                "beginbfrange" => {
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        let len = lo.len().min(4) as u8;
                        let (lo, hi) = (be(lo), be(hi));
                        i += 2;
                        match toks.get(i) {
                            Some(Tok::Hex(dst)) => {
                                if hi >= lo && hi - lo < MAX_RANGE {
                                    map.ranges.push((len, lo, hi, utf16(dst)));
                                }
                                i += 1;
                            }
                            Some(Tok::Open) => {
                                i += 1;
                                let mut code = lo;
                                while let Some(Tok::Hex(dst)) = toks.get(i) {
                                    if code <= hi {
                                        map.chars.insert((len, code), utf16_string(&utf16(dst)));
                                    }
                                    code = code.saturating_add(1);
                                    i += 1;
                                }
                                if toks.get(i) == Some(&Tok::Close) {
                                    i += 1;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        map
    }

    pub fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    /// The next code at the start of `b` and its byte length, per the codespace ranges
    /// (shortest match first, as the PDF spec says); an unmatched byte is a 1-byte code.
    pub fn next_code(&self, b: &[u8]) -> (u32, usize) {
        for len in 1..=4usize {
            if b.len() < len {
                break;
            }
            let code = be(&b[..len]);
            if self
                .codespace
                .iter()
                .any(|&(l, lo, hi)| l == len && lo <= code && code <= hi)
            {
                return (code, len);
            }
        }
        let len = self
            .codespace
            .iter()
            .map(|c| c.0)
            .min()
            .unwrap_or(1)
            .min(b.len())
            .max(1);
        (be(&b[..len]), len)
    }

    pub fn lookup(&self, code: u32, len: usize) -> Option<String> {
        let len = len as u8;
        if let Some(s) = self.chars.get(&(len, code)) {
            return Some(s.clone());
        }
        for (l, lo, hi, dst) in &self.ranges {
            if *l == len && *lo <= code && code <= *hi {
                let mut units = dst.clone();
                if let Some(last) = units.last_mut() {
                    *last = last.wrapping_add((code - lo) as u16);
                }
                return Some(utf16_string(&units));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0011> <00660069> endbfchar
2 beginbfrange <0024> <0026> <0041> <0030> <0031> [<0078> <D83DDE00>] endbfrange
endcmap";

    #[test]
    fn bfchar_bfrange_and_array_forms() {
        let m = CMap::parse(SAMPLE);
        assert_eq!(m.lookup(3, 2).as_deref(), Some(" "));
        assert_eq!(m.lookup(0x11, 2).as_deref(), Some("fi"));
        assert_eq!(m.lookup(0x25, 2).as_deref(), Some("B"));
        assert_eq!(m.lookup(0x30, 2).as_deref(), Some("x"));
        assert_eq!(m.lookup(0x31, 2).as_deref(), Some("😀"));
        assert_eq!(m.lookup(0x99, 2), None);
    }

    #[test]
    fn codespace_splits_codes() {
        let m = CMap::parse(b"1 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange");
        assert_eq!(m.next_code(b"\x41\x80\x01"), (0x41, 1));
        assert_eq!(m.next_code(b"\x80\x01"), (0x8001, 2));
    }
}
