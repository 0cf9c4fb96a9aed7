//! Content-stream tokenizer. lopdf's `Content::decode` (nom) was over half of the reading
//! time, and it rejects a whole stream on one bad token; this one is a single pass that
//! skips what it cannot read and keeps going. Operators are handed out one at a time with
//! their operands (lopdf `Object`s) from a reused buffer, so a stream costs no allocation
//! per operator.

use lopdf::{Object, StringFormat};

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

/// Arrays and dictionaries nested deeper than this are skipped, not recursed into.
const MAX_DEPTH: usize = 32;
/// Operands kept per operator; a stream of a million numbers without an operator must not
/// grow the stack without bound.
const MAX_OPERANDS: usize = 4096;

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
}

enum Tok {
    Obj(Object),
    /// An operator: its byte range in the stream.
    Op(usize, usize),
    ArrayEnd,
    DictEnd,
    Skip,
}

impl<'a> Lexer<'a> {
    fn skip_white(&mut self) {
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'%' => {
                    while self.i < self.b.len() && !matches!(self.b[self.i], b'\n' | b'\r') {
                        self.i += 1;
                    }
                }
                c if is_white(c) => self.i += 1,
                _ => break,
            }
        }
    }

    fn regular(&mut self) -> &'a [u8] {
        let b: &'a [u8] = self.b;
        let start = self.i;
        while self.i < b.len() && is_regular(b[self.i]) {
            self.i += 1;
        }
        &b[start..self.i]
    }

    fn literal(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1;
        self.i += 1;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            self.i += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' if self.i < self.b.len() => {
                    let e = self.b[self.i];
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.b.get(self.i) {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        // A backslash before a line end continues the string on the next line.
                        b'\r' => {
                            if self.b.get(self.i) == Some(&b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        self.i += 1;
        let mut digits = Vec::new();
        while self.i < self.b.len() && self.b[self.i] != b'>' {
            if let Some(d) = (self.b[self.i] as char).to_digit(16) {
                digits.push(d as u8);
            }
            self.i += 1;
        }
        self.i += 1;
        if digits.len() % 2 == 1 {
            digits.push(0);
        }
        digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()
    }

    fn name(&mut self) -> Vec<u8> {
        self.i += 1;
        let raw = self.regular();
        let mut out = Vec::with_capacity(raw.len());
        let mut k = 0;
        while k < raw.len() {
            if raw[k] == b'#' && k + 2 < raw.len() {
                let hex = std::str::from_utf8(&raw[k + 1..k + 3]).ok();
                if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    out.push(v);
                    k += 3;
                    continue;
                }
            }
            out.push(raw[k]);
            k += 1;
        }
        out
    }

    fn next(&mut self, depth: usize) -> Option<Tok> {
        self.skip_white();
        let c = *self.b.get(self.i)?;
        Some(match c {
            b'(' => Tok::Obj(Object::String(self.literal(), StringFormat::Literal)),
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => {
                self.i += 2;
                // Dictionaries (marked-content properties, inline image parameters) carry
                // no text: consume them, keep nothing.
                while let Some(t) = self.next(depth + 1) {
                    if matches!(t, Tok::DictEnd) || depth > MAX_DEPTH {
                        break;
                    }
                }
                Tok::Obj(Object::Null)
            }
            b'<' => Tok::Obj(Object::String(self.hex(), StringFormat::Hexadecimal)),
            b'>' if self.b.get(self.i + 1) == Some(&b'>') => {
                self.i += 2;
                Tok::DictEnd
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                while let Some(t) = self.next(depth + 1) {
                    match t {
                        Tok::ArrayEnd => break,
                        Tok::Obj(o) if depth < MAX_DEPTH && items.len() < MAX_OPERANDS => {
                            items.push(o)
                        }
                        // An operator inside an array means the array was never closed.
                        Tok::Op(..) => break,
                        _ => {}
                    }
                }
                Tok::Obj(Object::Array(items))
            }
            b']' => {
                self.i += 1;
                Tok::ArrayEnd
            }
            b'/' => Tok::Obj(Object::Name(self.name())),
            b')' | b'>' | b'{' | b'}' => {
                self.i += 1;
                Tok::Skip
            }
            _ => {
                let start = self.i;
                let word = self.regular();
                if word.is_empty() {
                    self.i += 1;
                    return Some(Tok::Skip);
                }
                number(word).map(Tok::Obj).unwrap_or_else(|| match word {
                    b"true" => Tok::Obj(Object::Boolean(true)),
                    b"false" => Tok::Obj(Object::Boolean(false)),
                    b"null" => Tok::Obj(Object::Null),
                    _ => Tok::Op(start, self.i),
                })
            }
        })
    }

    /// After `ID`: skip inline image data up to an `EI` standing alone.
    fn skip_inline_image(&mut self) {
        self.i += 1;
        while self.i + 1 < self.b.len() {
            if self.b[self.i] == b'E'
                && self.b[self.i + 1] == b'I'
                && self.i > 0
                && is_white(self.b[self.i - 1])
                && self.b.get(self.i + 2).is_none_or(|&c| is_white(c))
            {
                self.i += 2;
                return;
            }
            self.i += 1;
        }
        self.i = self.b.len();
    }
}

fn number(w: &[u8]) -> Option<Object> {
    let first = w[0];
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    // Fast path for the common plain decimals ("12", "-3.5").
    let (neg, digits) = match first {
        b'-' => (true, &w[1..]),
        b'+' => (false, &w[1..]),
        _ => (false, w),
    };
    if !digits.is_empty() && digits.len() <= 15 {
        let (mut int, mut frac, mut scale, mut dot, mut ok) = (0i64, 0i64, 1i64, false, true);
        for &c in digits {
            match c {
                b'0'..=b'9' if dot => {
                    frac = frac * 10 + (c - b'0') as i64;
                    scale *= 10;
                }
                b'0'..=b'9' => int = int * 10 + (c - b'0') as i64,
                b'.' if !dot => dot = true,
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok && digits != b"." {
            let sign = if neg { -1 } else { 1 };
            return Some(if dot {
                Object::Real(sign as f32 * (int as f64 + frac as f64 / scale as f64) as f32)
            } else {
                Object::Integer(sign * int)
            });
        }
    }
    let s = std::str::from_utf8(w).ok()?;
    if !s.contains('.') {
        if let Ok(i) = s.parse::<i64>() {
            return Some(Object::Integer(i));
        }
    }
    // Lenient like viewers: "--5", "5.", "-.5" and trailing junk read as far as they go.
    let t = s.trim_start_matches(['+', '-']);
    let neg = s.len() - t.len() > 0 && s.starts_with('-');
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let v: f32 = t[..end].parse().unwrap_or(0.0);
    Some(Object::Real(if neg { -v } else { v }))
}

/// Operators of a content stream, in order.
pub struct Ops<'a> {
    lx: Lexer<'a>,
    operands: Vec<Object>,
}

impl<'a> Ops<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Ops {
            lx: Lexer { b: bytes, i: 0 },
            operands: Vec::new(),
        }
    }

    /// The next operator and its operands; `None` at the end of the stream.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<(&'a str, &[Object])> {
        self.operands.clear();
        loop {
            match self.lx.next(0)? {
                Tok::Obj(o) => {
                    if self.operands.len() < MAX_OPERANDS {
                        self.operands.push(o);
                    }
                }
                Tok::Op(start, end) => {
                    let b: &'a [u8] = self.lx.b;
                    let op = std::str::from_utf8(&b[start..end]).unwrap_or("");
                    if op == "ID" {
                        self.lx.skip_inline_image();
                    }
                    return Some((op, &self.operands));
                }
                Tok::ArrayEnd | Tok::DictEnd | Tok::Skip => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Op {
        operator: String,
        operands: Vec<Object>,
    }

    fn decode(b: &[u8]) -> Vec<Op> {
        let mut ops = Ops::new(b);
        let mut out = Vec::new();
        while let Some((op, args)) = ops.next() {
            out.push(Op {
                operator: op.to_string(),
                operands: args.to_vec(),
            });
        }
        out
    }

    #[test]
    fn tokens_strings_arrays_and_inline_images() {
        let c = decode(
            b"BT /F1 12 Tf 1 0 0 1 72.5 -.5 Tm [(a\\(b\\)\\101\\\n) -250 <48 69>] TJ ET \
              /P <</MCID 3 /Alt (x>y)>> BDC BI /W 1 /H 1 ID \x00EI\xff EI Q % comment\n(\\t) Tj",
        );
        let ops: Vec<&str> = c.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(
            ops,
            ["BT", "Tf", "Tm", "TJ", "ET", "BDC", "BI", "ID", "Q", "Tj"]
        );
        assert_eq!(c[2].operands[5], Object::Real(-0.5));
        let Object::Array(items) = &c[3].operands[0] else {
            panic!()
        };
        assert_eq!(
            items[0],
            Object::String(b"a(b)A".to_vec(), StringFormat::Literal)
        );
        assert_eq!(items[1], Object::Integer(-250));
        assert_eq!(
            items[2],
            Object::String(b"Hi".to_vec(), StringFormat::Hexadecimal)
        );
        assert_eq!(
            c[9].operands[0],
            Object::String(b"\t".to_vec(), StringFormat::Literal)
        );
    }

    #[test]
    fn junk_and_unclosed_things_do_not_stop_the_stream() {
        let c = decode(b"BT ) } [1 2 Tj (unclosed");
        assert!(c.iter().any(|o| o.operator == "BT"));
        let _ =
            decode(b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
        let _ = decode(b"<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<");
        let _ = decode(b"/#4 /#zz /a#41 1e5 +-. ---");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, failure_persistence: None, ..Default::default() })]
        #[test]
        fn any_bytes_tokenize_without_panic(bytes in proptest::collection::vec(
            proptest::sample::select(b"()<>[]{}/%\\ \n0123456789.+-#EIDBTabfnrt".to_vec()), 0..200)) {
            let _ = decode(&bytes);
        }
    }
}
