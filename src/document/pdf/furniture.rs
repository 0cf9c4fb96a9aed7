//! Page furniture: running headers and footers. A line in the top or bottom margin band
//! whose text (digits masked) recurs at the same height on most pages is furniture, and so
//! is a bare page number ("7", "Page 7 of 17", "- 7 -") in those bands. Body text that
//! repeats (a banner, a section label) is kept because it moves between pages.

use super::interp::PageContent;
use super::layout::Line;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[-–—\s]*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?[-–—\s]*$").unwrap()
});

fn key(l: &Line) -> (String, i32) {
    let text: String = l
        .text()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    (text, (l.y / 3.0).round() as i32)
}

/// Lines near the page edges: the outermost line on each side, plus its neighbour when close.
fn edge_lines(lines: &[Line], height: f32) -> Vec<usize> {
    let n = lines.len();
    let band = |l: &Line| height <= 0.0 || l.y > 0.88 * height || l.y < 0.12 * height;
    let close = |a: &Line, b: &Line| (a.y - b.y).abs() < 2.5 * a.size.max(b.size);
    let mut out = Vec::new();
    if n == 0 {
        return out;
    }
    let mut push = |i: usize| {
        if band(&lines[i]) && !out.contains(&i) {
            out.push(i);
        }
    };
    push(0);
    if n > 1 && close(&lines[0], &lines[1]) {
        push(1);
    }
    push(n - 1);
    if n > 1 && close(&lines[n - 1], &lines[n - 2]) {
        push(n - 2);
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
                    || PAGE_NUMBER.is_match(lines[i].text().trim())
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
}
