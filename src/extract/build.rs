//! The forward pass: walk the classified items, open competencies at owning headings,
//! attach descriptions, notes and indicators with the level and polarity in force, and read
//! level tables row by row.

use super::classify::{Class, Item, Scope, is_indicator_item};
use super::cues::{self, Marker};
use super::items::{self, PrefixLevel};
use crate::model::{Group, Polarity, Provenance};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct RawIndicator {
    pub text: String,
    pub level: Option<String>,
    pub polarity: Polarity,
    pub source: Provenance,
}

/// The name given to a competency the text does not name, followed by its number.
const UNNAMED: &str = "Unnamed";

#[derive(Debug, Clone, Default)]
pub struct RawCompetency {
    /// The line where a competency the text does not name starts; None for a named one.
    pub nameless_at: Option<u32>,
    pub code: Option<String>,
    pub name: String,
    pub group: Option<String>,
    pub description: Vec<String>,
    pub covers: Vec<String>,
    pub notes: Vec<String>,
    pub indicators: Vec<RawIndicator>,
}

#[derive(Debug, Default)]
pub struct Outline {
    pub competencies: Vec<RawCompetency>,
    pub groups: Vec<Group>,
    /// Every marker with a level label, in document order (label, number, definition text).
    pub levels: Vec<(String, Option<u32>, Option<String>)>,
}

/// A heading's competency identity: its typed number, else its name.
fn key_of(text: &str) -> String {
    match cues::split_code(text) {
        (Some(code), _) => format!("#{code}"),
        (None, name) => cues::name_key(&name),
    }
}

/// "One council one team – seeing the bigger picture, collaboration and partnering" names a
/// broad cluster and lists what it covers.
fn split_covers(name: &str) -> (String, Vec<String>) {
    for sep in [" – ", " — ", " - "] {
        if let Some((head, tail)) = name.split_once(sep) {
            if tail.contains(',') && cues::word_count(head) <= 6 {
                let covers = tail
                    .split(',')
                    .map(|s| s.trim().trim_start_matches("and ").trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                return (head.trim().to_string(), covers);
            }
        }
    }
    (name.to_string(), Vec::new())
}

/// "Level 1 (Officer)": the brackets only set the words off from the label.
fn unbracket(d: &str) -> String {
    d.strip_prefix('(')
        .and_then(|d| d.strip_suffix(')'))
        .filter(|inner| !inner.contains(['(', ')']))
        .unwrap_or(d)
        .trim()
        .to_string()
}

fn competency_name(text: &str) -> (Option<String>, String, Vec<String>) {
    let (code, rest) = cues::split_code(text);
    let rest = rest.trim_end_matches(':').trim().to_string();
    if let Some((name, _)) = cues::name_and_gloss(&rest) {
        return (code, name, Vec::new());
    }
    let (name, covers) = split_covers(&rest);
    (code, name, covers)
}

fn group_name(text: &str) -> (Option<String>, String) {
    let (code, rest) = cues::split_code(text);
    if let Some((c, n)) = cues::split_enumerated_group(&rest) {
        return (Some(code.unwrap_or(c)), n);
    }
    (code, cues::strip_group_kind(&rest).to_string())
}

fn is_minus(bullet: &str) -> bool {
    matches!(bullet, "-" | "–" | "−")
}

fn plus_minus(items: &[Item]) -> bool {
    let bullets = |f: fn(&str) -> bool| {
        items
            .iter()
            .filter(|it| it.is_list())
            .any(|it| it.block.hints.marker.as_deref().is_some_and(f))
    };
    bullets(|b| b == "+") && bullets(is_minus)
}

/// Fewest entries in a row that open with consecutive ratings before the numbers are read as
/// a rating scale rather than a numbered list that happens to use dashes.
const ANCHOR_RUN: usize = 3;

/// Entries opening "5 - …", "4 - …", "3 - …": at least `ANCHOR_RUN` in a row, each one
/// rating from the last (up or down), as a numeric rating scale writes its anchors.
fn rating_anchors(items: &[Item]) -> bool {
    let mut run = 0;
    let mut last: Option<u32> = None;
    for it in items.iter().filter(|it| it.class == Class::Content) {
        let rating = cues::anchor_level(it.text()).and_then(|(m, _)| m.number);
        run = match (rating, last) {
            (Some(n), Some(l)) if l.abs_diff(n) == 1 => run + 1,
            (Some(_), _) => 1,
            (None, _) => 0,
        };
        last = rating;
        if run >= ANCHOR_RUN {
            return true;
        }
    }
    false
}

/// Level tags at the end of list items recur (three items or more, two levels or more).
fn trailing_tags(items: &[Item]) -> bool {
    let tags: Vec<u32> = items
        .iter()
        .filter(|it| it.is_list())
        .filter_map(|it| cues::trailing_level(it.text()).and_then(|(m, _)| m.number))
        .collect();
    let mut distinct = tags.clone();
    distinct.sort_unstable();
    distinct.dedup();
    tags.len() >= 3 && distinct.len() >= 2
}

/// Behaviour sentences typed straight under a marker as paragraphs of their own, where other
/// markers head lists ("What it does not look like" over one line, or one `<p>` each): the
/// list they would be. Paragraphs that lead into a list describe instead.
fn lone_under_marker(items: &[Item], i: usize) -> bool {
    let qualifies = |k: usize| {
        let t = items[k].text();
        items[k].is_paragraph()
            && items[k].class == Class::Content
            && cues::looks_behavioural(t)
            && t.ends_with(['.', '!'])
            && semicolon_parts(t).iter().all(|p| cues::word_count(p) <= 40)
            && !t[..t.len() - 1].contains(". ")
    };
    if !qualifies(i) {
        return false;
    }
    let skip = |k: usize| items[k].class == Class::Furniture || qualifies(k);
    let before = (0..i).rev().find(|&k| !skip(k));
    let after = (i + 1..items.len()).find(|&k| !skip(k));
    before.is_some_and(|k| matches!(items[k].class, Class::Marker(_)))
        && after.is_none_or(|k| items[k].class != Class::Content)
}

/// A paragraph of behaviours separated by semicolons ("Greets residents; listens to their
/// needs.") is the list it would be; the sentence's full stop closes only the last part, so
/// it goes.
fn semicolon_parts(text: &str) -> Vec<&str> {
    let parts: Vec<&str> = text
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return parts;
    }
    let n = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(k, p)| {
            if k == n - 1 {
                p.trim_end_matches('.')
            } else {
                p
            }
        })
        .collect()
}

struct Builder<'a> {
    items: &'a [Item<'a>],
    out: Outline,
    by_key: HashMap<String, usize>,
    owner_keys: std::collections::HashSet<String>,
    title_index: Option<usize>,
    /// Per registered group: whether a cue beyond position made it a group (a number, an
    /// enumerator such as "Cluster Two", or a heading level).
    group_cued: Vec<bool>,
    named_by_owner: std::collections::HashSet<usize>,
    /// What each level's local markers say after the label ("Level 1 – Frontline staff"),
    /// one entry per marker.
    local_rests: HashMap<String, Vec<String>>,
    /// Levels that items name in a prefix ("Bronze: Shares information"), in rank order.
    prefix_levels: &'a [PrefixLevel],
    /// Items tag their level at the end ("Briefs the team (2)"), often enough to be a cue.
    trailing_tags: bool,
    /// Entries open with the rating they anchor ("5 - Always anticipates …"), in a run.
    rating_anchors: bool,
    /// Lists bulleted "+" and "-" side by side: the minus marks what to avoid.
    plus_minus: bool,
    /// Most list items start in lower case ("• we listen to residents"): there a lower-case
    /// item is the document's style, not the stray tail of a split bullet.
    lower_case_lists: bool,
    /// Nameless competencies made so far.
    unnamed_count: usize,
}

pub fn build<'a>(
    items: &'a [Item<'a>],
    owners: &[bool],
    sections: &[Option<usize>],
    paragraph_mode: bool,
    title_index: Option<usize>,
    prefix_levels: &'a [PrefixLevel],
) -> Outline {
    let owner_keys = (0..items.len())
        .filter(|&i| owners[i])
        .map(|i| key_of(items[i].text()))
        .collect();
    let mut b = Builder {
        items,
        out: Outline::default(),
        by_key: HashMap::new(),
        owner_keys,
        title_index,
        group_cued: Vec::new(),
        named_by_owner: Default::default(),
        local_rests: HashMap::new(),
        prefix_levels,
        trailing_tags: trailing_tags(items),
        rating_anchors: rating_anchors(items),
        plus_minus: plus_minus(items),
        lower_case_lists: lower_case_lists(items),
        unnamed_count: 0,
    };
    for (k, l) in prefix_levels.iter().enumerate() {
        if let Some(d) = &l.description {
            let rank = Some(k as u32 + 1);
            b.out.levels.push((l.label.clone(), rank, Some(d.clone())));
        }
    }
    b.walk(owners, sections, paragraph_mode);
    b.drop_lone_uncued_group();
    b.describe_levels_from_repeats();
    let first_owner = owners.iter().position(|&o| o).unwrap_or(items.len());
    b.describe_levels_from_preamble(&items[..first_owner]);
    b.out
}

/// Blank lines that set a list apart as a unit of its own, given the widest gap inside the
/// list so far: at least two (one blank line is how many documents space their items), and
/// more than any inside the list.
fn unit_gap(widest_inside: u32) -> u32 {
    const UNIT_GAP: u32 = 2;
    UNIT_GAP.max(widest_inside + 1)
}

/// Whether at least half the document's list items start with a lower-case letter.
fn lower_case_lists(items: &[Item]) -> bool {
    let starts: Vec<bool> = items
        .iter()
        .filter(|it| it.is_list())
        .filter_map(|it| it.text().chars().find(|c| c.is_alphabetic()))
        .map(char::is_lowercase)
        .collect();
    !starts.is_empty() && starts.iter().filter(|&&l| l).count() * 2 >= starts.len()
}

#[derive(Default)]
struct TableState {
    /// The level marker heading each column.
    columns: Vec<Option<Marker>>,
    /// The last row without any marker, seen before any level columns: the header of a table
    /// that puts competencies across and levels down.
    header: Option<Vec<String>>,
    /// Competency and its indicator index per column, for rows continued after a page break.
    last_row: Option<(usize, Vec<Option<usize>>)>,
}

impl Builder<'_> {
    /// On a rating scale written as anchors ("4 - …"), a paragraph without one describes.
    fn unanchored(&self, it: &Item) -> bool {
        self.rating_anchors && it.is_paragraph() && cues::anchor_level(it.text()).is_none()
    }

    /// A competency for behaviours whose name the text does not hold ("Unnamed N"), starting
    /// at `it`.
    fn unnamed(&mut self, it: &Item) -> usize {
        self.unnamed_count += 1;
        self.out.competencies.push(RawCompetency {
            name: format!("{UNNAMED} {}", self.unnamed_count),
            nameless_at: Some(it.block.line),
            ..Default::default()
        });
        self.out.competencies.len() - 1
    }

    /// The competency a heading names, created on first mention. `owner` is true for the
    /// heading that heads its indicators: that one names it (an overview list may spell the
    /// name differently: "Resident and Outcome Focused" / "Resident & Outcome Focused").
    fn competency(&mut self, heading: usize, group: Option<String>, owner: bool) -> usize {
        let items = self.items;
        self.competency_named(items[heading].text(), group, owner)
    }

    fn competency_named(&mut self, text: &str, group: Option<String>, owner: bool) -> usize {
        let key = key_of(text);
        if let Some(&c) = self.by_key.get(&key) {
            let comp = &mut self.out.competencies[c];
            if comp.group.is_none() {
                comp.group = group;
            }
            if owner && !self.named_by_owner.contains(&c) {
                let (code, name, covers) = competency_name(text);
                (comp.code, comp.name, comp.covers) = (code, name, covers);
                self.named_by_owner.insert(c);
            }
            return c;
        }
        let (code, name, covers) = competency_name(text);
        // The sentence after "Name – " is the description the document gives inline.
        let description = cues::name_and_gloss(&cues::split_code(text).1)
            .map(|(_, d)| vec![d])
            .unwrap_or_default();
        self.out.competencies.push(RawCompetency {
            code,
            name,
            group,
            covers,
            description,
            ..Default::default()
        });
        let idx = self.out.competencies.len() - 1;
        self.by_key.insert(key, idx);
        if owner {
            self.named_by_owner.insert(idx);
        }
        idx
    }

    fn group_for(&mut self, comp_text: &str, candidates: &[usize]) -> Option<String> {
        let code = cues::split_code(comp_text).0;
        let comp_code = code.as_deref();
        // A numbered competency belongs to the heading numbered with its first component.
        if let Some(code) = comp_code.filter(|c| c.contains('.')) {
            let top = cues::top_code(code);
            let found = self.items.iter().position(|it| {
                it.class == Class::Heading
                    && cues::split_code(it.text())
                        .0
                        .is_some_and(|c| c.trim_end_matches(".0") == top)
            });
            if let Some(g) = found {
                return Some(self.register_group(g));
            }
        }
        // "1. Introduction" before "2. Communication" is its sibling, not its group, and
        // what came before the sibling belongs to it.
        let shape = cues::code_shape(comp_text);
        let sibling = |g: usize| shape.is_some() && cues::code_shape(self.items[g].text()) == shape;
        let g = candidates
            .iter()
            .rev()
            .copied()
            .take_while(|&g| !sibling(g))
            .find(|&g| {
                let t = self.items[g].text();
                // The title, and anything above it (a letterhead), heads no group.
                !t.ends_with(':') && self.title_index.is_none_or(|ti| g > ti)
            })?;
        Some(self.register_group(g))
    }

    fn register_group(&mut self, g: usize) -> String {
        let (code, name) = group_name(self.items[g].text());
        if !self.out.groups.iter().any(|x| x.name == name) {
            let heading = self.items[g].block.hints.heading_level.is_some();
            self.group_cued.push(code.is_some() || heading);
            let description = self
                .items
                .get(g + 1)
                .filter(|it| it.class == Class::Content && it.is_paragraph())
                .map(|it| it.text().to_string());
            self.out.groups.push(Group {
                name: name.clone(),
                code,
                description,
            });
        }
        name
    }

    /// A single group found only by position is usually an introduction heading ("Purpose",
    /// the council's name) rather than a theme: documents with themes have several.
    fn drop_lone_uncued_group(&mut self) {
        if self.out.groups.len() == 1 && !self.group_cued[0] {
            self.out.groups.clear();
            for c in &mut self.out.competencies {
                c.group = None;
            }
        }
    }

    /// A level marker repeated under every competency with the same words after its label
    /// ("Level 2 – Supervisors" each time) states whom the level is for; words that change
    /// from one competency to the next ("Stage 2 - Is confident") are that stage's title
    /// there, and stay notes.
    fn describe_levels_from_repeats(&mut self) {
        for (label, _, def) in &mut self.out.levels {
            let Some(rests) = self.local_rests.get(label.as_str()) else {
                continue;
            };
            let same = rests.windows(2).all(|w| w[0] == w[1]);
            if def.is_none() && rests.len() >= 2 && same && !rests[0].is_empty() {
                *def = Some(unbracket(&rests[0]));
            }
        }
    }

    /// A sentence before the first competency that lists whom every numbered level is for
    /// ([`cues::level_roles`]) describes the levels still without a description. Only one
    /// that names each level: a partial list may be about something else.
    fn describe_levels_from_preamble(&mut self, preamble: &[Item]) {
        let numbers: Vec<u32> = self.out.levels.iter().filter_map(|l| l.1).collect();
        if numbers.len() < 2 || self.out.levels.iter().all(|l| l.2.is_some()) {
            return;
        }
        let Some(roles) = preamble.iter().find_map(|it| {
            let roles = cues::level_roles(it.text());
            numbers
                .iter()
                .all(|n| roles.iter().any(|r| r.0 == *n))
                .then_some(roles)
        }) else {
            return;
        };
        for (_, number, def) in &mut self.out.levels {
            if def.is_none()
                && let Some((_, role)) = roles.iter().find(|r| Some(r.0) == *number)
            {
                *def = Some(role.clone());
            }
        }
    }

    fn note_level(&mut self, m: &Marker, definition: Option<&str>) {
        if let Some(label) = &m.label {
            let def = definition.filter(|d| !d.is_empty()).map(unbracket);
            match self.out.levels.iter_mut().find(|l| &l.0 == label) {
                Some(l) if l.2.is_none() => l.2 = def,
                Some(_) => {}
                None => self.out.levels.push((label.clone(), m.number, def)),
            }
        }
    }

    fn prefix_level(&self, text: &str) -> Option<(Marker, String)> {
        let (rank, rest) = items::prefix_level(text, self.prefix_levels)?;
        let m = Marker {
            label: Some(self.prefix_levels[rank].label.clone()),
            number: Some(rank as u32 + 1),
            polarity: Polarity::Positive,
            rest: String::new(),
        };
        Some((m, rest.to_string()))
    }

    fn push_indicator(
        &mut self,
        comp: usize,
        text: &str,
        marker: Option<&Marker>,
        it: &Item,
    ) -> usize {
        // A level tagged on the indicator itself ("(L2) Coaches …") beats none from above.
        let tagged = marker
            .is_none_or(|m| m.label.is_none())
            .then(|| {
                cues::inline_level(text)
                    .or_else(|| self.prefix_level(text))
                    .or_else(|| self.trailing_tags.then(|| cues::trailing_level(text))?)
                    .or_else(|| self.rating_anchors.then(|| cues::anchor_level(text))?)
            })
            .flatten()
            .map(|(mut m, rest)| {
                m.polarity = marker.map_or(Polarity::Positive, |x| x.polarity);
                (m, rest)
            });
        let (marker, text) = match &tagged {
            Some((m, rest)) => (Some(m), rest.as_str()),
            None => (marker, text.trim()),
        };
        // A bullet typed into a table cell stays in the cell's text when it is the only one.
        let text = text
            .strip_prefix(['•', '●', '▪', '■', '◦', '✓', '✔', '✗', '✘'])
            .map_or(text, str::trim_start);
        let ind = RawIndicator {
            text: text.to_string(),
            level: marker.and_then(|m| m.label.clone()),
            polarity: marker.map_or(Polarity::Positive, |m| m.polarity),
            source: Provenance {
                page: it.block.page,
                line: it.block.line,
            },
        };
        if let Some(m) = marker {
            self.note_level(m, None);
        }
        let mut ind = ind;
        // A cross for a bullet ("✗ Talks over others") says the behaviour is one to avoid,
        // even in a list that mixes ticks and crosses under no heading.
        let bullet = it.block.hints.marker.as_deref().filter(|_| it.is_list());
        if bullet.is_some_and(|b| cues::is_cross(b) || (self.plus_minus && is_minus(b))) {
            ind.polarity = Polarity::Negative;
        }
        let c = &mut self.out.competencies[comp];
        // Extraction can split one bullet in two; the stray tail starts in lower case.
        if it.is_list() && text.chars().next().is_some_and(|ch| ch.is_lowercase()) {
            let same = |i: &RawIndicator| i.level == ind.level && i.polarity == ind.polarity;
            let best = c
                .indicators
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, i)| same(i))
                .take_while(|(_, i)| same(i))
                .max_by_key(|(n, i)| (cues::dangling_score(&i.text), *n))
                .map(|(n, _)| n);
            // In lower-case lists only an item cut after a function word ("… with their")
            // is unfinished; elsewhere any item without a closing stop may be.
            let unfinished = if self.lower_case_lists {
                cues::DANGLING_FUNCTION_WORD
            } else {
                1
            };
            if let Some(n) =
                best.filter(|&n| cues::dangling_score(&c.indicators[n].text) >= unfinished)
            {
                c.indicators[n].text.push(' ');
                c.indicators[n].text.push_str(text);
                return n;
            }
        }
        c.indicators.push(ind);
        c.indicators.len() - 1
    }

    fn walk(&mut self, owners: &[bool], sections: &[Option<usize>], paragraph_mode: bool) {
        let items = self.items;
        let mut current: Option<usize> = None;
        let mut describing: Option<usize> = None;
        let mut local: Option<Marker> = None;
        let mut candidates: Vec<usize> = Vec::new();
        let mut last_group: Option<String> = None;
        let mut table = TableState::default();
        let mut unnamed_opened_by: Option<(Option<String>, Polarity)> = None;
        // Widest run of blank lines between the items of the list being read.
        let mut list_gap = 0u32;
        // Whether any marker is in the document: without one, every behaviour is on the scale.
        let unscaled = !items.iter().any(|x| matches!(x.class, Class::Marker(_)));
        for (i, it) in items.iter().enumerate() {
            let section = sections[i].and_then(|s| match &items[s].class {
                Class::Marker(m) => Some(m.clone()),
                _ => None,
            });
            match &it.class {
                Class::Furniture | Class::Label => {}
                Class::Heading if owners[i] => {
                    let group = self
                        .group_for(it.text(), &candidates)
                        .or_else(|| last_group.clone());
                    last_group = group.clone();
                    let c = self.competency(i, group, true);
                    current = Some(c);
                    unnamed_opened_by = None;
                    describing = None;
                    local = None;
                    candidates.clear();
                }
                Class::Heading => {
                    current = None;
                    local = None;
                    if self.owner_keys.contains(&key_of(it.text())) {
                        let c = self.competency(i, None, false);
                        describing = Some(c);
                    } else {
                        describing = None;
                        candidates.push(i);
                    }
                }
                Class::Marker(m) => match it.scope {
                    Some(Scope::Local) => {
                        // The marker that opened a nameless unit, seen again, opens the next.
                        if unnamed_opened_by.as_ref() == Some(&(m.label.clone(), m.polarity)) {
                            current = None;
                            unnamed_opened_by = None;
                        }
                        local = Some(m.clone());
                        self.note_level(m, None);
                        if let Some(label) = &m.label {
                            self.local_rests
                                .entry(label.clone())
                                .or_default()
                                .push(m.rest.clone());
                        }
                        if let (Some(c), false) = (current, m.rest.is_empty()) {
                            let label = m.label.clone().unwrap_or_else(|| {
                                if m.polarity == Polarity::Negative {
                                    "Negative".into()
                                } else {
                                    "Positive".into()
                                }
                            });
                            self.out.competencies[c]
                                .notes
                                .push(format!("{label}: {}", m.rest));
                        }
                    }
                    Some(Scope::Section) => {
                        self.note_level(m, Some(&m.rest));
                        current = None;
                        describing = None;
                        local = None;
                        candidates.clear();
                        last_group = None;
                    }
                    _ => self.note_level(m, Some(&m.rest)),
                },
                Class::Row => self.row(it, &mut table, &candidates, &mut last_group, current),
                Class::Content => {
                    // "Negative indicators" inside a level section ("Level 2 – Managers"):
                    // the section's level, the sub-heading's polarity.
                    let within = match (&local, &section) {
                        (Some(l), Some(s)) if l.label.is_none() && s.label.is_some() => {
                            Some(Marker {
                                polarity: l.polarity,
                                ..s.clone()
                            })
                        }
                        _ => None,
                    };
                    let marker = within.as_ref().or(local.as_ref()).or(section.as_ref());
                    // Behaviours under a polarity or level marker that no heading names
                    // (the name was an image, or the page starts inside the competency):
                    // still a competency, named so the user can see it was not in the text.
                    // Lists set apart by a wider gap of blank lines than any inside them,
                    // with nothing between, are separate units whose names were lost.
                    let mut gap_split = false;
                    if it.is_list() && i > 0 && items[i - 1].is_list() {
                        let gap = it.block.hints.blank_before;
                        gap_split = gap >= unit_gap(list_gap)
                            && current.is_some()
                            && unnamed_opened_by.is_none();
                        if gap_split {
                            current = None;
                        } else {
                            list_gap = list_gap.max(gap);
                        }
                    } else {
                        list_gap = 0;
                    }
                    let nameless = current.is_none()
                        && describing.is_none()
                        && (marker.is_some() || gap_split)
                        && (is_indicator_item(it, paragraph_mode) || lone_under_marker(items, i));
                    if nameless {
                        current = Some(self.unnamed(it));
                        unnamed_opened_by = marker.map(|m| (m.label.clone(), m.polarity));
                    }
                    if let Some(c) = current {
                        let has_scale = marker.is_some() || unscaled;
                        let lone = marker.is_some() && lone_under_marker(items, i);
                        if lone {
                            for part in semicolon_parts(it.text()) {
                                self.push_indicator(c, part, marker, it);
                            }
                        } else if has_scale
                            && is_indicator_item(it, paragraph_mode)
                            && !self.unanchored(it)
                        {
                            self.push_indicator(c, it.text(), marker, it);
                        } else {
                            let comp = &mut self.out.competencies[c];
                            if comp.description.is_empty()
                                && comp.indicators.is_empty()
                                && comp.notes.is_empty()
                            {
                                comp.description.push(it.text().to_string());
                            } else {
                                comp.notes.push(it.text().to_string());
                            }
                        }
                    } else if let Some(c) = describing {
                        let comp = &mut self.out.competencies[c];
                        if it.is_paragraph() {
                            comp.description.push(it.text().to_string());
                        } else {
                            comp.notes.push(it.text().to_string());
                        }
                    }
                }
            }
        }
    }

    /// The cells right of a row's level cell: each an indicator at that level, or one per
    /// entry when the cell is a list.
    fn level_row_cells(&mut self, comp: usize, it: &Item, at: usize, m: &Marker) {
        let cells = &it.block.cells;
        for (k, cell) in cells.iter().enumerate().skip(at + 1) {
            match it.block.hints.cell_items.get(k).filter(|l| !l.is_empty()) {
                Some(list) => {
                    for item in list {
                        self.push_indicator(comp, item, Some(m), it);
                    }
                }
                None if !cell.is_empty() => {
                    self.push_indicator(comp, cell, Some(m), it);
                }
                None => {}
            }
        }
    }

    /// A row under a header of plain column titles ("Behaviour | What it means | What you
    /// will see"), its first cell a name and some cell a list: the competency, its
    /// description from the plain cells and its indicators from the lists (no level).
    fn list_row(
        &mut self,
        it: &Item,
        candidates: &[usize],
        last_group: &mut Option<String>,
    ) -> bool {
        let cells = &it.block.cells;
        let lists = &it.block.hints.cell_items;
        let first = cells.first().map(String::as_str).unwrap_or("");
        let has_list = lists.iter().skip(1).any(|l| !l.is_empty());
        if !has_list || first.is_empty() || !cues::heading_like(first) {
            return false;
        }
        let group = self
            .group_for(first, candidates)
            .or_else(|| last_group.clone());
        *last_group = group.clone();
        let comp = self.competency_named(first, group, true);
        for (k, cell) in cells.iter().enumerate().skip(1) {
            match lists.get(k).filter(|l| !l.is_empty()) {
                Some(items) => {
                    for item in items {
                        self.push_indicator(comp, item, None, it);
                    }
                }
                None if !cell.is_empty() => {
                    self.out.competencies[comp].description.push(cell.clone())
                }
                None => {}
            }
        }
        true
    }

    /// Level tables: a header row of level markers names the columns; a row whose first cell
    /// names a competency gives one indicator per level cell; a row with a marker cell
    /// ("Ineffective Behaviours") lists items separated by semicolons; a row with an empty
    /// first cell continues the previous row (split across a page break).
    fn row(
        &mut self,
        it: &Item,
        t: &mut TableState,
        candidates: &[usize],
        last_group: &mut Option<String>,
        current: Option<usize>,
    ) {
        let cells = &it.block.cells;
        let markers: Vec<Option<Marker>> = cells
            .iter()
            .map(|c| if c.is_empty() { None } else { cues::marker(c) })
            .collect();
        let marker_count = markers.iter().filter(|m| m.is_some()).count();
        if marker_count >= 2 {
            t.columns = markers;
            // "Level 1: All staff" over a column says whom the level is for.
            for m in t.columns.clone().iter().flatten() {
                self.note_level(m, Some(&m.rest));
            }
            return;
        }
        if marker_count == 1 {
            let at = markers.iter().position(|m| m.is_some()).unwrap();
            let m = markers[at].clone().unwrap();
            // "Behaviour | What it means | What you will see" opening a table: column titles,
            // one of which happens to state polarity.
            let first_row = t.header.is_none() && t.last_row.is_none() && t.columns.is_empty();
            if first_row
                && current.is_none()
                && m.label.is_none()
                && at > 0
                && cells.iter().all(|c| c.is_empty() || cues::heading_like(c))
            {
                t.header = Some(cells.clone());
                return;
            }
            // Levels down, polarities across, under a competency's heading ("Level 2 |
            // Builds links | Protects own team"): each cell takes the row's level and the
            // column's polarity.
            // Under plain titles ("Level | Behaviours") every cell is positive.
            let polarity_columns = t.columns.iter().skip(1).any(|c| c.is_some());
            let plain_header =
                !polarity_columns && t.header.as_ref().is_some_and(|h| h.len() == cells.len());
            let own_table = polarity_columns || plain_header;
            if let (Some(comp), 0, true, Some(_)) = (current, at, own_table, &m.label) {
                self.note_level(&m, None);
                for (k, cell) in cells.iter().enumerate().skip(1) {
                    let mut both = m.clone();
                    match t.columns.get(k) {
                        Some(Some(col)) => both.polarity = col.polarity,
                        _ if polarity_columns => continue,
                        _ => {}
                    }
                    match it.block.hints.cell_items.get(k).filter(|i| !i.is_empty()) {
                        Some(list) => {
                            for item in list {
                                self.push_indicator(comp, item, Some(&both), it);
                            }
                        }
                        None if !cell.is_empty() => {
                            self.push_indicator(comp, cell, Some(&both), it);
                        }
                        None => {}
                    }
                }
                return;
            }
            // Levels down, competencies across: the header row named the competencies.
            let across = t
                .header
                .clone()
                .filter(|h| at == 0 && t.last_row.is_none() && h.len() == cells.len());
            // "Level | Who it applies to" over "Level 1 | Frontline staff": one column beside
            // the levels defines them; competencies across come several to a table.
            let filled = |cs: &[String]| cs.iter().filter(|c| !c.is_empty()).count();
            let bare_pair = t.header.is_none()
                && t.last_row.is_none()
                && current.is_none()
                && at == 0
                && m.label.is_some()
                && filled(cells) == 2;
            if bare_pair || (current.is_none() && across.as_ref().is_some_and(|h| filled(h) == 2)) {
                let def = cells[1..].iter().find(|c| !c.is_empty());
                self.note_level(&m, def.map(String::as_str));
                return;
            }
            if let Some(header) = across {
                self.note_level(&m, None);
                for (name, cell) in header.iter().zip(cells).skip(1) {
                    if !name.is_empty() && !cell.is_empty() {
                        let comp = self.competency_named(name, last_group.clone(), true);
                        self.push_indicator(comp, cell, Some(&m), it);
                    }
                }
                return;
            }
            // "Communication | Level 1 | Speaks clearly", then "| Level 2 | Adapts …" with the
            // name cell left empty (merged): a row per level, the name down the first column.
            if at > 0 && m.label.is_some() {
                let first = cells[0].as_str();
                let comp = if !first.is_empty() && cues::heading_like(first) {
                    let group = self
                        .group_for(first, candidates)
                        .or_else(|| last_group.clone());
                    *last_group = group.clone();
                    Some(self.competency_named(first, group, true))
                } else if first.is_empty() {
                    t.last_row.as_ref().map(|r| r.0)
                } else {
                    None
                };
                if let Some(comp) = comp {
                    self.level_row_cells(comp, it, at, &m);
                    t.last_row = Some((comp, Vec::new()));
                    return;
                }
            }
            if let Some((comp, _)) = t.last_row {
                for cell in &cells[at + 1..] {
                    for part in cell.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                        self.push_indicator(comp, part, Some(&m), it);
                    }
                }
            }
            return;
        }
        // "Competency | Foundation | Intermediate | Advanced": proficiency names over the
        // columns are levels, ranked left to right.
        let named: Vec<&String> = cells.iter().skip(1).filter(|c| !c.is_empty()).collect();
        let level_title = |c: &&String| cues::scale_name(c) || cues::role_name(c);
        if marker_count == 0 && named.len() >= 2 && named.iter().all(level_title) {
            t.columns = cells
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    (k > 0 && !c.is_empty()).then(|| Marker {
                        label: Some(c.trim().to_string()),
                        number: Some(k as u32),
                        polarity: Polarity::Positive,
                        rest: String::new(),
                    })
                })
                .collect();
            for m in t.columns.clone().iter().flatten() {
                self.note_level(m, None);
            }
            return;
        }
        if t.columns.iter().all(|c| c.is_none()) {
            if t.header.is_some() && self.list_row(it, candidates, last_group) {
                return;
            }
            t.header = Some(cells.clone());
            return;
        }
        // Every column headed by a marker ("Positive indicators | Negative indicators") under
        // a competency's heading: each cell is one of its indicators, no name column.
        if let (Some(comp), Some(Some(_))) = (current, t.columns.first()) {
            for (k, cell) in cells.iter().enumerate() {
                if let (false, Some(Some(m))) = (cell.is_empty(), t.columns.get(k).cloned()) {
                    self.push_indicator(comp, cell, Some(&m), it);
                }
            }
            return;
        }
        let first = cells.first().map(String::as_str).unwrap_or("");
        if first.is_empty() {
            if let Some((comp, slots)) = &t.last_row {
                let comp = *comp;
                for (k, cell) in cells.iter().enumerate().skip(1) {
                    if let (false, Some(Some(n))) = (cell.is_empty(), slots.get(k)) {
                        let ind = &mut self.out.competencies[comp].indicators[*n];
                        ind.text.push(' ');
                        ind.text.push_str(cell);
                    }
                }
            }
            return;
        }
        let group = self
            .group_for(first, candidates)
            .or_else(|| last_group.clone());
        *last_group = group.clone();
        let comp = self.competency_named(first, group, true);
        let mut slots = vec![None; cells.len()];
        for (k, cell) in cells.iter().enumerate().skip(1) {
            let column = t.columns.get(k).cloned().flatten();
            match column {
                // A column that states only polarity ("Ineffective behaviours") holds a list;
                // a level column holds one behaviour, whose own semicolons are punctuation.
                Some(m) if !cell.is_empty() && m.label.is_none() => {
                    for part in cell.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                        self.push_indicator(comp, part, Some(&m), it);
                    }
                }
                // A cell that is a list (bulleted paragraphs in a Word cell): one indicator
                // per item.
                Some(m)
                    if it
                        .block
                        .hints
                        .cell_items
                        .get(k)
                        .is_some_and(|i| !i.is_empty()) =>
                {
                    for item in &it.block.hints.cell_items[k] {
                        self.push_indicator(comp, item, Some(&m), it);
                    }
                }
                Some(m) if !cell.is_empty() => {
                    slots[k] = Some(self.push_indicator(comp, cell, Some(&m), it))
                }
                None if !cell.is_empty() => {
                    self.out.competencies[comp].description.push(cell.clone())
                }
                _ => {}
            }
        }
        t.last_row = Some((comp, slots));
    }
}
