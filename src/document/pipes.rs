//! Pipe tables as web pages flattened to text write them: "A | B | C |" with or without the
//! leading pipe, a `---|---|` rule under the header, and cells that run over several lines
//! (bulleted entries one a line) until the pipe that closes them.

/// Most physical lines one cell may run over before the run is taken for prose that merely
/// contains a pipe.
const MAX_CELL_LINES: usize = 40;
/// Fewest rows that make a pipe table; one line with pipes may be a breadcrumb or a banner.
const MIN_ROWS: usize = 2;

/// One row: its cells (a cell's entries joined with `<br>`, as Markdown cells write line
/// breaks) and the index of its first line.
pub struct PipeRow {
    pub cells: Vec<String>,
    pub first_line: usize,
}

/// Whether a line can belong to a pipe table: it opens or closes with a pipe, or has two.
pub fn is_pipe_line(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty() && (t.starts_with('|') || t.ends_with('|') || t.matches('|').count() >= 2)
}

/// A cell of a Markdown table's `---` rule (`---`, `:--:`).
pub fn is_rule_cell(cell: &str) -> bool {
    !cell.is_empty() && cell.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
}

/// The pipe table that the first of `lines` starts (the caller ends `lines` where a table may
/// not run on, such as a page break): how many lines it takes and its rows (rules dropped),
/// or None when no table of `MIN_ROWS` starts there. Lines are read only as far as the table
/// goes.
pub fn table<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<(usize, Vec<PipeRow>)> {
    let mut rows: Vec<PipeRow> = Vec::new();
    let mut open: Option<(Vec<Vec<String>>, usize)> = None;
    let mut open_lines = 0;
    let mut rules = 0;
    // A finished row: a rule is counted, a row with text kept.
    let mut finish = |cells: Vec<Vec<String>>, first_line: usize, rows: &mut Vec<PipeRow>| {
        let cells: Vec<String> = cells.iter().map(|c| cell_text(c)).collect();
        if cells.iter().any(|c| !c.is_empty())
            && cells.iter().all(|c| c.is_empty() || is_rule_cell(c))
        {
            rules += 1;
        } else if cells.iter().any(|c| !c.is_empty()) {
            rows.push(PipeRow { cells, first_line });
        }
    };
    let mut k = 0;
    for line in lines {
        let t = line.trim();
        // Inside a table any line with a pipe may open the next row ("Planning | - Sets …").
        let can_open = is_pipe_line(t) || (!rows.is_empty() && t.contains('|'));
        if t.is_empty() || (open.is_none() && !can_open) {
            break;
        }
        if open.is_some() && !t.contains('|') && open_lines >= MAX_CELL_LINES {
            break;
        }
        let starting = open.is_none();
        let (cells, _) = open.get_or_insert_with(|| (vec![Vec::new()], k));
        let mut parts: Vec<&str> = t.split('|').collect();
        if starting && t.starts_with('|') {
            parts.remove(0);
        }
        let closes = t.ends_with('|');
        if closes {
            parts.pop();
        }
        for (n, part) in parts.iter().enumerate() {
            if n > 0 {
                cells.push(Vec::new());
            }
            let part = part.trim();
            if !part.is_empty() {
                cells
                    .last_mut()
                    .expect("one cell at least")
                    .push(part.to_string());
            }
        }
        open_lines += 1;
        if closes {
            let (cells, first_line) = open.take().expect("a row is open");
            finish(cells, first_line, &mut rows);
            open_lines = 0;
        }
        k += 1;
    }
    // The text ended (or a blank line came) inside a cell: that row is still a row.
    if let Some((cells, first_line)) = open.take() {
        finish(cells, first_line, &mut rows);
    }
    // Rows of one cell each are a column of entries ("Behaves fairly. |"), not a grid.
    let grid = rows
        .iter()
        .any(|r| r.cells.iter().filter(|c| !c.is_empty()).count() >= 2);
    (grid && (rows.len() >= MIN_ROWS || rules > 0)).then_some((k, rows))
}

/// A cell's lines as one text: lines that open with a bullet are entries of their own (kept
/// apart with `<br>`), other lines carry on the line above.
fn cell_text(lines: &[String]) -> String {
    if lines.len() == 1 {
        // One line keeps its own bullets, typed inline ("• Listens • Responds").
        return lines[0].clone();
    }
    let bulleted = |l: &str| l.starts_with("- ") || l.starts_with("• ") || l.starts_with("* ");
    let mut out = String::new();
    for l in lines {
        if bulleted(l) {
            if !out.is_empty() {
                out.push_str("<br>");
            }
            let glyph = l.chars().next().map_or(0, char::len_utf8);
            out.push_str(l[glyph..].trim_start());
        } else {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        table(text.lines())
            .map(|(_, r)| r.into_iter().map(|r| r.cells).collect())
            .unwrap_or_default()
    }

    #[test]
    fn rows_without_a_leading_pipe_and_a_short_rule() {
        let r = rows("Name | Level |\n---|\nListening | Level 1 |\nSpeaking | Level 2 |");
        assert_eq!(
            r,
            [
                ["Name", "Level"],
                ["Listening", "Level 1"],
                ["Speaking", "Level 2"]
            ]
        );
    }

    #[test]
    fn a_cell_over_several_lines_closed_by_a_lone_pipe() {
        let r = rows("Skill | Indicators |\nPlanning | - Sets goals\n- Checks progress\n|");
        assert_eq!(r[1], ["Planning", "Sets goals<br>Checks progress"]);
    }

    #[test]
    fn wrapped_cell_lines_join_and_one_line_with_pipes_is_no_table() {
        let r = rows("| A | B |\n| one\ntwo | three |");
        assert_eq!(r[1], ["one two", "three"]);
        assert!(rows("Home | About us | Contact").is_empty());
    }
}
