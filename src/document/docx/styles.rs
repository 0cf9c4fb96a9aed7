//! Paragraph and character styles from `styles.xml`, resolved through `w:basedOn`.
//!
//! `styles.xml` is read here with quick-xml, in the same pass that checks it is well-formed,
//! and docx-rs is given an empty stub in its place. Why: docx-rs keeps a style's name,
//! `basedOn` and `w:b` value private (readable only through serde), and Word's default
//! template carries a 350 KB `styles.xml` (latent styles for every built-in style) that
//! docx-rs spends most of its parse time on; reading the six facts needed here directly
//! more than halves the time per file.

use quick_xml::events::BytesStart;
use serde::Serialize;
use std::collections::HashMap;

/// A basedOn chain longer than this is a cycle or a trap; Word itself stops far earlier.
const MAX_CHAIN: usize = 16;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StyleInfo {
    pub name: String,
    pub based_on: Option<String>,
    pub is_paragraph: bool,
    /// What the style itself says about heading level (by id, name or outline level).
    pub heading: Option<u8>,
    pub bold: Option<bool>,
    /// (numId, ilvl) from the style's own `w:numPr`; numId 0 switches numbering off.
    pub num_id: Option<usize>,
    pub num_level: Option<usize>,
    pub page_break_before: Option<bool>,
}

#[derive(Debug, Default)]
pub struct Styles {
    by_id: HashMap<String, StyleInfo>,
    default_paragraph: Option<String>,
}

/// docx-rs's serde form of a value whose fields it keeps private.
pub fn ser<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// "Title" → 0, "Heading 3" / "heading3" / "Heading3" → 3; levels past 6 count as 6.
pub fn heading_from_label(label: &str) -> Option<u8> {
    let l: String = label
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if l == "title" {
        return Some(0);
    }
    let n: u8 = l.strip_prefix("heading")?.parse().ok()?;
    (1..=9).contains(&n).then_some(n.min(6))
}

/// Outline level 0-8 is heading 1-9; 9 means body text.
pub fn heading_from_outline(v: usize) -> Option<u8> {
    (v < 9).then(|| (v as u8 + 1).min(6))
}

impl Styles {
    /// The style and its ancestors, nearest first; an unknown id ends the chain.
    fn chain<'a>(&'a self, id: Option<&'a str>) -> impl Iterator<Item = &'a StyleInfo> + 'a {
        let start = id.or(self.default_paragraph.as_deref());
        let mut next = start.and_then(|id| self.by_id.get(id));
        std::iter::from_fn(move || {
            let cur = next?;
            next = cur.based_on.as_deref().and_then(|b| self.by_id.get(b));
            Some(cur)
        })
        .take(MAX_CHAIN)
    }

    pub fn name(&self, id: &str) -> Option<&str> {
        self.by_id
            .get(id)
            .map(|s| s.name.as_str())
            .filter(|n| !n.is_empty())
    }

    pub fn heading_level(&self, id: Option<&str>) -> Option<u8> {
        self.chain(id).find_map(|s| s.heading)
    }

    pub fn bold(&self, id: Option<&str>) -> Option<bool> {
        self.chain(id).find_map(|s| s.bold)
    }

    pub fn page_break_before(&self, id: Option<&str>) -> bool {
        self.chain(id)
            .find_map(|s| s.page_break_before)
            .unwrap_or(false)
    }

    /// Numbering a paragraph inherits from its style: the nearest numId, with the nearest
    /// level at or below it (Word's `List Bullet 2` often sets only the level).
    pub fn numbering(&self, id: Option<&str>) -> Option<(usize, usize)> {
        let mut level = None;
        for s in self.chain(id) {
            level = level.or(s.num_level);
            if let Some(n) = s.num_id {
                return Some((n, level.unwrap_or(0)));
            }
        }
        None
    }
}

/// Collects styles from the events of `styles.xml` (fed by `xml_scan`).
#[derive(Debug, Default)]
pub struct StylesBuilder {
    styles: Styles,
    current: Option<(String, StyleInfo)>,
    /// Local names of the elements open inside the current `w:style`.
    path: Vec<String>,
}

fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.into_owned())
        })
}

/// `<w:b/>`, `<w:b w:val="1"/>` are on; `w:val` 0/false/off is off.
fn on_off(e: &BytesStart) -> bool {
    attr(e, "val").is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"))
}

impl StylesBuilder {
    pub fn start(&mut self, e: &BytesStart, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        if self.current.is_none() {
            if name == "style" && !empty {
                let id = attr(e, "styleId").unwrap_or_default();
                let is_paragraph = attr(e, "type").as_deref() == Some("paragraph");
                if is_paragraph
                    && attr(e, "default")
                        .as_deref()
                        .is_some_and(|v| v == "1" || v == "true")
                {
                    self.styles.default_paragraph = Some(id.clone());
                }
                self.current = Some((
                    id,
                    StyleInfo {
                        is_paragraph,
                        ..StyleInfo::default()
                    },
                ));
                self.path.clear();
            }
            return;
        }
        let parent = self.path.last().map(String::as_str);
        let grandparent = self
            .path
            .len()
            .checked_sub(2)
            .map(|i| self.path[i].as_str());
        let info = &mut self.current.as_mut().expect("checked").1;
        match (grandparent, parent, name) {
            (_, None, "name") => info.name = attr(e, "val").unwrap_or_default(),
            (_, None, "basedOn") => info.based_on = attr(e, "val"),
            (_, Some("pPr"), "outlineLvl") => {
                info.heading = info.heading.or(attr(e, "val")
                    .and_then(|v| v.parse().ok())
                    .and_then(heading_from_outline))
            }
            (_, Some("pPr"), "pageBreakBefore") => info.page_break_before = Some(on_off(e)),
            (Some("pPr"), Some("numPr"), "numId") => {
                info.num_id = attr(e, "val").and_then(|v| v.parse().ok())
            }
            (Some("pPr"), Some("numPr"), "ilvl") => {
                info.num_level = attr(e, "val").and_then(|v| v.parse().ok())
            }
            // Only the style's own run properties: a `w:rPr` inside `w:pPr` is the paragraph
            // mark's, which does not make the text bold.
            (None, Some("rPr"), "b") => info.bold = Some(on_off(e)),
            _ => {}
        }
        if !empty {
            self.path.push(name.to_string());
        }
    }

    pub fn end(&mut self, local: &str) {
        if self.current.is_none() {
            return;
        }
        if self.path.pop().is_some() {
            return;
        }
        if local == "style" {
            let (id, mut info) = self.current.take().expect("checked");
            if info.is_paragraph {
                let by_label = heading_from_label(&id).or_else(|| heading_from_label(&info.name));
                info.heading = by_label.or(info.heading);
            } else {
                info.heading = None;
            }
            self.styles.by_id.insert(id, info);
        }
    }

    pub fn finish(mut self) -> Styles {
        // Word's default paragraph style is `Normal` when none is marked.
        if self.styles.default_paragraph.is_none() && self.styles.by_id.contains_key("Normal") {
            self.styles.default_paragraph = Some("Normal".into());
        }
        self.styles
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::docx::xml_scan::scan_styles;

    fn styles(body: &str) -> Styles {
        let xml = format!(r#"<w:styles xmlns:w="w">{body}</w:styles>"#);
        scan_styles(xml.as_bytes()).expect("well-formed")
    }

    #[test]
    fn labels_and_outline_levels_give_heading_levels() {
        assert_eq!(heading_from_label("Title"), Some(0));
        assert_eq!(heading_from_label("heading 2"), Some(2));
        assert_eq!(heading_from_label("Heading9"), Some(6));
        assert_eq!(heading_from_label("Heading"), None);
        assert_eq!(heading_from_label("Subtitle"), None);
        assert_eq!(heading_from_outline(0), Some(1));
        assert_eq!(heading_from_outline(9), None);
    }

    #[test]
    fn resolves_through_based_on_by_id_name_and_outline() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Body"><w:name w:val="Body"/>
                 <w:pPr><w:rPr><w:b/></w:rPr></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:rPr><w:b/></w:rPr></w:style>
               <w:style w:type="paragraph" w:styleId="CouncilHead"><w:name w:val="Council Head"/><w:basedOn w:val="Heading1"/></w:style>
               <w:style w:type="paragraph" w:styleId="NotBold"><w:basedOn w:val="Heading1"/><w:rPr><w:b w:val="0"/></w:rPr></w:style>
               <w:style w:type="paragraph" w:styleId="Sec"><w:name w:val="Section"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="Kopf3"><w:name w:val="heading 3"/></w:style>
               <w:style w:type="character" w:styleId="Heading1Char"><w:name w:val="Heading 1 Char"/></w:style>
               <w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>"#,
        );
        assert_eq!(s.heading_level(Some("CouncilHead")), Some(1));
        assert_eq!(s.bold(Some("CouncilHead")), Some(true));
        assert_eq!(s.bold(Some("NotBold")), Some(false));
        assert_eq!(s.heading_level(Some("Sec")), Some(2));
        assert_eq!(s.heading_level(Some("Kopf3")), Some(3));
        assert_eq!(s.heading_level(Some("Heading1Char")), None);
        assert_eq!(s.heading_level(Some("Loop")), None);
        // No style: the default paragraph style; its paragraph-mark bold does not count.
        assert_eq!(s.heading_level(None), None);
        assert_eq!(s.bold(None), None);
        assert_eq!(s.name("CouncilHead"), Some("Council Head"));
    }

    #[test]
    fn numbering_on_a_style_is_inherited_with_its_level() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/>
                 <w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="ListBullet2"><w:name w:val="List Bullet 2"/><w:basedOn w:val="ListBullet"/>
                 <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr><w:pageBreakBefore/></w:pPr></w:style>"#,
        );
        assert_eq!(s.numbering(Some("ListBullet")), Some((3, 0)));
        assert_eq!(s.numbering(Some("ListBullet2")), Some((3, 1)));
        assert_eq!(s.numbering(Some("Missing")), None);
        assert!(s.page_break_before(Some("ListBullet2")));
        assert!(!s.page_break_before(Some("ListBullet")));
    }
}
