//! Paragraph and character styles from `styles.xml`, resolved through `w:basedOn`.
//!
//! docx-rs keeps a style's name, its `basedOn` and the value of `w:b` in private fields; they
//! are read through the serde `Serialize` form docx-rs provides (a stable, documented output
//! of the crate) rather than by parsing `styles.xml` a second time.

use docx_rs::{Style, StyleType};
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
    pub fn from_docx(styles: &[Style]) -> Styles {
        let mut out = Styles::default();
        for s in styles {
            let info = StyleInfo::from_style(s);
            // docx-rs drops `w:default`; Word's default paragraph style is always `Normal`.
            if info.is_paragraph && s.style_id == "Normal" {
                out.default_paragraph = Some(s.style_id.clone());
            }
            out.by_id.insert(s.style_id.clone(), info);
        }
        out
    }

    #[cfg(test)]
    pub fn insert(&mut self, id: &str, info: StyleInfo) {
        self.by_id.insert(id.to_string(), info);
    }

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

impl StyleInfo {
    fn from_style(s: &Style) -> StyleInfo {
        let name = ser(&s.name).as_str().unwrap_or_default().to_string();
        let based_on = s
            .based_on
            .as_ref()
            .and_then(|b| ser(b).as_str().map(str::to_string));
        let pp = &s.paragraph_property;
        let heading = heading_from_label(&s.style_id)
            .or_else(|| heading_from_label(&name))
            .or_else(|| {
                pp.outline_lvl
                    .as_ref()
                    .and_then(|o| heading_from_outline(o.v))
            });
        let bold = s.run_property.bold.as_ref().and_then(|b| ser(b).as_bool());
        let num = pp.numbering_property.as_ref();
        StyleInfo {
            name,
            based_on,
            is_paragraph: s.style_type == StyleType::Paragraph,
            heading: if s.style_type == StyleType::Paragraph {
                heading
            } else {
                None
            },
            bold,
            num_id: num.and_then(|n| n.id.as_ref()).map(|i| i.id),
            num_level: num.and_then(|n| n.level.as_ref()).map(|l| l.val),
            page_break_before: pp.page_break_before,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::{IndentLevel, NumberingId, Style, StyleType};

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
        let styles = vec![
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .bold(),
            Style::new("CouncilHead", StyleType::Paragraph)
                .name("Council Head")
                .based_on("Heading1"),
            Style::new("Sec", StyleType::Paragraph)
                .name("Section")
                .outline_lvl(1),
            Style::new("Kopf3", StyleType::Paragraph).name("heading 3"),
            Style::new("Loop", StyleType::Paragraph)
                .name("Loop")
                .based_on("Loop"),
            Style::new("Body", StyleType::Paragraph).name("Body"),
        ];
        let s = Styles::from_docx(&styles);
        assert_eq!(s.heading_level(Some("CouncilHead")), Some(1));
        assert_eq!(s.bold(Some("CouncilHead")), Some(true));
        assert_eq!(s.heading_level(Some("Sec")), Some(2));
        assert_eq!(s.heading_level(Some("Kopf3")), Some(3));
        assert_eq!(s.heading_level(Some("Loop")), None);
        assert_eq!(s.heading_level(Some("Body")), None);
        assert_eq!(s.name("CouncilHead"), Some("Council Head"));
    }

    #[test]
    fn numbering_on_a_style_is_inherited_with_its_level() {
        let mut list = Style::new("ListBullet", StyleType::Paragraph).name("List Bullet");
        list.paragraph_property = list
            .paragraph_property
            .numbering(NumberingId::new(3), IndentLevel::new(0));
        let styles = vec![
            list,
            Style::new("ListBullet2", StyleType::Paragraph)
                .name("List Bullet 2")
                .based_on("ListBullet"),
        ];
        let mut s = Styles::from_docx(&styles);
        assert_eq!(s.numbering(Some("ListBullet")), Some((3, 0)));
        assert_eq!(s.numbering(Some("ListBullet2")), Some((3, 0)));
        let mut deeper = StyleInfo::from_style(&styles[1]);
        deeper.num_level = Some(1);
        s.insert("ListBullet2", deeper);
        assert_eq!(s.numbering(Some("ListBullet2")), Some((3, 1)));
        assert_eq!(s.numbering(Some("Missing")), None);
    }
}
