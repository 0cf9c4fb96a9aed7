//! Page furniture: running headers and footers. A line in the top or bottom margin band
//! whose text (digits masked) recurs at the same height on most pages is furniture, and so
//! is a bare page number ("7", "Page 7 of 17", "- 7 -") in those bands. Body text that
//! repeats (a banner, a section label) is kept because it moves between pages.
//! An edge line counts when set apart from the body by space or by smaller type.

use super::interp::PageContent;
use super::layout::Line;
use std::collections::HashMap;

fn key(l: &Line) -> (String, i32) {
    let text: String = l
        .text()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    (text, (l.y / 3.0).round() as i32)
}

/// Lines near the page edges that stand apart from the body: the outermost line on each
/// side (or the outer two, when they sit together), in the margin band and separated from
/// the body text by more than paragraph spacing (2.5 sizes). A heading that merely starts a page is
/// spaced like body text and stays.
/// Lines are taken top to bottom by position (columns are read one after another, so the
/// last line read need not be the lowest), leaving out text in other directions.
fn edge_lines(all: &[Line], height: f32) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..all.len()).filter(|&i| !all[i].foreign).collect();
    idx.sort_by(|&a, &b| all[b].y.total_cmp(&all[a].y));
    let lines: Vec<&Line> = idx.iter().map(|&i| &all[i]).collect();
    edge_of(&lines, height)
        .into_iter()
        .map(|i| idx[i])
        .collect()
}

fn edge_of(lines: &[&Line], height: f32) -> Vec<usize> {
    let n = lines.len();
    let band = |l: &&Line| height <= 0.0 || l.y > 0.88 * height || l.y < 0.12 * height;
    // In sizes of the edge line itself: a small header over a big title is still apart.
    let gap = |a: &&Line, b: &&Line| (a.y - b.y).abs() / a.size.max(1.0);
    // Type smaller than the page's body text sets a line apart too: a browser's running
    // header and footer (date and title, address and "2/4") sit close to the body.
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    let body = sizes.get(sizes.len() / 2).copied().unwrap_or(0.0);
    let small = |i: usize| lines[i].size < 0.85 * body;
    let apart =
        |i: usize, j: Option<usize>| small(i) || j.is_none_or(|j| gap(&lines[i], &lines[j]) > 2.5);
    let mut out = Vec::new();
    if n == 0 {
        return out;
    }
    // Top: line 0 alone, or lines 0 and 1 together.
    if band(&lines[0]) && apart(0, (n > 1).then_some(1)) {
        out.push(0);
    } else if n > 1
        && band(&lines[1])
        && gap(&lines[0], &lines[1]) < 1.6
        && apart(1, (n > 2).then_some(2))
    {
        out.extend([0, 1]);
    }
    // Bottom: the last line alone, or the last two together.
    let last = n - 1;
    if last > 0 && !out.contains(&last) {
        if band(&lines[last]) && apart(last, Some(last - 1)) {
            out.push(last);
        } else if last > 1
            && band(&lines[last - 1])
            && gap(&lines[last], &lines[last - 1]) < 1.6
            && apart(last - 1, Some(last - 2))
            && !out.contains(&(last - 1))
        {
            out.extend([last - 1, last]);
        }
    }
    out
}

pub fn remove(pages: &mut [Vec<Line>], content: &[PageContent]) {
    if pages.len() < 2 {
        return;
    }
    let height = |p: usize| content.get(p).map_or(0.0, |c| c.height);
    let mut counts: HashMap<(String, i32), usize> = HashMap::new();
    for (p, lines) in pages.iter().enumerate() {
        let mut seen = Vec::new();
        for i in edge_lines(lines, height(p)) {
            let k = key(&lines[i]);
            if !seen.contains(&k) {
                *counts.entry(k.clone()).or_default() += 1;
                seen.push(k);
            }
        }
    }
    let need = (pages.len() / 2).max(2);
    for (p, lines) in pages.iter_mut().enumerate() {
        let mut drop: Vec<usize> = edge_lines(lines, height(p))
            .into_iter()
            .filter(|&i| {
                counts.get(&key(&lines[i])).is_some_and(|&c| c >= need)
                    || crate::document::is_page_number(&lines[i].text())
            })
            .collect();
        drop.sort_unstable();
        for i in drop.into_iter().rev() {
            lines.remove(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::pdf::layout::Word;

    fn line(text: &str, y: f32) -> Line {
        let words: Vec<Word> = text
            .split(' ')
            .enumerate()
            .map(|(i, t)| Word {
                text: t.into(),
                x0: i as f32 * 40.0,
                x1: i as f32 * 40.0 + 30.0,
                y,
                size: 10.0,
                bold: false,
                spaced: true,
            })
            .collect();
        Line {
            y,
            x0: 0.0,
            x1: words.len() as f32 * 40.0,
            size: 10.0,
            bold: false,
            no: 0,
            region: 0,
            foreign: false,
            words,
        }
    }

    #[test]
    fn running_header_and_page_numbers_go_repeated_body_text_stays() {
        let mut pages: Vec<Vec<Line>> = (1..=4)
            .map(|n| {
                vec![
                    line("Competency Framework", 800.0),
                    line("Body", 600.0),
                    line("Proud to be here", 100.0 + n as f32 * 20.0),
                    line(&format!("Page {n} of 4"), 30.0),
                ]
            })
            .collect();
        let content: Vec<PageContent> = (0..4)
            .map(|_| PageContent {
                height: 842.0,
                ..Default::default()
            })
            .collect();
        remove(&mut pages, &content);
        for p in &pages {
            let t: Vec<String> = p.iter().map(Line::text).collect();
            assert_eq!(t, ["Body", "Proud to be here"]);
        }
    }

    #[test]
    fn a_heading_that_starts_every_page_is_not_a_running_header() {
        let mut pages: Vec<Vec<Line>> = (1..=4)
            .map(|_| {
                vec![
                    line("Meets Expectations", 761.0),
                    line("Body", 745.0),
                    line("More", 600.0),
                ]
            })
            .collect();
        let content: Vec<PageContent> = (0..4)
            .map(|_| PageContent {
                height: 842.0,
                ..Default::default()
            })
            .collect();
        remove(&mut pages, &content);
        assert!(pages.iter().all(|p| p.len() == 3));
    }
}
