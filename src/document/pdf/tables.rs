//! Ruled tables: connected horizontal and vertical rules form a grid; row bands lie between
//! horizontal rules, columns between vertical rules, and a missing vertical rule inside a
//! band means the cell spans both columns.

use super::interp::Rule;
use super::layout::Line;

#[derive(Debug, Clone)]
pub struct Grid {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    /// Column boundaries, left to right (includes both outer edges).
    pub cols: Vec<f32>,
    /// Row boundaries, top to bottom (y descending; includes both outer edges).
    pub rows: Vec<f32>,
    verticals: Vec<Rule>,
}

fn cluster(mut v: Vec<f32>, tol: f32) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        match out.last() {
            Some(l) if x - l <= tol => {}
            _ => out.push(x),
        }
    }
    out
}

fn touches(a: &Rule, b: &Rule) -> bool {
    let t = 2.0;
    a.x0 - t <= b.x1 && b.x0 - t <= a.x1 && a.y0 - t <= b.y1 && b.y0 - t <= a.y1
}

/// Find ruled grids with at least two columns and one row.
pub fn detect(rules: &[Rule]) -> Vec<Grid> {
    let rules: Vec<Rule> = rules
        .iter()
        .filter(|r| r.horizontal() || r.vertical())
        .copied()
        .take(5000)
        .collect();
    // Union-find over touching rules.
    let mut parent: Vec<usize> = (0..rules.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for i in 0..rules.len() {
        for j in i + 1..rules.len() {
            if touches(&rules[i], &rules[j]) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Rule>> = Default::default();
    for (i, r) in rules.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(*r);
    }
    let mut grids = Vec::new();
    for (_, g) in groups {
        let verticals: Vec<Rule> = g.iter().filter(|r| r.vertical()).copied().collect();
        let horizontals: Vec<&Rule> = g.iter().filter(|r| r.horizontal()).collect();
        let mut cols = cluster(verticals.iter().map(|r| (r.x0 + r.x1) / 2.0).collect(), 2.0);
        // Tables without outer side borders: the row rules say where the table ends.
        let hleft = horizontals.iter().map(|r| r.x0).fold(f32::MAX, f32::min);
        let hright = horizontals.iter().map(|r| r.x1).fold(f32::MIN, f32::max);
        if let (Some(&first), Some(&last)) = (cols.first(), cols.last()) {
            if hleft < first - 3.0 {
                cols.insert(0, hleft);
            }
            if hright > last + 3.0 {
                cols.push(hright);
            }
        }
        // Only rules that run from column boundary to column boundary separate rows; a link
        // underline inside a cell does not.
        let at_col = |x: f32| cols.iter().any(|c| (c - x).abs() <= 3.0);
        let mut rows = cluster(
            horizontals
                .iter()
                .filter(|r| at_col(r.x0) && at_col(r.x1))
                .map(|r| (r.y0 + r.y1) / 2.0)
                .collect(),
            2.0,
        );
        // A row cut by a page break has no rule on its open side (Chromium): the vertical
        // rules still say where the table ends.
        let vbottom = verticals.iter().map(|r| r.y0).fold(f32::MAX, f32::min);
        let vtop = verticals.iter().map(|r| r.y1).fold(f32::MIN, f32::max);
        for y in [vbottom, vtop] {
            if y.is_finite() && !rows.iter().any(|r| (r - y).abs() <= 3.0) {
                rows.push(y);
            }
        }
        rows.sort_by(f32::total_cmp);
        if cols.len() < 3 || rows.len() < 2 {
            continue;
        }
        rows.reverse();
        grids.push(Grid {
            left: cols[0],
            right: cols[cols.len() - 1],
            top: rows[0],
            bottom: rows[rows.len() - 1],
            cols,
            rows,
            verticals,
        });
    }
    grids
}

impl Grid {
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.left - 1.0
            && x <= self.right + 1.0
            && y <= self.top + 1.0
            && y >= self.bottom - 1.0
    }

    /// Row band index holding baseline `y`.
    pub fn row_of(&self, y: f32) -> Option<usize> {
        (0..self.rows.len() - 1).find(|&i| y <= self.rows[i] + 1.0 && y > self.rows[i + 1] - 1.0)
    }

    pub fn col_of(&self, x: f32) -> usize {
        (0..self.cols.len() - 1)
            .find(|&i| x < self.cols[i + 1])
            .unwrap_or(self.cols.len() - 2)
    }

    pub fn ncols(&self) -> usize {
        self.cols.len() - 1
    }

    /// For band `row`, the column each column's text belongs to (the first column of its span).
    pub fn span_starts(&self, row: usize) -> Vec<usize> {
        let (top, bottom) = (self.rows[row], self.rows[row + 1]);
        let mid = (top + bottom) / 2.0;
        let mut starts = vec![0; self.ncols()];
        for c in 1..self.ncols() {
            let x = self.cols[c];
            let ruled = self
                .verticals
                .iter()
                .any(|v| (((v.x0 + v.x1) / 2.0) - x).abs() <= 2.0 && v.y0 <= mid && v.y1 >= mid);
            starts[c] = if ruled { c } else { starts[c - 1] };
        }
        starts
    }
}

impl Grid {
    /// Split row bands that hold several rows of text. Tables ruled only around groups of
    /// rows (or not between rows at all) put many logical rows into one band; the text's
    /// own baselines tell them apart. A band is split at every baseline when each of its
    /// baselines starts a row: text in the first column and in at least one other, and no
    /// piece starting in lower case (which would be a cell's wrapped line running on).
    pub fn split_bands(&mut self, lines: &[Line]) {
        let mut rows = vec![self.rows[0]];
        for r in 0..self.rows.len() - 1 {
            let spans = self.span_starts(r);
            // (baseline, column, starts in lower case, size) of each word in the band.
            let mut words: Vec<(f32, usize, bool, f32)> = Vec::new();
            for l in lines.iter().filter(|l| !l.foreign) {
                for w in &l.words {
                    let x = (w.x0 + w.x1) / 2.0;
                    if self.contains(x, w.y) && self.row_of(w.y) == Some(r) {
                        let lower = w.text.chars().next().is_some_and(char::is_lowercase);
                        words.push((w.y, spans[self.col_of(x)], lower, w.size));
                    }
                }
            }
            words.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            // Baseline groups: words within a third of their size of the group's first.
            let mut groups: Vec<Vec<(f32, usize, bool, f32)>> = Vec::new();
            for w in words {
                match groups.last_mut() {
                    Some(g) if (g[0].0 - w.0).abs() <= 0.35 * w.3.min(g[0].3).max(1.0) => g.push(w),
                    _ => groups.push(vec![w]),
                }
            }
            let starts_row = |g: &Vec<(f32, usize, bool, f32)>| {
                let mut cols: Vec<usize> = g.iter().map(|w| w.1).collect();
                cols.dedup();
                // The first word of each cell on this baseline.
                let lower = cols
                    .iter()
                    .any(|&c| g.iter().find(|w| w.1 == c).is_some_and(|w| w.2));
                cols.first() == Some(&0) && cols.len() >= 2 && !lower
            };
            if groups.len() >= 2 && groups.iter().all(starts_row) {
                for p in groups.windows(2) {
                    let low = p[0].iter().map(|w| w.0).fold(f32::MAX, f32::min);
                    let high = p[1].iter().map(|w| w.0).fold(f32::MIN, f32::max);
                    rows.push((low + high) / 2.0);
                }
            }
            rows.push(self.rows[r + 1]);
        }
        self.rows = rows;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(x0: f32, x1: f32, y: f32) -> Rule {
        Rule {
            x0,
            y0: y - 0.25,
            x1,
            y1: y + 0.25,
        }
    }
    fn v(x: f32, y0: f32, y1: f32) -> Rule {
        Rule {
            x0: x - 0.25,
            y0,
            x1: x + 0.25,
            y1,
        }
    }

    fn line(parts: &[(f32, &str)], y: f32) -> Line {
        let mut words = Vec::new();
        for &(x, text) in parts {
            let mut x = x;
            for t in text.split(' ') {
                let w = t.len() as f32 * 5.0;
                words.push(crate::document::pdf::layout::Word {
                    text: t.into(),
                    x0: x,
                    x1: x + w,
                    y,
                    size: 10.0,
                    bold: false,
                    spaced: true,
                });
                x += w + 3.0;
            }
        }
        let x1 = words.last().map_or(0.0, |w| w.x1);
        Line {
            y,
            x0: words[0].x0,
            x1,
            size: 10.0,
            bold: false,
            no: 0,
            region: 0,
            foreign: false,
            words,
        }
    }

    #[test]
    fn unruled_columns_make_a_grid() {
        let lines = vec![
            line(&[(0.0, "Intro paragraph text here")], 300.0),
            line(&[(0.0, "Level"), (100.0, "Description")], 270.0),
            line(&[(0.0, "One"), (100.0, "First level text that")], 252.0),
            line(&[(100.0, "wraps")], 240.0),
            line(&[(0.0, "Two"), (100.0, "Second")], 222.0),
            line(&[(0.0, "After the table")], 180.0),
        ];
        let g = detect_unruled(&lines, &[]);
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!(g.ncols(), 2);
        assert_eq!(g.rows.len() - 1, 3, "{:?}", g.rows);
        assert!(!g.contains(5.0, 300.0) && !g.contains(5.0, 180.0));
        assert_eq!(g.row_of(240.0), Some(1));
        assert_eq!(g.col_of(120.0), 1);
    }

    #[test]
    fn bands_ruled_around_groups_of_rows_split_at_their_baselines() {
        // Two bands: three state rows in the first, a wrapped cell in the second.
        let rules = vec![
            h(0.0, 300.0, 100.0),
            h(0.0, 300.0, 52.0),
            h(0.0, 300.0, 20.0),
            v(0.0, 20.0, 100.0),
            v(100.0, 20.0, 100.0),
            v(300.0, 20.0, 100.0),
        ];
        let lines = vec![
            line(&[(5.0, "Alabama"), (105.0, "1,234")], 88.0),
            line(&[(5.0, "Alaska"), (105.0, "567")], 76.0),
            line(&[(5.0, "Arizona"), (105.0, "8,910")], 64.0),
            line(&[(5.0, "Note"), (105.0, "Counts are")], 40.0),
            line(&[(105.0, "monthly")], 28.0),
        ];
        let mut g = detect(&rules).remove(0);
        g.split_bands(&lines);
        assert_eq!(g.rows.len() - 1, 4, "{:?}", g.rows);
        assert_eq!(g.row_of(88.0), Some(0));
        assert_eq!(g.row_of(76.0), Some(1));
        assert_eq!(g.row_of(64.0), Some(2));
        assert_eq!(g.row_of(28.0), Some(3));
    }

    #[test]
    fn grid_with_spanning_cell() {
        // Two rows, three columns; the lower row spans columns 1-2.
        let rules = vec![
            h(0.0, 300.0, 100.0),
            h(0.0, 300.0, 80.0),
            h(0.0, 300.0, 60.0),
            v(0.0, 60.0, 100.0),
            v(100.0, 60.0, 100.0),
            v(200.0, 80.0, 100.0),
            v(300.0, 60.0, 100.0),
        ];
        let g = detect(&rules);
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!(g.ncols(), 3);
        assert_eq!(g.span_starts(0), vec![0, 1, 2]);
        assert_eq!(g.span_starts(1), vec![0, 1, 1]);
        assert_eq!(g.row_of(90.0), Some(0));
        assert_eq!(g.col_of(250.0), 2);
    }
}

/// Gap between words, in font sizes, that separates table columns rather than words
/// (a space is about 0.28 of the size; justified text rarely stretches past 1).
const COLUMN_GAP: f32 = 2.0;

/// Left edges of the column segments of a line.
fn segment_starts(l: &Line) -> Vec<f32> {
    let mut out = Vec::new();
    let mut prev_x1 = f32::MIN;
    for w in &l.words {
        if w.x0 - prev_x1 > COLUMN_GAP * l.size {
            out.push(w.x0);
        }
        prev_x1 = w.x1;
    }
    out
}

impl Grid {
    /// A grid for an unruled table: every column boundary ruled over the full height.
    fn from_columns(cols: Vec<f32>, rows: Vec<f32>) -> Grid {
        let (top, bottom) = (rows[0], rows[rows.len() - 1]);
        let verticals = cols
            .iter()
            .map(|&x| Rule {
                x0: x,
                y0: bottom,
                x1: x,
                y1: top,
            })
            .collect();
        Grid {
            left: cols[0],
            right: cols[cols.len() - 1],
            top,
            bottom,
            cols,
            rows,
            verticals,
        }
    }
}

/// Unruled tables: runs of lines split into aligned column segments by wide gaps (two or
/// more such lines), with wrapped single-segment lines that start at a column. Rows are
/// separated by more than a line's spacing.
pub fn detect_unruled(lines: &[Line], ruled: &[Grid]) -> Vec<Grid> {
    let free: Vec<&Line> = lines
        .iter()
        .filter(|l| {
            if l.foreign {
                return false;
            }
            let w = &l.words[0];
            !ruled.iter().any(|g| g.contains((w.x0 + w.x1) / 2.0, w.y))
        })
        .collect();
    let near = |a: f32, b: f32| (a - b).abs() <= 3.0;
    let mut out = Vec::new();
    let mut i = 0;
    while i < free.len() {
        let first = segment_starts(free[i]);
        if first.len() < 2 {
            i += 1;
            continue;
        }
        let mut starts: Vec<(f32, usize)> = first.iter().map(|&x| (x, 1)).collect();
        let (mut j, mut multi) = (i + 1, 1);
        while j < free.len() {
            let (prev, l) = (free[j - 1], free[j]);
            let gap = prev.y - l.y;
            let s = segment_starts(l);
            if (l.size / prev.size - 1.0).abs() > 0.15 || gap <= 0.0 {
                break;
            }
            if s.len() >= 2 && gap <= 2.2 * l.size {
                multi += 1;
                for x in s {
                    match starts.iter_mut().find(|(c, _)| near(*c, x)) {
                        Some(c) => c.1 += 1,
                        None => starts.push((x, 1)),
                    }
                }
            } else if s.len() == 1
                && gap <= 1.5 * l.size
                && starts.iter().skip(1).any(|(c, _)| near(*c, s[0]))
            {
                // A wrapped line of a cell other than the first.
            } else {
                break;
            }
            j += 1;
        }
        if multi >= 2 {
            let mut cols: Vec<f32> = starts
                .iter()
                .filter(|(_, n)| *n >= 2)
                .map(|(x, _)| *x)
                .collect();
            cols.sort_by(f32::total_cmp);
            let run = &free[i..j];
            if cols.len() >= 2 {
                let left = run
                    .iter()
                    .map(|l| l.x0)
                    .fold(f32::MAX, f32::min)
                    .min(cols[0])
                    - 1.0;
                let right = run.iter().map(|l| l.x1).fold(f32::MIN, f32::max) + 1.0;
                let mut bounds = vec![left];
                bounds.extend(cols[1..].iter().map(|x| x - 1.0));
                bounds.push(right);
                let mut rows = vec![run[0].y + run[0].size];
                for w in run.windows(2) {
                    if w[0].y - w[1].y > 1.35 * w[1].size {
                        rows.push((w[0].y + w[1].y) / 2.0);
                    }
                }
                let last = run[run.len() - 1];
                rows.push(last.y - 0.5 * last.size);
                out.push(Grid::from_columns(bounds, rows));
            }
        }
        i = j;
    }
    out
}
