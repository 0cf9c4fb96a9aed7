//! Streaming XML checks with quick-xml, run on every XML part before docx-rs parses it.
//!
//! docx-rs's own XML loop retries forever on some read errors (a part that ends mid-element is
//! the known case), so a part it sees must already be known to be well-formed: balanced,
//! matching tags, valid UTF-8 text, known entities, no DTD, ending after its root element.
//! The same pass over `word/document.xml` also notes which table rows are repeated header rows
//! (`w:tblHeader`), which docx-rs 0.4.22 does not parse at all.

use super::styles::{Styles, StylesBuilder};
use quick_xml::events::Event;
use std::io::{self, BufRead};

/// Deeper than any Word document nests (tables in tables in content controls reach ~40);
/// docx-rs parses recursively, and a stack overflow cannot be caught.
pub const MAX_DEPTH: usize = 256;
/// Tables inside tables, for the same reason.
pub const MAX_TABLE_DEPTH: usize = 16;
/// docx-rs holds about 4 KB per paragraph; a 500-page framework has under 10 000.
pub const MAX_PARAGRAPHS: usize = 25_000;
/// Elements of any kind in one part: docx-rs keeps a few hundred bytes per element, so this
/// bounds its memory on parts that stay under the byte limits; the seed documents have under 3 000.
pub const MAX_ELEMENTS: usize = 500_000;

#[derive(Debug)]
pub enum XmlProblem {
    Io(io::Error),
    Malformed(String),
    TooMany(String),
}

/// Facts about `word/document.xml` the structure pass needs and docx-rs does not give.
#[derive(Debug, Default, Clone)]
pub struct MainFacts {
    /// Per `w:tbl` in document order (outer before inner): per row, whether it is marked
    /// `w:tblHeader` (a header row repeated on each page).
    pub header_rows: Vec<Vec<bool>>,
    pub paragraphs: usize,
}

pub fn check_well_formed<R: BufRead>(input: R) -> Result<(), XmlProblem> {
    scan(input, false, None).map(|_| ())
}

pub fn scan_main<R: BufRead>(input: R) -> Result<MainFacts, XmlProblem> {
    scan(input, true, None)
}

/// Checks `styles.xml` and reads its styles in the same pass.
pub fn scan_styles<R: BufRead>(input: R) -> Result<Styles, XmlProblem> {
    let mut builder = StylesBuilder::default();
    scan(input, false, Some(&mut builder))?;
    Ok(builder.finish())
}

fn scan<R: BufRead>(
    input: R,
    main: bool,
    mut styles: Option<&mut StylesBuilder>,
) -> Result<MainFacts, XmlProblem> {
    let mut reader = quick_xml::Reader::from_reader(input);
    reader.config_mut().check_end_names = true;
    reader.config_mut().check_comments = true;
    let mut buf = Vec::with_capacity(4096);
    let mut depth = 0usize;
    let mut seen_root = false;
    let mut elements = 0usize;
    let mut facts = MainFacts::default();
    // Indices into `facts.header_rows` of the tables open around the cursor.
    let mut open_tables: Vec<usize> = Vec::new();
    // Tables inside text boxes are not in docx-rs's body tree; counting them would shift the
    // correspondence between the two walks.
    let mut in_textbox = 0usize;
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event_into(&mut buf).map_err(|e| match e {
            quick_xml::Error::Io(io) => XmlProblem::Io(io::Error::new(io.kind(), io.to_string())),
            other => XmlProblem::Malformed(format!("{other} near byte {pos}")),
        })?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if depth == 0 && seen_root {
                    return Err(XmlProblem::Malformed(format!(
                        "a second root element near byte {pos}"
                    )));
                }
                seen_root = true;
                elements += 1;
                if elements > MAX_ELEMENTS {
                    return Err(XmlProblem::TooMany(format!(
                        "has more than {MAX_ELEMENTS} XML elements"
                    )));
                }
                for attr in e.attributes().with_checks(true) {
                    let attr = attr
                        .map_err(|err| XmlProblem::Malformed(format!("{err} near byte {pos}")))?;
                    // Only a value with an entity can hold a bad one; skipping the others
                    // saves an allocation per attribute on 350 KB style sheets.
                    if attr.value.contains('&') {
                        attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|err| {
                                XmlProblem::Malformed(format!(
                                    "bad attribute value ({err}) near byte {pos}"
                                ))
                            })?;
                    }
                }
                if let Some(b) = styles.as_deref_mut() {
                    b.start(e, empty);
                }
                if main {
                    note_main(e, empty, &mut facts, &mut open_tables, &mut in_textbox, pos)?;
                }
                if !empty {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(XmlProblem::TooMany(format!(
                            "nests elements more than {MAX_DEPTH} deep"
                        )));
                    }
                }
            }
            Event::End(ref e) => {
                if let Some(b) = styles.as_deref_mut() {
                    b.end(e.local_name().as_ref());
                }
                // quick-xml has matched the name already (check_end_names).
                depth = depth.checked_sub(1).ok_or_else(|| {
                    XmlProblem::Malformed(format!(
                        "a closing tag without an opening one near byte {pos}"
                    ))
                })?;
                if main {
                    match e.local_name().as_ref() {
                        "tbl" if in_textbox == 0 => {
                            open_tables.pop();
                        }
                        "txbxContent" => in_textbox = in_textbox.saturating_sub(1),
                        _ => {}
                    }
                }
            }
            Event::Text(ref t) => {
                if depth == 0 && !t.chars().all(char::is_whitespace) {
                    return Err(XmlProblem::Malformed(format!(
                        "text outside the root element near byte {pos}"
                    )));
                }
            }
            Event::GeneralRef(ref r) => {
                let known = matches!(&**r, "amp" | "lt" | "gt" | "quot" | "apos");
                let char_ok = r.is_char_ref() && matches!(r.resolve_char_ref(), Ok(Some(_)));
                if !known && !char_ok {
                    return Err(XmlProblem::Malformed(format!(
                        "unknown entity &{}; near byte {pos}",
                        &**r
                    )));
                }
            }
            Event::DocType(_) => {
                // DOCX parts never carry a DTD; one here can only be an entity-expansion trap.
                return Err(XmlProblem::Malformed(
                    "contains a DTD (<!DOCTYPE>), which DOCX does not use".into(),
                ));
            }
            Event::Eof => {
                if depth > 0 {
                    return Err(XmlProblem::Malformed(format!(
                        "ends after byte {pos} with {depth} element(s) still open; the part is cut short"
                    )));
                }
                if !seen_root {
                    return Err(XmlProblem::Malformed(
                        "no root element (the part is empty)".into(),
                    ));
                }
                return Ok(facts);
            }
            // quick-xml has already decoded the text as UTF-8, which is all CDATA needs.
            Event::CData(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
        buf.clear();
    }
}

fn note_main(
    e: &quick_xml::events::BytesStart,
    empty: bool,
    facts: &mut MainFacts,
    open_tables: &mut Vec<usize>,
    in_textbox: &mut usize,
    pos: u64,
) -> Result<(), XmlProblem> {
    match e.local_name().as_ref() {
        "txbxContent" if !empty => *in_textbox += 1,
        _ if *in_textbox > 0 => {}
        "p" => {
            facts.paragraphs += 1;
            if facts.paragraphs > MAX_PARAGRAPHS {
                return Err(XmlProblem::TooMany(format!(
                    "has more than {MAX_PARAGRAPHS} paragraphs (too large to read safely)"
                )));
            }
        }
        "tbl" if !empty => {
            open_tables.push(facts.header_rows.len());
            facts.header_rows.push(Vec::new());
            if open_tables.len() > MAX_TABLE_DEPTH {
                return Err(XmlProblem::TooMany(format!(
                    "nests tables more than {MAX_TABLE_DEPTH} deep near byte {pos}"
                )));
            }
        }
        "tr" => {
            if let Some(&t) = open_tables.last() {
                facts.header_rows[t].push(false);
            }
        }
        "tblHeader" => {
            let on = e
                .try_get_attribute("w:val")
                .ok()
                .flatten()
                .is_none_or(|a| !matches!(a.value.as_ref(), "0" | "false" | "off"));
            if let Some(row) = open_tables
                .last()
                .and_then(|&t| facts.header_rows[t].last_mut())
            {
                *row = on;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The target of the package relationship to the main document, from `_rels/.rels`.
pub fn main_document_target(rels: &[u8]) -> Option<String> {
    relationship_target(rels, "/officeDocument").map(|t| t.trim_start_matches('/').to_string())
}

/// The `Target` of the first relationship whose `Type` ends with `type_suffix`, as written.
pub fn relationship_target(rels: &[u8], type_suffix: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(rels);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let attr = |k: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == k)
                        .map(|a| a.value.into_owned())
                };
                if attr("Type").is_some_and(|t| t.ends_with(type_suffix)) {
                    return attr("Target");
                }
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(xml: &str) -> String {
        match check_well_formed(xml.as_bytes()) {
            Err(XmlProblem::Malformed(m)) | Err(XmlProblem::TooMany(m)) => m,
            other => panic!("expected a problem, got {other:?}"),
        }
    }

    #[test]
    fn accepts_ordinary_parts_and_rejects_cut_or_tangled_ones() {
        assert!(
            check_well_formed(&b"<?xml version='1.0'?><a x='1'><b/>t &amp; &#x41;</a>"[..]).is_ok()
        );
        assert!(problem("<a><b>text").contains("still open"));
        assert!(problem("<a><b></a>").contains("near byte"));
        assert!(problem("<a>&bogus;</a>").contains("unknown entity"));
        assert!(problem("<!DOCTYPE a [<!ENTITY x 'y'>]><a/>").contains("DTD"));
        assert!(problem("").contains("no root"));
        assert!(problem("<a/><b/>").contains("second root"));
        assert!(problem("<a><b").contains("near byte") || problem("<a><b").contains("open"));
    }

    #[test]
    fn notes_header_rows_per_table_in_document_order() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
            <w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr></w:tr><w:tr><w:tc><w:tbl><w:tr/></w:tbl></w:tc></w:tr>
            <w:tr><w:trPr><w:tblHeader w:val="0"/></w:trPr></w:tr></w:tbl>
            <w:p/><w:tbl><w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr></w:tr></w:tbl></w:body></w:document>"#;
        let facts = scan_main(xml.as_bytes()).unwrap();
        assert_eq!(
            facts.header_rows,
            vec![vec![true, false, false], vec![false], vec![true]]
        );
        assert_eq!(facts.paragraphs, 1);
    }

    #[test]
    fn finds_the_main_document_and_styles_relationships() {
        let doc_rels = br#"<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/stylesWithEffects" Target="stylesWithEffects.xml"/><Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
        assert_eq!(
            relationship_target(doc_rels, "/styles").as_deref(),
            Some("styles.xml")
        );
        let rels = br#"<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
        assert_eq!(
            main_document_target(rels).as_deref(),
            Some("word/document2.xml")
        );
    }
}
