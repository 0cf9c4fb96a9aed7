//! First passes of the recognizer: what each block is (heading, marker, label, content,
//! table row), how far each marker reaches, and which headings own indicators.

use super::cues::{self, Marker};
use crate::document::{Block, BlockKind};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub enum Class {
    Heading,
    Marker(Marker),
    Label,
    Content,
    Row,
    /// Repeated page furniture; ignored.
    Furniture,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside one competency: applies to what follows until the next marker or competency.
    Local,
    /// A document section ("LEVEL 1 COMPETENCY INDICATORS"): applies across competencies.
    Section,
    /// One of a run of markers that define the scale ("Level 1 Chief Executives …").
    Definition,
}

#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub block: &'a Block,
    pub class: Class,
    pub scope: Option<Scope>,
}

impl Item<'_> {
    pub fn text(&self) -> &str {
        &self.block.text
    }
    pub fn is_list(&self) -> bool {
        self.block.kind == BlockKind::ListItem
    }
    pub fn is_paragraph(&self) -> bool {
        self.block.kind == BlockKind::Paragraph
    }
}

/// Fewest words after "N - " for a sentence anchoring a rating rather than a numbered name.
const ANCHOR_WORDS: usize = 6;

fn classify_block(b: &Block) -> Class {
    match b.kind {
        BlockKind::TableRow => return Class::Row,
        BlockKind::ListItem => return Class::Content,
        _ => {}
    }
    let t = b.text.trim();
    // "4 - Frequently anticipates what customers need" anchors a rating; "1 - Leadership"
    // numbers a heading.
    if cues::anchor_level(t).is_some_and(|(_, rest)| cues::word_count(&rest) >= ANCHOR_WORDS) {
        return Class::Content;
    }
    let explicit_heading = b.kind == BlockKind::Heading && cues::word_count(t) <= 25;
    if explicit_heading || cues::heading_like(t) || (b.hints.bold && cues::word_count(t) <= 12) {
        if let Some(m) = cues::marker(t) {
            return Class::Marker(m);
        }
    }
    if cues::is_label(t) && !explicit_heading {
        return Class::Label;
    }
    if b.kind == BlockKind::Paragraph && cues::name_and_sentence(t).is_some() {
        return Class::Heading;
    }
    let colon_ok = !t.ends_with(':') || cues::word_count(t) <= 4;
    if (explicit_heading
        || cues::heading_like(t)
        || (b.hints.bold && cues::heading_like(t.trim_end_matches('.'))))
        && colon_ok
    {
        return Class::Heading;
    }
    Class::Content
}

pub fn classify(blocks: &[Block]) -> Vec<Item<'_>> {
    let mut items: Vec<Item> = blocks
        .iter()
        .filter(|b| b.kind != BlockKind::PageBreak)
        .filter(|b| b.text.chars().any(|c| c.is_alphanumeric()))
        .map(|b| Item {
            block: b,
            class: classify_block(b),
            scope: None,
        })
        .collect();
    menus(&mut items);
    recurring_questions(&mut items);
    list_markers(&mut items);
    bare_ratings_in_scales(&mut items);
    named_levels(&mut items);
    recurring_subheadings(&mut items);
    straplines(&mut items);
    for i in 0..items.len() {
        if matches!(items[i].class, Class::Marker(_)) {
            items[i].scope = Some(marker_scope(&items, i));
        }
    }
    polarity_under_levels(&mut items);
    items
}

/// "- Level 1" over indented items ("  - Listens carefully"): a list item that is a marker and
/// parents a nested list heads that list, as it would as a line of its own.
fn list_markers(items: &mut [Item]) {
    for i in 0..items.len().saturating_sub(1) {
        let (it, next) = (&items[i], &items[i + 1]);
        if !(it.is_list() && next.is_list() && next.block.hints.indent > it.block.hints.indent) {
            continue;
        }
        if let Some(m) = cues::marker(it.text()) {
            items[i].class = Class::Marker(m);
        }
    }
}

/// "Highly effective", "Effective", "Less effective": beside ratings qualified by degree, the
/// bare word is the middle of the scale, a level of its own rather than just "positive".
fn bare_ratings_in_scales(items: &mut [Item]) {
    let rated: Vec<String> = items
        .iter()
        .filter_map(|it| match &it.class {
            Class::Marker(m) => m.label.as_ref().and_then(|l| l.split_whitespace().last()),
            _ => None,
        })
        .map(str::to_lowercase)
        .collect();
    // Beside numbered levels, "Not demonstrated" is what falls short of them: polarity only.
    let numbered = items
        .iter()
        .any(|it| matches!(&it.class, Class::Marker(m) if m.number.is_some()));
    for it in items.iter_mut() {
        let falls_short = numbered && cues::is_degree(it.text());
        if let Class::Marker(m) = &mut it.class
            && falls_short
            && m.polarity == crate::model::Polarity::Negative
        {
            m.label = None;
        }
    }
    for it in items.iter_mut() {
        let bare = it.text().trim().trim_end_matches(':').to_string();
        if let Class::Marker(m) = &mut it.class
            && m.label.is_none()
            && rated.contains(&bare.to_lowercase())
        {
            m.label = Some(bare);
        }
    }
}

/// A question asked under every competency ("What does it mean?", "Why does it matter?")
/// prompts the text below it, as a lead-in does: it names nothing, so it heads nothing. So
/// does one asked straight under a name. Asked once after text, a question may still be a
/// section's title ("Why have a framework?").
fn recurring_questions(items: &mut [Item]) {
    let question = |it: &Item| it.class == Class::Heading && cues::is_question(it.text());
    let mut count: HashMap<String, usize> = HashMap::new();
    for it in items.iter().filter(|it| question(it)) {
        *count.entry(cues::name_key(it.text())).or_default() += 1;
    }
    for i in 0..items.len() {
        if !question(&items[i]) {
            continue;
        }
        // Straight under a name, or under its description paragraphs ("Why is it
        // important" after what the competency is): the question is the name's prompt.
        let under_name = items[..i]
            .iter()
            .rev()
            .find(|it| {
                !(it.class == Class::Furniture || it.class == Class::Content && it.is_paragraph())
            })
            .is_some_and(|it| it.class == Class::Heading && !cues::is_question(it.text()));
        if under_name || count[&cues::name_key(items[i].text())] >= 2 {
            items[i].class = Class::Label;
        }
    }
}

/// "Level 1" straight over "Positive indicators" (then "Negative indicators") splits each
/// level by polarity: the polarity markers up to the next level or heading take that level.
/// A level's own list is positive anyway, so a positive-only marker right under it can only
/// be a sub-heading; a negative one right under it ("Stage 3", "Negative indicators") may be
/// the competency's negatives for all levels, so it does not open the nesting.
fn polarity_under_levels(items: &mut [Item]) {
    let next = |items: &[Item], from: usize| {
        (from..items.len()).find(|&j| !matches!(items[j].class, Class::Label | Class::Furniture))
    };
    for i in 0..items.len() {
        let Class::Marker(level) = &items[i].class else {
            continue;
        };
        if level.label.is_none() {
            continue;
        }
        let opens = next(items, i + 1).is_some_and(|j| {
            matches!(&items[j].class, Class::Marker(m)
                if m.label.is_none() && m.polarity == crate::model::Polarity::Positive)
        });
        if !opens {
            continue;
        }
        let (label, number) = (level.label.clone(), level.number);
        if items[i].scope == Some(Scope::Definition) {
            items[i].scope = Some(Scope::Local);
        }
        for it in items[i + 1..].iter_mut() {
            match &mut it.class {
                Class::Heading | Class::Row => break,
                Class::Marker(m) if m.label.is_some() => break,
                Class::Marker(m) => {
                    m.label = label.clone();
                    m.number = number;
                }
                _ => {}
            }
        }
    }
}

/// Levels named rather than numbered ("All staff", "Managers", "Senior leaders") are seen
/// by repetition: the same few sub-headings, each over a list, repeat in the same order under
/// every competency. At least two such names, each under at least two different headings.
/// Headings repeated under level markers instead (competencies repeated per level section)
/// are left alone: there the headings between repeats are markers, not headings.
fn named_levels(items: &mut [Item]) {
    let over_list = |i: usize| heads_list(items, i);
    let candidates: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].class == Class::Heading && over_list(i))
        .filter(|&i| cues::word_count(items[i].text()) <= 6)
        // A numbered heading ("1. Seeing the big picture") is a competency, however often
        // level sections repeat it.
        .filter(|&i| cues::split_code(items[i].text()).0.is_none())
        .collect();
    let mut count: HashMap<String, usize> = HashMap::new();
    for &i in &candidates {
        *count.entry(cues::name_key(items[i].text())).or_default() += 1;
    }
    let repeated: Vec<usize> = candidates
        .into_iter()
        .filter(|&i| count[&cues::name_key(items[i].text())] >= 2)
        .collect();
    // Order of first appearance is the rank; every section must keep that order.
    let mut order: Vec<String> = Vec::new();
    for &i in &repeated {
        let k = cues::name_key(items[i].text());
        if !order.contains(&k) {
            order.push(k);
        }
    }
    if order.len() < 2 {
        return;
    }
    let rank = |i: usize| {
        let k = cues::name_key(items[i].text());
        order.iter().position(|o| *o == k).unwrap_or(0)
    };
    let mut sections = 0;
    let mut last: Option<usize> = None;
    let mut prev_at = 0;
    for &i in &repeated {
        // A heading between this repeat and the previous one starts a new section (a new
        // competency); repeats are consecutive in `repeated`, so none lies in between.
        let new_section =
            last.is_none() || (prev_at + 1..i).any(|j| items[j].class == Class::Heading);
        if new_section {
            sections += 1;
        } else if last.is_some_and(|r| rank(i) <= r) {
            return;
        }
        last = Some(rank(i));
        prev_at = i;
    }
    if sections < 2 {
        return;
    }
    let ranks: Vec<usize> = repeated.iter().map(|&i| rank(i)).collect();
    for (&i, r) in repeated.iter().zip(ranks) {
        let label = items[i].text().trim().trim_end_matches(':').to_string();
        items[i].class = Class::Marker(Marker {
            label: Some(label),
            number: Some(r as u32 + 1),
            polarity: crate::model::Polarity::Positive,
            rest: String::new(),
        });
    }
}

/// Fewest entries of a run of short capitalised list items before it is read as a site menu.
const MENU_ENTRIES: usize = 4;
/// Most words a menu entry has ("Your Local Area"); behaviours are longer.
const MENU_ENTRY_WORDS: usize = 4;

/// A site's navigation left in the text ("About Us", "Careers", "Contact Us"): a run of at
/// least `MENU_ENTRIES` list items, each a few capitalised words with no closing punctuation
/// and none a level or polarity marker. Behaviours are phrases, not title-case labels.
fn menus(items: &mut [Item]) {
    let entry = |it: &Item| {
        let t = it.text().trim();
        it.is_list()
            && cues::word_count(t) <= MENU_ENTRY_WORDS
            && every_word_capitalised(t)
            && !t.ends_with(|c: char| c.is_ascii_punctuation())
            && cues::marker(t).is_none()
    };
    let mut i = 0;
    while i < items.len() {
        let run = items[i..].iter().take_while(|it| entry(it)).count();
        if run >= MENU_ENTRIES {
            for it in &mut items[i..i + run] {
                it.class = Class::Furniture;
            }
        }
        i += run.max(1);
    }
}

/// Every word starts with a capital or a digit ("Your Local Area"), as menu labels do and
/// behaviours ("Tells the truth") do not.
fn every_word_capitalised(t: &str) -> bool {
    t.split_whitespace().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    })
}

/// Whether the next item that is not a label or furniture after `i` is a list item.
fn heads_list(items: &[Item], i: usize) -> bool {
    items[i + 1..]
        .iter()
        .find(|it| !matches!(it.class, Class::Furniture | Class::Label))
        .is_some_and(|it| it.class == Class::Content && it.is_list())
}

/// A sub-heading that recurs over the list of every unit ("Behaviours" under each value's
/// name and strapline) says what the list is, as a lead-in does: it names nothing. Each
/// occurrence must sit under a heading of its own that does not recur, which is the unit's
/// name; competencies repeated under level sections recur themselves and are left alone.
fn recurring_subheadings(items: &mut [Item]) {
    let keys: Vec<Option<String>> = items
        .iter()
        .map(|it| (it.class == Class::Heading).then(|| cues::name_key(it.text())))
        .collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for k in keys.iter().flatten() {
        *count.entry(k.as_str()).or_default() += 1;
    }
    // Per recurring key, whether every occurrence heads a list under a name of its own
    // (the nearest heading above recurs nowhere). Decided on the classes as they stand.
    let mut verdict: HashMap<&str, bool> = HashMap::new();
    let mut previous: Option<&str> = None;
    for (i, key) in keys.iter().enumerate() {
        let Some(key) = key.as_deref() else { continue };
        if count[key] >= 2 {
            let fits = heads_list(items, i) && previous.is_some_and(|p| count[p] == 1);
            *verdict.entry(key).or_insert(true) &= fits;
        }
        previous = Some(key);
    }
    for (i, key) in keys.iter().enumerate() {
        if key
            .as_deref()
            .is_some_and(|k| verdict.get(k) == Some(&true))
        {
            items[i].class = Class::Label;
        }
    }
}

/// Fewest words a strapline under a name has; shorter sentence-case lines under a heading
/// may be competency names under a group ("Leading people" / "Developing others").
const STRAPLINE_WORDS: usize = 6;

/// Units that must open with a name and a strapline before either is read so.
const STRAPLINE_REPEATS: usize = 2;

/// A sentence-case line straight under a title-case name, longer than it ("Taking Pride" /
/// "Being advocates of our organisation and what we contribute"): the name's strapline,
/// which describes it rather than naming a competency of its own. A name in capitals is a
/// group's, and a line with its own gloss ("Developing others – We help …") is a name.
fn straplines(items: &mut [Item]) {
    let mut found = Vec::new();
    for i in 1..items.len() {
        let Some(prev) = (0..i).rev().find(|&k| items[k].class != Class::Furniture) else {
            continue;
        };
        let (name, line) = (items[prev].text(), items[i].text());
        let is_strapline = items[i].class == Class::Heading
            && items[prev].class == Class::Heading
            && !cues::is_question(name)
            && cues::word_count(line) >= STRAPLINE_WORDS
            && cues::word_count(line) > cues::word_count(name)
            && cues::is_title_case(name)
            && !cues::is_capitals(name)
            && !cues::is_title_case(line)
            && cues::name_and_gloss(line).is_none()
            // A numbered line, or one the format marks as a heading, is a name of its own.
            && cues::split_code(line).0.is_none()
            && items[i].block.kind != BlockKind::Heading;
        if is_strapline {
            found.push(i);
        }
    }
    // Once, the shape may be a title over the first name; repeated, it is how units open.
    if found.len() >= STRAPLINE_REPEATS {
        for i in found {
            items[i].class = Class::Content;
        }
    }
}

fn is_marker(items: &[Item], i: usize) -> bool {
    items
        .get(i)
        .is_some_and(|it| matches!(it.class, Class::Marker(_)))
}

fn marker_scope(items: &[Item], i: usize) -> Scope {
    // A run of markers each with a description defines the scale ("Level 1 Chief
    // Executives", "Level 2 Service Managers"); a bare marker followed by another is an
    // empty section, and the last of a run still scopes the items after it.
    let described = match &items[i].class {
        Class::Marker(m) => !m.rest.is_empty(),
        _ => false,
    };
    if is_marker(items, i + 1) && described {
        return Scope::Definition;
    }
    let next_is_content = items[i + 1..]
        .iter()
        .find(|it| !matches!(it.class, Class::Label | Class::Furniture))
        .is_some_and(|it| matches!(it.class, Class::Content | Class::Row));
    if i > 0 && is_marker(items, i - 1) && described && !next_is_content {
        return Scope::Definition;
    }
    let sectional = cues::looks_sectional(items[i].text(), items[i].block.hints.heading_level);
    let mut skipped_paragraph = false;
    for it in &items[i + 1..] {
        match it.class {
            Class::Label | Class::Furniture => {}
            Class::Content if it.is_paragraph() => skipped_paragraph = true,
            Class::Content | Class::Row => return Scope::Local,
            Class::Marker(_) => {
                return if skipped_paragraph {
                    Scope::Local
                } else {
                    Scope::Definition
                };
            }
            Class::Heading => {
                return if skipped_paragraph && !sectional {
                    Scope::Local
                } else {
                    Scope::Section
                };
            }
        }
    }
    if skipped_paragraph {
        Scope::Local
    } else {
        Scope::Definition
    }
}

/// Page furniture: a heading-shaped text that recurs before (nearly) every competency, such
/// as a running banner left in the text. Group headings recur too, but only before the first
/// competency of their group.
pub fn mark_furniture(items: &mut [Item], owners: &[bool]) {
    let mut followed: HashMap<String, usize> = HashMap::new();
    for i in 0..items.len() {
        if items[i].class != Class::Heading {
            continue;
        }
        let next_is_owner = (i + 1..items.len())
            .find(|&j| items[j].class != Class::Furniture)
            .is_none_or(|j| owners[j]);
        if next_is_owner {
            *followed.entry(cues::bag_key(items[i].text())).or_default() += 1;
        }
    }
    let owner_count = owners.iter().filter(|&&o| o).count();
    for i in 0..items.len() {
        if items[i].class == Class::Heading && !owners[i] {
            let n = followed
                .get(&cues::bag_key(items[i].text()))
                .copied()
                .unwrap_or(0);
            if n >= 3 && n * 4 >= owner_count * 3 {
                items[i].class = Class::Furniture;
            }
        }
    }
}

/// Indicators are list items, unless the document has no lists once its scale has started:
/// then each behaviour paragraph is one indicator.
pub fn paragraph_mode(items: &[Item]) -> bool {
    let start = items
        .iter()
        .position(|it| matches!(it.class, Class::Marker(_)))
        .unwrap_or(0);
    !items[start..]
        .iter()
        .any(|it| it.is_list() || it.class == Class::Row)
}

pub fn is_indicator_item(it: &Item, paragraph_mode: bool) -> bool {
    it.class == Class::Content
        && (it.is_list()
            || (paragraph_mode && it.is_paragraph() && cues::looks_behavioural(it.text())))
}

/// The section marker in force at each item.
pub fn sections(items: &[Item]) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(items.len());
    let mut current: Option<usize> = None;
    let mut section_shape: Option<String> = None;
    for (i, it) in items.iter().enumerate() {
        match (&it.class, it.scope) {
            (Class::Marker(_), Some(Scope::Section)) => {
                current = Some(i);
                section_shape = cues::code_shape(it.text());
            }
            (Class::Heading, _) => {
                // A numbered section ends at the next heading numbered the same way
                // ("5.0 …" ends at "9.0 …", not at "1. …").
                if section_shape.is_some() && cues::code_shape(it.text()) == section_shape {
                    current = None;
                    section_shape = None;
                }
            }
            _ => {}
        }
        out.push(current);
    }
    out
}

/// Which headings own indicators: a local marker follows before the next heading, or
/// indicator items follow while a section scale is in force (or the document has no scale
/// at all and the heading leads a list).
fn marker_header(it: &Item) -> bool {
    let cells: Vec<&String> = it.block.cells.iter().filter(|c| !c.is_empty()).collect();
    cells.len() >= 2
        && it.block.cells.first().is_some_and(|c| !c.is_empty())
        && cells.iter().all(|c| cues::marker(c).is_some())
}

/// "Level | Positive indicators | Negative indicators" (or a recurring "Level | Behaviours")
/// over rows that each start with a level: one competency's table, levels down.
fn level_rows_header(items: &[Item], at: usize) -> bool {
    let it = &items[at];
    let later: Vec<&String> = it
        .block
        .cells
        .iter()
        .skip(1)
        .filter(|c| !c.is_empty())
        .collect();
    let next_starts_with_level = items.get(at + 1).is_some_and(|n| {
        n.class == Class::Row
            && n.block
                .cells
                .first()
                .and_then(|c| cues::marker(c))
                .is_some_and(|m| m.label.is_some())
    });
    let polarities = later.len() >= 2
        && later
            .iter()
            .all(|c| cues::marker(c).is_some_and(|m| m.label.is_none()));
    // Plain titles ("Level | Behaviours") make one competency's table only when the same
    // header recurs (under each competency); once, it may define the levels instead.
    let repeated = || {
        items
            .iter()
            .filter(|other| other.class == Class::Row && other.block.cells == it.block.cells)
            .count()
            >= 2
    };
    let plain = !later.is_empty()
        && later
            .iter()
            .all(|c| cues::marker(c).is_none_or(|m| m.label.is_none()));
    next_starts_with_level && (polarities || (plain && repeated()))
}

pub fn owners(items: &[Item], sections: &[Option<usize>], paragraph_mode: bool) -> Vec<bool> {
    let any_marker = items.iter().any(|it| matches!(it.class, Class::Marker(_)));
    let mut out = vec![false; items.len()];
    for i in 0..items.len() {
        if items[i].class != Class::Heading {
            continue;
        }
        let mut count = 0;
        for (j, it) in items.iter().enumerate().skip(i + 1) {
            match (&it.class, it.scope) {
                // A table right under the heading whose every column is a marker
                // ("Positive indicators | Negative indicators"): its rows are this heading's.
                (Class::Row, _)
                    if count == 0 && (marker_header(it) || level_rows_header(items, j)) =>
                {
                    count = usize::MAX;
                    break;
                }
                (Class::Heading | Class::Row, _) => break,
                (Class::Marker(_), Some(Scope::Local)) => {
                    count = usize::MAX;
                    break;
                }
                (Class::Marker(_), _) => break,
                _ if is_indicator_item(it, paragraph_mode) => count += 1,
                _ => {}
            }
        }
        out[i] = count == usize::MAX
            || (sections[i].is_some() && count >= 1)
            || (!any_marker && count >= 2);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(spec: &[(BlockKind, &str)]) -> Vec<Block> {
        spec.iter()
            .enumerate()
            .map(|(n, (k, t))| Block::new(*k, t.to_string(), 1, n as u32 + 1))
            .collect()
    }

    fn classes(spec: &[(BlockKind, &str)]) -> Vec<Class> {
        classify(&blocks(spec))
            .into_iter()
            .map(|it| it.class)
            .collect()
    }

    use BlockKind::{Heading as H, ListItem as L, Paragraph as P};

    #[test]
    fn a_subheading_under_every_unique_name_is_a_label() {
        let c = classes(&[
            (H, "Integrity"),
            (H, "Behaviours"),
            (L, "Tells the truth"),
            (H, "Respect"),
            (H, "Behaviours"),
            (L, "Listens to others"),
        ]);
        assert_eq!(c[1], Class::Label);
        assert_eq!(c[4], Class::Label);
        assert_eq!(
            (c[0].clone(), c[3].clone()),
            (Class::Heading, Class::Heading)
        );
    }

    #[test]
    fn competencies_repeated_under_level_sections_stay_headings() {
        let c = classes(&[
            (H, "Teamwork"),
            (L, "Helps others"),
            (H, "Planning"),
            (L, "Sets goals"),
            (H, "Teamwork"),
            (L, "Leads others"),
            (H, "Planning"),
            (L, "Sets strategy"),
        ]);
        assert!(c.iter().step_by(2).all(|k| *k == Class::Heading), "{c:?}");
    }

    #[test]
    fn repeated_straplines_describe_and_a_lone_one_may_be_a_name() {
        let two = classes(&[
            (H, "Taking Pride"),
            (P, "Being advocates of our service and what it achieves"),
            (L, "Does the job well"),
            (H, "Acting With Care"),
            (P, "Showing kindness to everyone we meet each day"),
            (L, "Listens to patients"),
        ]);
        assert_eq!(
            (two[1].clone(), two[4].clone()),
            (Class::Content, Class::Content)
        );
        let one = classes(&[
            (H, "People Centred"),
            (P, "Be fair and put people at the centre of what we do"),
            (L, "Takes time to listen"),
        ]);
        assert_eq!(one[1], Class::Heading);
    }

    #[test]
    fn a_run_of_capitalised_menu_entries_is_furniture_but_short_behaviours_are_not() {
        let c = classes(&[
            (L, "About Us"),
            (L, "Your Safety"),
            (L, "Careers"),
            (L, "Contact Us"),
            (H, "Honesty"),
            (L, "Tells the truth"),
            (L, "Owns up"),
            (L, "Admits Mistakes"),
            (L, "Is Fair"),
        ]);
        assert!(c[..4].iter().all(|k| *k == Class::Furniture), "{c:?}");
        assert_eq!(c[5], Class::Content);
    }

    #[test]
    fn a_question_under_a_name_and_its_description_is_a_prompt() {
        let c = classes(&[
            (H, "We are curious"),
            (P, "We look for better ways of working."),
            (H, "Why is it important"),
            (P, "Because residents deserve it."),
        ]);
        assert_eq!(c[2], Class::Label);
    }
}
