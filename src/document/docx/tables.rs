//! Table rows on the column grid: spans padded, vertical-merge continuations empty, repeated
//! header rows dropped, full-width banner rows turned into paragraphs.

use crate::document::{Block, BlockKind};

#[derive(Debug, Clone)]
pub struct CellText {
    /// Empty for a vertically merged continuation cell.
    pub text: String,
    /// Grid columns the cell spans (`w:gridSpan`).
    pub span: usize,
    pub bold: bool,
    /// The cell's list items, when it holds two or more.
    pub items: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RowInput {
    /// Marked `w:tblHeader` (repeats at the top of each page).
    pub header: bool,
    /// Grid columns skipped before the first cell (`w:gridBefore`).
    pub grid_before: usize,
    pub cells: Vec<CellText>,
    pub line: u32,
}

/// Rows of one table as blocks (page left at 1 for the caller to set). `columns` is the
/// table grid width; rows narrower than the grid are padded so every row has one cell per
/// grid column.
pub fn table_rows(rows: Vec<RowInput>, columns: usize) -> Vec<Block> {
    let widest = rows
        .iter()
        .map(|r| r.grid_before + r.cells.iter().map(|c| c.span).sum::<usize>())
        .max()
        .unwrap_or(0);
    let columns = columns.max(widest);
    let mut out = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut body_started = false;
    for row in rows {
        let mut cells = vec![String::new(); row.grid_before];
        let mut items = vec![Vec::new(); row.grid_before];
        let mut bold = Vec::new();
        for c in &row.cells {
            cells.push(c.text.clone());
            cells.extend(std::iter::repeat_n(String::new(), c.span - 1));
            items.push(c.items.clone());
            items.extend(std::iter::repeat_n(Vec::new(), c.span - 1));
            if !c.text.is_empty() {
                bold.push(c.bold);
            }
        }
        cells.resize(columns, String::new());
        let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        if filled.is_empty() {
            continue;
        }
        let all_bold = bold.iter().all(|&b| b);
        // Word repeats only the leading tblHeader rows; a marked row further down, or a copy
        // of the header row (as exports that split one table into many produce), is a repeat.
        let repeat = header.as_ref().is_some_and(|h| *h == cells) || (row.header && body_started);
        if repeat {
            continue;
        }
        if filled.len() == 1 {
            let mut b = Block::new(BlockKind::Paragraph, filled[0].clone(), 1, row.line);
            b.hints.bold = all_bold;
            out.push(b);
            body_started |= !row.header;
            continue;
        }
        let mut b = Block::row(cells.clone(), 1, row.line);
        b.hints.bold = all_bold;
        if items.iter().any(|i| !i.is_empty()) {
            items.resize(columns, Vec::new());
            b.hints.cell_items = items;
        }
        if row.header && !body_started {
            b.hints.header_row = true;
            header.get_or_insert(cells);
        } else {
            body_started = true;
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, span: usize) -> CellText {
        CellText {
            text: text.into(),
            span,
            bold: false,
            items: Vec::new(),
        }
    }

    fn row(header: bool, cells: Vec<CellText>) -> RowInput {
        RowInput {
            header,
            grid_before: 0,
            cells,
            line: 1,
        }
    }

    #[test]
    fn grid_span_pads_and_vmerge_continuation_is_empty() {
        let rows = vec![
            row(
                false,
                vec![
                    cell("1.1.1 Lead", 1),
                    cell("a", 1),
                    cell("b", 1),
                    cell("c", 1),
                    cell("d", 1),
                ],
            ),
            // The merged first cell arrives here already emptied (continuation).
            row(
                false,
                vec![
                    cell("", 1),
                    cell("Ineffective Behaviours", 1),
                    cell("Fails", 3),
                ],
            ),
        ];
        let b = table_rows(rows, 5);
        assert_eq!(b[1].cells, ["", "Ineffective Behaviours", "Fails", "", ""]);
        assert_eq!(b[1].text, "Ineffective Behaviours | Fails");
        assert_eq!(b[0].cells.len(), 5);
    }

    #[test]
    fn repeated_header_rows_are_dropped_and_the_first_kept() {
        let head = || vec![cell("Description", 1), cell("Level 1", 1)];
        let rows = vec![
            row(true, head()),
            row(false, vec![cell("A", 1), cell("a", 1)]),
            row(true, head()),
            row(false, head()),
            row(false, vec![cell("B", 1), cell("b", 1)]),
        ];
        let b = table_rows(rows, 2);
        let texts: Vec<_> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Description | Level 1", "A | a", "B | b"]);
        assert!(b[0].hints.header_row);
        assert!(!b[1].hints.header_row);
    }

    #[test]
    fn a_full_width_banner_row_is_a_bold_paragraph() {
        let mut banner = cell("Proud to be Medway", 5);
        banner.bold = true;
        let b = table_rows(vec![row(false, vec![banner])], 5);
        assert_eq!(b[0].kind, BlockKind::Paragraph);
        assert!(b[0].hints.bold);
        assert_eq!(b[0].text, "Proud to be Medway");
    }

    #[test]
    fn grid_before_and_short_rows_are_padded_to_the_grid() {
        let mut r = row(false, vec![cell("x", 1), cell("y", 1)]);
        r.grid_before = 1;
        let b = table_rows(vec![r], 4);
        assert_eq!(b[0].cells, ["", "x", "y", ""]);
    }
}
