//! List items that open with a name and a colon ("• Communication: Listens carefully",
//! "Bronze: Shares information"). Under level sections the name is the competency's; under a
//! competency, the same few names recurring in the same order (or declared in the preamble)
//! are its levels.

use super::cues;
use crate::document::{Block, BlockKind};
use std::borrow::Cow;
use std::collections::HashMap;

/// A level read from item prefixes: its label as written and, when the preamble says, whom
/// it is for ("Bronze (all colleagues)").
#[derive(Debug, Clone, PartialEq)]
pub struct PrefixLevel {
    pub label: String,
    pub description: Option<String>,
}

/// "Name: rest" or "Name – rest": the first colon or spaced dash splits the name off.
fn split_prefix(text: &str) -> Option<(&str, &str)> {
    [":", " – ", " — ", " - "]
        .iter()
        .filter_map(|sep| text.find(sep).map(|at| (at, sep.len())))
        .min()
        .map(|(at, len)| (&text[..at], &text[at + len..]))
}

/// The prefix of a list item, or of a paragraph that is one sentence (web pages and Word
/// give each entry a paragraph of its own).
fn prefix(b: &Block) -> Option<(String, String)> {
    let sentence = b.kind == BlockKind::Paragraph && b.text.trim_end().ends_with(['.', '!', '?']);
    if b.kind != BlockKind::ListItem && !sentence {
        return None;
    }
    let (head, rest) = split_prefix(&b.text)?;
    (cues::word_count(head) <= 5
        && cues::heading_like(head)
        && cues::word_count(rest) >= 2
        && cues::marker(head.trim()).is_none())
    .then(|| (head.trim().to_string(), rest.trim().to_string()))
}

/// The runs of consecutive prefixed items, as name keys in order, each with whether it sits
/// under a level marker ("Level 2 – Supervisor"); a polarity sub-heading keeps the level
/// above it, a plain heading ends it.
fn runs(blocks: &[Block], counted: &HashMap<String, usize>) -> Vec<(Vec<String>, bool)> {
    let mut out: Vec<(Vec<String>, bool)> = Vec::new();
    let mut under_level = false;
    let mut open = false;
    for b in blocks {
        if let Some((head, _)) = prefix(b) {
            let key = cues::name_key(&head);
            if counted.get(&key).is_none_or(|&n| n < 2) {
                continue;
            }
            if !open {
                out.push((Vec::new(), under_level));
                open = true;
            }
            out.last_mut().expect("opened").0.push(key);
            continue;
        }
        match b.kind {
            BlockKind::ListItem | BlockKind::PageBreak => {}
            _ => {
                open = false;
                let t = b.text.trim();
                if b.kind == BlockKind::Heading || cues::heading_like(t) {
                    match cues::marker(t) {
                        Some(m) if m.label.is_some() => under_level = true,
                        Some(_) => {}
                        None => under_level = false,
                    }
                }
            }
        }
    }
    out
}

/// First-appearance order of the names, when every run keeps it and at least two names
/// recur in two runs or more: the scale repeated under each competency.
fn repeated_order(runs: &[(Vec<String>, bool)]) -> Option<Vec<String>> {
    let mut order: Vec<String> = Vec::new();
    for (run, _) in runs {
        for k in run {
            if !order.contains(k) {
                order.push(k.clone());
            }
        }
    }
    let rank = |k: &String| order.iter().position(|o| o == k);
    let ordered = runs
        .iter()
        .all(|(run, _)| run.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])));
    let recurring = order
        .iter()
        .filter(|k| runs.iter().filter(|(run, _)| run.contains(k)).count() >= 2)
        .count();
    (ordered && recurring >= 2).then_some(order)
}

/// The names in the order a paragraph before the first prefixed item names them ("three
/// levels: Bronze (all colleagues), Silver (team leaders) and Gold"), with what a bracket
/// after each says; None unless one paragraph names them all.
fn declared(blocks: &[Block], keys: &[String]) -> Option<Vec<(String, Option<String>)>> {
    let first = blocks
        .iter()
        .position(|b| prefix(b).is_some_and(|(h, _)| keys.contains(&cues::name_key(&h))))?;
    blocks[..first]
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .find_map(|b| declared_in(&b.text, keys))
}

/// The levels listed once before they are used ("• Bronze – all colleagues", "• Silver –
/// team leaders"): the first run of prefixed items, each name once, each followed by a
/// short phrase rather than a behaviour sentence, with the names used again after it.
fn declared_by_list(
    blocks: &[Block],
    keys: &[String],
    runs: &[(Vec<String>, bool)],
) -> Option<Vec<(String, Option<String>)>> {
    let key_of = |b: &Block| prefix(b).filter(|(h, _)| keys.contains(&cues::name_key(h)));
    let first = blocks.iter().position(|b| key_of(b).is_some())?;
    let run: Vec<(String, String)> = blocks[first..].iter().map_while(key_of).collect();
    let mut names: Vec<String> = run.iter().map(|(h, _)| cues::name_key(h)).collect();
    names.sort();
    names.dedup();
    let distinct = names.len() == run.len() && names.len() == keys.len();
    let phrases = run
        .iter()
        .all(|(_, rest)| cues::word_count(rest) <= 8 && !rest.ends_with(['.', '!', '?']));
    let used_again = blocks[first + run.len()..]
        .iter()
        .any(|b| key_of(b).is_some());
    // Where the names are used again they keep the listed order, as a scale's would.
    let order: Vec<String> = run.iter().map(|(h, _)| cues::name_key(h)).collect();
    let rank = |k: &String| order.iter().position(|o| o == k);
    let ordered = runs
        .iter()
        .skip(1)
        .all(|(r, _)| r.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])));
    (distinct && phrases && used_again && ordered)
        .then(|| run.into_iter().map(|(h, rest)| (h, Some(rest))).collect())
}

fn declared_in(text: &str, keys: &[String]) -> Option<Vec<(String, Option<String>)>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found: Vec<(usize, String, Option<String>)> = Vec::new();
    for key in keys {
        let n = key.split(' ').count();
        let at = (0..words.len().saturating_sub(n - 1))
            .find(|&i| cues::name_key(&words[i..i + n].join(" ")) == *key)?;
        let label = words[at..at + n]
            .join(" ")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        let after = words[at + n..].join(" ");
        let description = after
            .strip_prefix('(')
            .and_then(|a| a.split_once(')'))
            .map(|(inside, _)| inside.trim().to_string())
            .filter(|d| !d.is_empty());
        found.push((at, label, description));
    }
    found.sort_by_key(|f| f.0);
    Some(found.into_iter().map(|(_, l, d)| (l, d)).collect())
}

/// Recurring item prefixes: under level sections each item becomes its competency's heading
/// and its indicator; under competencies, the prefixes are levels, returned in rank order
/// with the blocks untouched (the builder reads each item's level from its prefix).
pub fn named_items(blocks: Cow<'_, [Block]>) -> (Cow<'_, [Block]>, Vec<PrefixLevel>) {
    let mut count: HashMap<String, usize> = HashMap::new();
    let mut written: HashMap<String, String> = HashMap::new();
    for b in blocks.iter() {
        if let Some((h, _)) = prefix(b) {
            let key = cues::name_key(&h);
            *count.entry(key.clone()).or_default() += 1;
            written.entry(key).or_insert(h);
        }
    }
    if count.values().filter(|&&n| n >= 2).count() < 2 {
        return (blocks, Vec::new());
    }
    let runs = runs(&blocks, &count);
    if !runs.iter().any(|(_, under_level)| *under_level) {
        let keys: Vec<String> = {
            let mut k: Vec<String> = count
                .iter()
                .filter(|(_, n)| **n >= 2)
                .map(|(k, _)| k.clone())
                .collect();
            k.sort();
            k
        };
        if let Some(levels) =
            declared(&blocks, &keys).or_else(|| declared_by_list(&blocks, &keys, &runs))
        {
            let levels: Vec<PrefixLevel> = levels
                .into_iter()
                .map(|(label, description)| PrefixLevel { label, description })
                .collect();
            return (as_items(blocks, &levels), levels);
        }
        if let Some(order) = repeated_order(&runs) {
            let levels: Vec<PrefixLevel> = order
                .iter()
                .map(|k| PrefixLevel {
                    label: written[k].clone(),
                    description: None,
                })
                .collect();
            return (as_items(blocks, &levels), levels);
        }
        // Outside level sections a prefix names no competency: the items stay as written.
        return (blocks, Vec::new());
    }
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks.iter() {
        let named = prefix(b)
            .filter(|(h, _)| b.kind == BlockKind::ListItem && count[&cues::name_key(h)] >= 2);
        match named {
            Some((head, rest)) => {
                out.push(Block::new(BlockKind::Heading, head, b.page, b.line));
                let mut item = b.clone();
                item.text = rest;
                out.push(item);
            }
            None => out.push(b.clone()),
        }
    }
    (Cow::Owned(out), Vec::new())
}

/// Paragraphs that open with a level ("Silver: Brings teams together.", one to a `<p>`) are
/// the entries of a list, as their lines would be in plain text.
fn as_items<'b>(blocks: Cow<'b, [Block]>, levels: &[PrefixLevel]) -> Cow<'b, [Block]> {
    let is_entry = |b: &Block| {
        b.kind == BlockKind::Paragraph
            && prefix(b).is_some_and(|(h, _)| {
                levels
                    .iter()
                    .any(|l| cues::name_key(&l.label) == cues::name_key(&h))
            })
    };
    if !blocks.iter().any(is_entry) {
        return blocks;
    }
    let out = blocks
        .iter()
        .map(|b| {
            let mut b = b.clone();
            if is_entry(&b) {
                b.kind = BlockKind::ListItem;
            }
            b
        })
        .collect();
    Cow::Owned(out)
}

/// The level an item's prefix names ("Silver: Brings teams together" → Silver, rank 2) and
/// the item's text without it.
pub fn prefix_level<'t>(text: &'t str, levels: &[PrefixLevel]) -> Option<(usize, &'t str)> {
    let (head, rest) = split_prefix(text)?;
    let key = cues::name_key(head);
    let at = levels
        .iter()
        .position(|l| cues::name_key(&l.label) == key)?;
    Some((at, rest.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(t: &str) -> Block {
        Block::new(BlockKind::ListItem, t, 1, 1)
    }
    fn heading(t: &str) -> Block {
        Block::new(BlockKind::Heading, t, 1, 1)
    }

    #[test]
    fn prefixes_under_competencies_in_one_order_are_levels() {
        let blocks = vec![
            heading("Teamwork"),
            item("Basic: Helps others when asked"),
            item("Expert: Leads teams across services"),
            heading("Planning"),
            item("Basic: Plans own work well"),
            item("Expert: Plans the service budget"),
        ];
        let (out, levels) = named_items(Cow::Borrowed(&blocks));
        let labels: Vec<&str> = levels.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Basic", "Expert"]);
        assert_eq!(out.len(), blocks.len());
        assert_eq!(
            prefix_level("Expert: Plans the service budget", &levels),
            Some((1, "Plans the service budget"))
        );
        assert_eq!(
            prefix_level("Basic – Plans own work: daily", &levels),
            Some((0, "Plans own work: daily"))
        );
    }

    #[test]
    fn levels_listed_once_before_use_are_described() {
        let blocks = vec![
            item("Basic – new starters"),
            item("Expert – senior staff"),
            heading("Teamwork"),
            item("Basic: Helps others when asked"),
            item("Expert: Leads teams across services"),
        ];
        let (_, levels) = named_items(Cow::Borrowed(&blocks));
        let got: Vec<(&str, Option<&str>)> = levels
            .iter()
            .map(|l| (l.label.as_str(), l.description.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Basic", Some("new starters")),
                ("Expert", Some("senior staff"))
            ]
        );
    }

    #[test]
    fn prefixes_under_level_sections_name_competencies() {
        let blocks = vec![
            heading("Level 1 – Officer"),
            item("Teamwork: Helps others when asked"),
            item("Planning: Plans own work well"),
            heading("Level 2 – Manager"),
            item("Teamwork: Leads teams across services"),
            item("Planning: Plans the service budget"),
        ];
        let (out, levels) = named_items(Cow::Borrowed(&blocks));
        assert!(levels.is_empty());
        assert_eq!(out[1].text, "Teamwork");
        assert_eq!(out[1].kind, BlockKind::Heading);
    }

    #[test]
    fn prefixes_out_of_order_are_not_a_scale_nor_names() {
        let blocks = vec![
            heading("Teamwork"),
            item("Basic: Helps others when asked"),
            item("Expert: Leads teams across services"),
            heading("Planning"),
            item("Expert: Plans the service budget"),
            item("Basic: Plans own work well"),
        ];
        let (out, levels) = named_items(Cow::Borrowed(&blocks));
        assert!(levels.is_empty());
        assert!(matches!(out, Cow::Borrowed(_)));
    }

    #[test]
    fn levels_declared_in_a_preamble_keep_its_order_and_brackets() {
        let got = declared_in(
            "We use three levels: Gold (senior managers), Bronze (all staff) and Silver.",
            &["bronze".into(), "gold".into(), "silver".into()],
        )
        .unwrap();
        assert_eq!(
            got,
            [
                ("Gold".into(), Some("senior managers".into())),
                ("Bronze".into(), Some("all staff".into())),
                ("Silver".into(), None)
            ]
        );
        assert!(declared_in("Gold only.", &["gold".into(), "silver".into()]).is_none());
    }
}
