//! Text from file names and documents printed on a terminal: control characters would be
//! obeyed (an escape sequence recolours or clears the screen, a newline forges a whole
//! "8 ingested, 0 failed" line), so every terminal output shows them escaped instead.

use std::borrow::Cow;

/// Characters a terminal acts on rather than shows, or that reorder what it shows (bidi
/// overrides can make `gpj.exe` read as `exe.jpg`).
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every control character written as a visible escape (`\n`, `\t`, `\u{1b}`).
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A path for a terminal line: lossy (non-UTF-8 bytes shown as U+FFFD) and escaped.
pub fn path(p: &std::path::Path) -> String {
    escape_controls(&p.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(escape_controls("plain – text"), "plain – text");
        assert_eq!(
            escape_controls("a\n8 ingested, 0 failed\x1b[2J\t\u{202E}"),
            "a\\n8 ingested, 0 failed\\u{1b}[2J\\t\\u{202e}"
        );
        assert!(matches!(escape_controls("ok"), Cow::Borrowed(_)));
    }
}
