//! The body of a parsed DOCX (docx-rs's tree) as [`Block`]s, following the reader conventions
//! in `crate::document`. Page headers and footers live in the section properties, which are
//! never walked, so their text (running titles, "Page N of M") stays out of the content.

use super::numbering::Numbering;
use super::styles::{Styles, heading_from_outline, ser};
use super::tables::{CellText, RowInput, table_rows};
use crate::document::{Block, BlockKind, clean_text};
use docx_rs::{
    DocumentChild, Docx, FieldCharType, InsertChild, InstrText, MoveToChild, Paragraph,
    ParagraphChild, Run, RunChild, SectionType, StructuredDataTagChild, Table, TableCellContent,
    TableChild, TableRowChild,
};

/// Fields nested deeper than this are treated as broken markup, not followed.
const MAX_FIELD_DEPTH: usize = 32;

pub struct Walker {
    styles: Styles,
    numbering: Numbering,
    /// Per table in document order: per row, `w:tblHeader` (from the XML pre-check).
    header_rows: Vec<Vec<bool>>,
    next_table: usize,
    pub blocks: Vec<Block>,
    page: u32,
    paragraph_no: u32,
    /// Open fields: (result is page furniture to hide, inside the result part).
    fields: Vec<(bool, bool)>,
}

/// One paragraph's visible text, cut at explicit page breaks.
#[derive(Debug, Default)]
struct Pieces {
    segments: Vec<String>,
    /// Every run carrying visible text was bold.
    all_bold: bool,
    any_text: bool,
    /// In a table cell: the text of each list paragraph (bulleted or numbered).
    items: Vec<String>,
}

impl Pieces {
    fn new() -> Pieces {
        Pieces {
            segments: vec![String::new()],
            all_bold: true,
            any_text: false,
            items: Vec::new(),
        }
    }
    fn push_text(&mut self, s: &str, bold: bool) {
        if !s.trim().is_empty() {
            self.any_text = true;
            self.all_bold &= bold;
        }
        self.segments.last_mut().expect("never empty").push_str(s);
    }
    fn page_break(&mut self) {
        self.segments.push(String::new());
    }
    fn joined(&self) -> String {
        self.segments.join(" ")
    }
}

impl Walker {
    pub fn new(docx: &Docx, header_rows: Vec<Vec<bool>>, styles: Styles) -> Walker {
        Walker {
            styles,
            numbering: Numbering::from_docx(&docx.numberings),
            header_rows,
            next_table: 0,
            blocks: Vec::new(),
            page: 1,
            paragraph_no: 0,
            fields: Vec::new(),
        }
    }

    pub fn pages(&self) -> u32 {
        self.page
    }

    pub fn walk(&mut self, children: &[DocumentChild]) {
        for child in children {
            match child {
                DocumentChild::Paragraph(p) => self.paragraph(p),
                DocumentChild::Table(t) => self.table(t),
                DocumentChild::StructuredDataTag(sdt) => self.sdt_children(&sdt.children),
                _ => {}
            }
        }
        // A break with nothing after it starts no page anyone sees.
        while self
            .blocks
            .last()
            .is_some_and(|b| b.kind == BlockKind::PageBreak)
        {
            self.blocks.pop();
            self.page -= 1;
        }
    }

    fn sdt_children(&mut self, children: &[StructuredDataTagChild]) {
        for c in children {
            match c {
                StructuredDataTagChild::Paragraph(p) => self.paragraph(p),
                StructuredDataTagChild::Table(t) => self.table(t),
                StructuredDataTagChild::StructuredDataTag(s) => self.sdt_children(&s.children),
                StructuredDataTagChild::Run(r) => {
                    // A block-level content control holding bare runs: treat as a paragraph.
                    let mut pieces = Pieces::new();
                    self.run(r, None, &mut pieces);
                    self.paragraph_no += 1;
                    self.emit_plain(&pieces);
                }
                _ => {}
            }
        }
    }

    fn page_break(&mut self) {
        if self.blocks.is_empty()
            || self
                .blocks
                .last()
                .is_some_and(|b| b.kind == BlockKind::PageBreak)
        {
            return;
        }
        self.page += 1;
        self.blocks.push(Block::new(
            BlockKind::PageBreak,
            "",
            self.page,
            self.paragraph_no,
        ));
    }

    fn emit_plain(&mut self, pieces: &Pieces) {
        let text = clean_text(&pieces.joined());
        if !text.is_empty() {
            let mut b = Block::new(BlockKind::Paragraph, text, self.page, self.paragraph_no);
            b.hints.bold = pieces.any_text && pieces.all_bold;
            self.blocks.push(b);
        }
    }

    fn paragraph(&mut self, p: &Paragraph) {
        self.paragraph_no += 1;
        let prop = &p.property;
        let style_id = prop.style.as_ref().map(|s| s.val.as_str());
        if prop
            .page_break_before
            .unwrap_or_else(|| self.styles.page_break_before(style_id))
        {
            self.page_break();
        }
        let mut pieces = Pieces::new();
        self.paragraph_children(&p.children, style_id, &mut pieces);

        let heading = prop
            .outline_lvl
            .as_ref()
            .map(|o| heading_from_outline(o.v))
            .unwrap_or_else(|| self.styles.heading_level(style_id));
        let list = self.list_numbering(p, style_id);
        let (kind, marker, indent) = match (heading, list) {
            (Some(_), _) => (BlockKind::Heading, None, 0),
            (None, Some((id, lvl))) => (
                BlockKind::ListItem,
                Some(self.numbering.next_marker(id, lvl)),
                lvl.min(8) as u8,
            ),
            (None, None) => (BlockKind::Paragraph, None, 0),
        };
        let style_name = style_id.map(|id| self.styles.name(id).unwrap_or(id).to_string());
        let bold = pieces.any_text && pieces.all_bold;
        for (i, seg) in pieces.segments.iter().enumerate() {
            if i > 0 {
                self.page_break();
            }
            let text = clean_text(seg);
            if text.is_empty() {
                continue;
            }
            let mut b = Block::new(kind, text, self.page, self.paragraph_no);
            b.hints.heading_level = heading;
            b.hints.bold = bold;
            b.hints.indent = indent;
            b.hints.marker = marker.clone();
            b.hints.style = style_name.clone();
            self.blocks.push(b);
        }
        // A section break ends this paragraph's section; all but a continuous one start a page.
        if let Some(sect) = &prop.section_property {
            if sect.section_type != Some(SectionType::Continuous) {
                self.page_break();
            }
        }
    }

    /// (numId, ilvl) for a paragraph that is a list item: direct `w:numPr` first (numId 0
    /// there switches off the style's numbering), else the style's.
    fn list_numbering(&self, p: &Paragraph, style_id: Option<&str>) -> Option<(usize, usize)> {
        let from_style = self.styles.numbering(style_id);
        let direct = p.property.numbering_property.as_ref();
        let direct_id = direct.and_then(|n| n.id.as_ref()).map(|i| i.id);
        let direct_level = direct.and_then(|n| n.level.as_ref()).map(|l| l.val);
        let (id, level) = match (direct_id, from_style) {
            (Some(id), Some((_, style_level))) => (id, direct_level.unwrap_or(style_level)),
            (Some(id), None) => (id, direct_level.unwrap_or(0)),
            (None, Some((id, style_level))) => (id, direct_level.unwrap_or(style_level)),
            (None, None) => return None,
        };
        self.numbering.is_list(id).then_some((id, level))
    }

    fn paragraph_children(
        &mut self,
        children: &[ParagraphChild],
        style: Option<&str>,
        out: &mut Pieces,
    ) {
        for c in children {
            match c {
                ParagraphChild::Run(r) => self.run(r, style, out),
                ParagraphChild::Insert(ins) => {
                    for ic in &ins.children {
                        if let InsertChild::Run(r) = ic {
                            self.run(r, style, out);
                        }
                    }
                }
                ParagraphChild::MoveTo(m) => {
                    for mc in &m.children {
                        if let MoveToChild::Run(r) = mc {
                            self.run(r, style, out);
                        }
                    }
                }
                ParagraphChild::Hyperlink(h) => self.paragraph_children(&h.children, style, out),
                ParagraphChild::StructuredDataTag(sdt) => {
                    for sc in &sdt.children {
                        match sc {
                            StructuredDataTagChild::Run(r) => self.run(r, style, out),
                            StructuredDataTagChild::Paragraph(p) => {
                                self.paragraph_children(&p.children, style, out)
                            }
                            _ => {}
                        }
                    }
                }
                // Deleted and moved-away text is not part of the document as it reads;
                // PAGE / NUMPAGES fields are page furniture.
                _ => {}
            }
        }
    }

    fn run(&mut self, r: &Run, para_style: Option<&str>, out: &mut Pieces) {
        let rp = &r.run_property;
        let bold = rp
            .bold
            .as_ref()
            .and_then(|b| ser(b).as_bool())
            .or_else(|| {
                rp.style
                    .as_ref()
                    .and_then(|s| self.styles.bold(Some(s.val.as_str())))
            })
            .or_else(|| self.styles.bold(para_style))
            .unwrap_or(false);
        for c in &r.children {
            match c {
                RunChild::Text(t) => {
                    if !self.hiding_field_result() {
                        out.push_text(&t.text, bold);
                    }
                }
                RunChild::Tab(_) | RunChild::PTab(_) | RunChild::CarriageReturn(_) => {
                    out.push_text(" ", bold)
                }
                RunChild::Break(b) => {
                    if ser(b).get("breakType").and_then(|t| t.as_str()) == Some("page") {
                        out.page_break();
                    } else {
                        out.push_text(" ", bold);
                    }
                }
                RunChild::FieldChar(f) => match f.field_char_type {
                    FieldCharType::Begin => {
                        if self.fields.len() < MAX_FIELD_DEPTH {
                            self.fields.push((false, false));
                        }
                    }
                    FieldCharType::Separate => {
                        if let Some(top) = self.fields.last_mut() {
                            top.1 = true;
                        }
                    }
                    FieldCharType::End => {
                        self.fields.pop();
                    }
                    _ => {}
                },
                RunChild::InstrText(i) => {
                    let furniture = matches!(
                        **i,
                        InstrText::PAGE(_) | InstrText::NUMPAGES(_) | InstrText::PAGEREF(_)
                    ) || matches!(&**i, InstrText::Unsupported(s) if is_page_field(s));
                    self.mark_field(furniture);
                }
                RunChild::InstrTextString(s) => self.mark_field(is_page_field(s)),
                _ => {}
            }
        }
    }

    fn mark_field(&mut self, furniture: bool) {
        if let Some(top) = self.fields.last_mut() {
            top.0 |= furniture;
        }
    }

    fn hiding_field_result(&self) -> bool {
        self.fields
            .iter()
            .any(|&(hide, in_result)| hide && in_result)
    }

    fn table(&mut self, t: &Table) {
        let flags = self.take_header_flags(t);
        let mut rows = Vec::new();
        for (i, TableChild::TableRow(row)) in t.rows.iter().enumerate() {
            let first_paragraph = self.paragraph_no + 1;
            let rp = ser(&row.property);
            let mut input = RowInput {
                header: flags.get(i).copied().unwrap_or(false),
                grid_before: rp
                    .get("gridBefore")
                    .and_then(|v| v.as_u64())
                    .unwrap_or(0)
                    .min(64) as usize,
                cells: Vec::new(),
                line: first_paragraph,
            };
            for TableRowChild::TableCell(cell) in &row.cells {
                // docx-rs parses `w:gridSpan` and `w:vMerge` but keeps them in private fields;
                // its serde form is the one public view of them (cheaper and less fragile than
                // a second XML pass over every cell).
                let cp = ser(&cell.property);
                let span = cp
                    .get("gridSpan")
                    .and_then(|v| v.as_u64())
                    .unwrap_or(1)
                    .clamp(1, 64) as usize;
                let continuation =
                    cp.get("verticalMerge").and_then(|v| v.as_str()) == Some("continue");
                let mut pieces = Pieces::new();
                self.cell_content(&cell.children, &mut pieces);
                input.cells.push(CellText {
                    text: if continuation {
                        String::new()
                    } else {
                        clean_text(&pieces.joined())
                    },
                    span,
                    bold: pieces.any_text && pieces.all_bold,
                    items: if continuation || pieces.items.len() < 2 {
                        Vec::new()
                    } else {
                        pieces.items
                    },
                });
            }
            rows.push(input);
        }
        let columns = t.grid.len();
        for mut b in table_rows(rows, columns) {
            b.page = self.page;
            self.blocks.push(b);
        }
    }

    /// The header-row flags noted for this table by the XML pre-check, if they line up with
    /// what docx-rs parsed (a row count that differs means the two walks disagree about which
    /// table this is, and no flags is safer than wrong ones).
    fn take_header_flags(&mut self, t: &Table) -> Vec<bool> {
        let flags = self
            .header_rows
            .get(self.next_table)
            .cloned()
            .unwrap_or_default();
        self.next_table += 1;
        if flags.len() == t.rows.len() {
            flags
        } else {
            Vec::new()
        }
    }

    /// A cell's paragraphs (and nested tables) as one run of text.
    fn cell_content(&mut self, children: &[TableCellContent], out: &mut Pieces) {
        for c in children {
            match c {
                TableCellContent::Paragraph(p) => {
                    self.paragraph_no += 1;
                    let style = p.property.style.as_ref().map(|s| s.val.clone());
                    let mut inner = Pieces::new();
                    self.paragraph_children(&p.children, style.as_deref(), &mut inner);
                    let text = inner.segments.join(" ");
                    if !text.trim().is_empty() {
                        out.push_text(" ", true);
                        out.push_text(&text, inner.all_bold);
                        if self.list_numbering(p, style.as_deref()).is_some() {
                            out.items.push(clean_text(&text));
                        }
                    }
                }
                TableCellContent::Table(t) => {
                    self.next_table += 1;
                    for TableChild::TableRow(row) in &t.rows {
                        for TableRowChild::TableCell(cell) in &row.cells {
                            self.cell_content(&cell.children, out);
                        }
                    }
                }
                TableCellContent::StructuredDataTag(sdt) => {
                    for sc in &sdt.children {
                        match sc {
                            StructuredDataTagChild::Paragraph(p) => {
                                self.cell_content(&[TableCellContent::Paragraph(p.clone())], out)
                            }
                            StructuredDataTagChild::Run(r) => self.run(r, None, out),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// Field instructions whose result is a page number or count.
fn is_page_field(instr: &str) -> bool {
    let word = instr
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    matches!(
        word.as_str(),
        "PAGE" | "NUMPAGES" | "SECTIONPAGES" | "PAGEREF"
    )
}
