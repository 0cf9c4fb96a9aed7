//! Columns aligned with spaces in plain text ("Communication     Listens …     Adapts …"), as
//! `pdftotext -layout` and typed tables leave them: consecutive lines whose gaps of three or
//! more spaces start their next text at the same positions are the rows of a table.

/// Where each line's text resumes after a wide gap (char positions), and the line's width.
fn gap_starts(line: &str) -> Vec<usize> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut spaces = 0;
    for (k, c) in chars.iter().enumerate() {
        if *c == ' ' {
            spaces += 1;
            continue;
        }
        // A run of spaces at the line's start is an indent: the text sits in a later column.
        if spaces >= 3 || (spaces >= 1 && spaces == k) {
            out.push(k);
        }
        spaces = 0;
    }
    out
}

/// The column starts shared by a run of lines: a start that at least two lines have, which
/// no line has text running across.
fn shared_starts(lines: &[&str]) -> Vec<usize> {
    let chars: Vec<Vec<char>> = lines.iter().map(|l| l.chars().collect()).collect();
    let mut count: std::collections::BTreeMap<usize, usize> = Default::default();
    for l in lines {
        for p in gap_starts(l) {
            *count.entry(p).or_default() += 1;
        }
    }
    count
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(p, _)| p)
        .filter(|&p| {
            chars
                .iter()
                .all(|c| p >= c.len() || p == 0 || c[p - 1] == ' ')
        })
        .collect()
}

/// Whether a table could start at this line: at the margin, with a wide gap after its text.
pub fn could_start(line: &str) -> bool {
    !line.starts_with(' ') && !line.contains('\t') && !gap_starts(line).is_empty()
}

/// Split a line at the column starts into trimmed cells.
pub fn cells(line: &str, starts: &[usize]) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut bounds = vec![0];
    bounds.extend(starts.iter().copied().filter(|&p| p > 0));
    bounds.push(usize::MAX);
    bounds
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0].min(chars.len()), w[1].min(chars.len()));
            chars[a..b].iter().collect::<String>().trim().to_string()
        })
        .collect()
}

/// The table starting at `lines[0]`, if any: how many lines it takes and its column starts.
/// At least two lines must have a wide gap, and every line of the run must fit the columns
/// (a line whose text crosses a column start ends the run, as does a blank line).
pub fn table_at(lines: &[&str]) -> Option<(usize, Vec<usize>)> {
    let run = lines
        .iter()
        .take_while(|l| !l.trim().is_empty() && !l.contains('\t'))
        .count();
    // The first row names its row: it starts at the margin and has a gap after its text.
    if run < 2 || !could_start(lines[0]) {
        return None;
    }
    // The longest prefix of the run whose lines all leave the first line's column starts
    // free; each of those starts must be shared by another line. One pass: a long table
    // costs no more than its lines.
    let first = gap_starts(lines[0]);
    let fits = |line: &str| {
        let chars: Vec<char> = line.chars().collect();
        first
            .iter()
            .all(|&p| p >= chars.len() || p == 0 || chars[p - 1] == ' ')
    };
    let end = 1 + lines[1..run].iter().take_while(|l| fits(l)).count();
    if end < 2 {
        return None;
    }
    let starts = shared_starts(&lines[..end]);
    first
        .iter()
        .all(|p| starts.contains(p))
        .then_some((end, starts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_lines_make_a_table_and_wrapped_cells_continue() {
        let lines = [
            "Competency      Level 1          Level 2",
            "Teamwork        Helps others     Leads the team",
            "                when asked",
            "Planning        Plans own work   Plans budgets",
            "",
            "After the table.",
        ];
        let (n, starts) = table_at(&lines).unwrap();
        assert_eq!(n, 4);
        assert_eq!(
            cells(lines[1], &starts),
            ["Teamwork", "Helps others", "Leads the team"]
        );
        assert_eq!(cells(lines[2], &starts), ["", "when asked", ""]);
    }

    #[test]
    fn prose_and_indented_bullets_are_no_table() {
        assert!(table_at(&["We value staff.   They matter.", "Our plan is simple."]).is_none());
        assert!(table_at(&["• Builds trust", "  across teams", "• Listens"]).is_none());
        assert!(table_at(&["One"]).is_none());
    }

    #[test]
    fn a_long_table_is_read_in_one_pass() {
        let rows: Vec<String> = (0..20_000)
            .map(|k| format!("Row {k:<10}   Cell text here   More text"))
            .collect();
        let lines: Vec<&str> = rows.iter().map(String::as_str).collect();
        let started = std::time::Instant::now();
        assert_eq!(table_at(&lines).map(|t| t.0), Some(20_000));
        assert!(started.elapsed().as_secs() < 5);
    }
}
