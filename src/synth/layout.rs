//! The layouts councils use, as format-free blocks: a generated Framework laid out the way a
//! real document would be, ready for any writer (text, DOCX, PDF).

use crate::document::{Block, BlockKind};
use crate::model::{Competency, Framework, Polarity};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Competency → Below / Meets / Exceeds Expectations bullet lists.
    RatingLists,
    /// Definitions first, then one section per level listing every competency, then one
    /// section of ineffective behaviours.
    LevelSections,
    /// "Cluster One - …" themes; competency → definition bullet, features list, "Stage N - …"
    /// lists, "Negative Indicators - …".
    StageLists,
    /// Numbered themes; a table per theme: Description | Level 1 … Level N, and an
    /// Ineffective Behaviours row of semicolon-separated items.
    LevelTable,
}

impl Layout {
    pub const ALL: [Layout; 4] = [
        Layout::RatingLists,
        Layout::LevelSections,
        Layout::StageLists,
        Layout::LevelTable,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layout::RatingLists => "rating-lists",
            Layout::LevelSections => "level-sections",
            Layout::StageLists => "stage-lists",
            Layout::LevelTable => "level-table",
        }
    }
}

const ORDINALS: [&str; 10] = [
    "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
];
/// Roughly a printed page of blocks; a page break follows.
const BLOCKS_PER_PAGE: usize = 40;

fn sentence_end(s: &str) -> String {
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

struct Out(Vec<Block>);

impl Out {
    fn push(&mut self, kind: BlockKind, text: &str) -> &mut Block {
        self.0.push(Block::new(kind, text, 1, 0));
        self.0.last_mut().unwrap()
    }
    fn heading(&mut self, level: Option<u8>, text: &str) {
        self.push(BlockKind::Heading, text).hints.heading_level = level;
    }
    fn para(&mut self, text: &str) {
        self.push(BlockKind::Paragraph, text);
    }
    fn bold(&mut self, text: &str) {
        self.push(BlockKind::Paragraph, text).hints.bold = true;
    }
    fn item(&mut self, marker: &str, text: &str) {
        self.push(BlockKind::ListItem, text).hints.marker = Some(marker.into());
    }
    fn row(&mut self, cells: Vec<String>, header: bool) {
        let mut b = Block::row(cells, 1, 0);
        b.hints.header_row = header;
        b.hints.bold = header;
        self.0.push(b);
    }
}

/// The blocks of a generated framework in `layout`, with page breaks and page numbers.
pub fn layout_blocks(fw: &Framework, layout: Layout) -> Vec<Block> {
    let mut out = Out(Vec::new());
    let title = fw.title.as_deref().unwrap_or("Competency Framework");
    out.heading(Some(0), title);
    out.para(fw.council.as_deref().unwrap_or(""));
    out.para("This framework sets out the behaviours we expect from everyone who works for us.");
    match layout {
        Layout::RatingLists => rating_lists(fw, &mut out),
        Layout::LevelSections => level_sections(fw, &mut out),
        Layout::StageLists => stage_lists(fw, &mut out),
        Layout::LevelTable => level_table(fw, &mut out),
    }
    paginate(out.0)
}

/// Page breaks between blocks, never inside a list or table, every so many blocks.
fn paginate(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len() + blocks.len() / BLOCKS_PER_PAGE);
    let mut page = 1;
    let mut on_page = 0;
    for (i, mut b) in blocks.into_iter().enumerate() {
        let starts_run = matches!(b.kind, BlockKind::Heading | BlockKind::Paragraph);
        if on_page >= BLOCKS_PER_PAGE && starts_run && i > 0 {
            page += 1;
            on_page = 0;
            out.push(Block::new(BlockKind::PageBreak, "", page, 0));
        }
        b.page = page;
        on_page += 1;
        out.push(b);
    }
    out
}

fn items<'a>(
    c: &'a Competency,
    level: Option<&str>,
    polarity: Polarity,
) -> impl Iterator<Item = &'a str> {
    let level = level.map(String::from);
    c.indicators
        .iter()
        .filter(move |i| i.level == level && i.polarity == polarity)
        .map(|i| i.text.as_str())
}

fn rating_lists(fw: &Framework, out: &mut Out) {
    let mut group: Option<&str> = None;
    for c in &fw.competencies {
        if c.group.as_deref() != group {
            group = c.group.as_deref();
            out.heading(Some(1), group.unwrap_or(""));
        }
        out.heading(Some(2), &c.name);
        if let Some(d) = &c.description {
            out.para(&sentence_end(d));
        }
        for l in &fw.levels {
            let polarity = if l.rank == 1 {
                Polarity::Negative
            } else {
                Polarity::Positive
            };
            out.heading(Some(3), &l.label);
            for t in items(c, Some(&l.label), polarity) {
                out.item("-", t);
            }
        }
    }
}

fn numbered_group_heading(fw: &Framework, name: &str) -> String {
    let code = fw
        .groups
        .iter()
        .find(|g| g.name == name)
        .and_then(|g| g.code.clone())
        .unwrap_or_default();
    format!("{code}. {name}")
}

fn each_competency(fw: &Framework, out: &mut Out, body: &dyn Fn(&mut Out, &Competency)) {
    let mut group: Option<&str> = None;
    for c in &fw.competencies {
        if c.group.as_deref() != group {
            group = c.group.as_deref();
            out.heading(Some(2), &numbered_group_heading(fw, group.unwrap_or("")));
        }
        out.heading(
            Some(3),
            &format!("{} {}", c.code.as_deref().unwrap_or(""), c.name),
        );
        body(out, c);
    }
}

fn level_sections(fw: &Framework, out: &mut Out) {
    out.heading(Some(1), "Summary of each competency");
    each_competency(fw, out, &|out, c| {
        if let Some(d) = &c.description {
            out.para(&sentence_end(d));
        }
    });
    for l in &fw.levels {
        out.heading(
            Some(1),
            &format!("{} COMPETENCY INDICATORS", l.label.to_uppercase()),
        );
        each_competency(fw, out, &|out, c| {
            out.para("People who are effective demonstrate the following behaviours:");
            for t in items(c, Some(&l.label), Polarity::Positive) {
                out.item("-", t);
            }
        });
    }
    out.heading(Some(1), "INEFFECTIVE BEHAVIOURS");
    out.para("The following ineffective behaviours apply at all levels.");
    each_competency(fw, out, &|out, c| {
        for t in items(c, None, Polarity::Negative) {
            out.item("-", t);
        }
    });
}

fn stage_lists(fw: &Framework, out: &mut Out) {
    let mut group: Option<&str> = None;
    let mut g = 0;
    for c in &fw.competencies {
        if c.group.as_deref() != group {
            group = c.group.as_deref();
            out.para(&format!(
                "Cluster {} - {}",
                ORDINALS[g % 10],
                group.unwrap_or("")
            ));
            g += 1;
        }
        out.para(&c.name);
        if let Some(d) = &c.description {
            out.item("•", &sentence_end(d));
        }
        out.para("Features of this quality include:");
        out.item("-", "Being clear about what matters.");
        out.item("-", "Acting with purpose.");
        for l in &fw.levels {
            out.para(&format!("{} - Shows the behaviour", l.label));
            for t in items(c, Some(&l.label), Polarity::Positive) {
                out.item("-", t);
            }
        }
        out.para("Negative Indicators - Falls short");
        for t in items(c, None, Polarity::Negative) {
            out.item("-", t);
        }
    }
}

fn level_table(fw: &Framework, out: &mut Out) {
    let mut group: Option<&str> = None;
    let header: Vec<String> = std::iter::once("Description".to_string())
        .chain(fw.levels.iter().map(|l| l.label.clone()))
        .collect();
    for c in &fw.competencies {
        if c.group.as_deref() != group {
            group = c.group.as_deref();
            out.bold(&numbered_group_heading(fw, group.unwrap_or("")));
            out.row(header.clone(), true);
        }
        let mut cells = vec![format!("{} {}", c.code.as_deref().unwrap_or(""), c.name)];
        cells.extend(fw.levels.iter().map(|l| {
            items(c, Some(&l.label), Polarity::Positive)
                .collect::<Vec<_>>()
                .join(" ")
        }));
        out.row(cells, false);
        let neg: Vec<&str> = items(c, None, Polarity::Negative).collect();
        let mut cells = vec![
            String::new(),
            "Ineffective Behaviours".to_string(),
            neg.join("; "),
        ];
        cells.resize(fw.levels.len() + 1, String::new());
        out.row(cells, false);
    }
}
