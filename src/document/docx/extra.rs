//! Text that docx-rs 0.4.22 leaves out of its body tree: text boxes (`w:txbxContent`, which
//! it keeps only inside drawings it does not expose) and footnotes and endnotes (it does not
//! read `footnotes.xml` / `endnotes.xml` at all). Read here with quick-xml from the parts
//! the package check has already inflated and found well-formed.

use quick_xml::events::Event;

/// Paragraph texts of one part: the text boxes of the main document, or one entry per
/// footnote / endnote (its paragraphs joined).
pub fn part_texts(xml: &[u8], notes: bool) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    // Text boxes open around the cursor; `mc:Fallback` repeats a text box (as VML) that
    // its `mc:Choice` already holds, so its content is skipped.
    let mut in_box = 0usize;
    let mut in_fallback = 0usize;
    // In a notes part: inside a real note (not the separator pseudo-notes).
    let mut in_note = false;
    let mut in_text = false;
    let mut current = String::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let collecting = in_fallback == 0 && if notes { in_note } else { in_box > 0 };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                match name.as_ref() {
                    "txbxContent" if !empty => in_box += 1,
                    "Fallback" if !empty => in_fallback += 1,
                    "footnote" | "endnote" if notes && !empty => {
                        let kind = e.try_get_attribute("w:type").ok().flatten();
                        // Separators and continuation notices are layout, not notes.
                        in_note = kind.is_none_or(|a| a.value.as_ref() == "normal");
                        current.clear();
                    }
                    "t" if collecting && !empty => in_text = true,
                    "tab" | "br" | "cr" if collecting => current.push(' '),
                    _ => {}
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                "txbxContent" => in_box = in_box.saturating_sub(1),
                "Fallback" => in_fallback = in_fallback.saturating_sub(1),
                "t" => in_text = false,
                // A paragraph ends a text-box entry; in a note, paragraphs run on.
                "p" if collecting && !notes => push(&mut out, &mut current),
                "p" if collecting => current.push(' '),
                "footnote" | "endnote" if notes => {
                    if in_note {
                        push(&mut out, &mut current);
                    }
                    in_note = false;
                }
                _ => {}
            },
            Event::Text(ref t) if in_text && collecting => current.push_str(t),
            Event::GeneralRef(ref r) if in_text && collecting => {
                let c = match &**r {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                current.extend(c);
            }
            _ => {}
        }
        buf.clear();
    }
    out
}

fn push(out: &mut Vec<String>, current: &mut String) {
    let text = crate::document::clean_text(current);
    if !text.is_empty() {
        out.push(text);
    }
    current.clear();
}
