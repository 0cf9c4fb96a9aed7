//! The recognizer: Document blocks → Framework. Knows nothing about file formats.

mod build;
mod classify;
pub mod council;
pub mod cues;
mod fields;
mod items;

use crate::document::{Block, BlockKind, Document};
use crate::model::{Competency, Framework, Indicator, Level, SCHEMA_VERSION, Source, slug};
use classify::Class;
use std::borrow::Cow;

/// Recognise the framework in a document. Never fails: what it cannot place it reports in
/// `warnings` (an empty framework means nothing was recognised).
pub fn recognize(doc: &Document) -> Framework {
    let stem = doc
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = slug(&stem);
    let (blocks, prefix_levels) = items::named_items(joined_markers(inline_markers(&doc.blocks)));
    let level_keys: Vec<String> = prefix_levels
        .iter()
        .map(|l| cues::name_key(&l.label))
        .collect();
    let blocks = fields::fields(blocks, &level_keys);
    let mut items = classify::classify(&blocks);
    let paragraph_mode = classify::paragraph_mode(&items);
    let sections = classify::sections(&items);
    let owners = classify::owners(&items, &sections, paragraph_mode);
    classify::mark_furniture(&mut items, &owners);
    let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
    let (council, council_from) = match council::from_text(&texts) {
        Some((c, how)) => (Some(c), Some(how.to_string())),
        None => (None, None),
    };
    let title_index = title_index(&items, council.as_deref());
    let outline = build::build(
        &items,
        &owners,
        &sections,
        paragraph_mode,
        title_index,
        &prefix_levels,
    );

    let mut warnings = doc.warnings.clone();
    let levels = levels_of(&outline);
    let mut competencies = Vec::new();
    for raw in outline.competencies {
        let cid = format!(
            "{id}/{}",
            raw.code.clone().unwrap_or_else(|| slug(&raw.name))
        );
        if let Some(line) = raw.nameless_at {
            warnings.push(format!(
                "competency {:?}: the text gives no name for the behaviours at line {line}; named by position",
                raw.name
            ));
        }
        if raw.indicators.is_empty() {
            warnings.push(format!("competency {:?} has no indicators", raw.name));
        }
        let mut counters: std::collections::HashMap<String, u32> = Default::default();
        let indicators = raw
            .indicators
            .into_iter()
            .map(|i| {
                let bucket = format!(
                    "{}{}",
                    i.level.as_deref().map(slug).unwrap_or_else(|| "all".into()),
                    if i.polarity == crate::model::Polarity::Negative {
                        "-neg"
                    } else {
                        ""
                    }
                );
                let n = counters.entry(bucket.clone()).or_default();
                *n += 1;
                Indicator {
                    id: format!("{cid}/{bucket}/{n}"),
                    text: i.text,
                    level: i.level,
                    polarity: i.polarity,
                    source: i.source,
                }
            })
            .collect();
        competencies.push(Competency {
            id: cid,
            code: raw.code,
            name: raw.name,
            group: raw.group,
            description: (!raw.description.is_empty()).then(|| raw.description.join("\n\n")),
            covers: raw.covers,
            notes: raw.notes,
            indicators,
        });
    }
    let mut seen = std::collections::HashSet::new();
    for c in &mut competencies {
        if !seen.insert(c.id.clone()) {
            c.id = format!("{}-{}", c.id, seen.len());
        }
    }
    let title = title_index.map(|i| title_without_council(items[i].text(), council.as_deref()));
    Framework {
        schema_version: SCHEMA_VERSION,
        id,
        council,
        council_from,
        title,
        source: Source {
            path: doc.path.to_string_lossy().into_owned(),
            format: doc.format.as_str().into(),
            sha256: doc.sha256.clone(),
            pages: doc.pages,
        },
        levels,
        groups: outline.groups,
        competencies,
        warnings,
    }
}

/// "Level 1 (Foundation): Helps colleagues; Shares information." and "Negative indicators:
/// Works in isolation; Blames others." carry their marker and their indicators in one
/// paragraph: split into the marker and one list item per semicolon-separated part, so they
/// take the same path as a marker over a list.
/// Most documents have none of these: then the blocks are passed on as they are, not copied.
fn inline_markers(blocks: &[Block]) -> Cow<'_, [Block]> {
    fn split(b: &Block) -> Option<(&str, &str)> {
        (b.kind == BlockKind::Paragraph)
            .then(|| b.text.split_once(':'))
            .flatten()
            .filter(|(head, rest)| {
                cues::word_count(head) <= 8
                    && cues::word_count(rest) >= 2
                    && cues::marker(head.trim()).is_some()
            })
    }
    if !blocks.iter().any(|b| split(b).is_some()) {
        return Cow::Borrowed(blocks);
    }
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        let Some((head, rest)) = split(b) else {
            out.push(b.clone());
            continue;
        };
        let mut marker = Block::new(BlockKind::Heading, head.trim(), b.page, b.line);
        marker.hints = b.hints.clone();
        out.push(marker);
        let parts: Vec<&str> = rest
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let n = parts.len();
        for (k, part) in parts.into_iter().enumerate() {
            // The sentence's full stop closes the last part only: drop it so all read alike.
            let part = if n > 1 && k == n - 1 {
                part.strip_suffix('.').unwrap_or(part)
            } else {
                part
            };
            let mut item = Block::new(BlockKind::ListItem, part, b.page, b.line);
            item.hints.marker = Some(";".into());
            out.push(item);
        }
    }
    Cow::Owned(out)
}

/// "Openness What we want to see": a heading and the marker typed on the line below it, read
/// as one paragraph. The marker is split off when the same marker recurs, joined to other
/// headings or standing alone: one coincidence could be a heading's own words.
fn joined_markers(blocks: Cow<'_, [Block]>) -> Cow<'_, [Block]> {
    fn split(b: &Block) -> Option<(String, String)> {
        let t = b.text.trim();
        if !matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading)
            || !cues::heading_like(t)
            || cues::is_label(t)
            || cues::marker(t).is_some()
        {
            return None;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        (1..words.len().min(5))
            .map(|k| (words[..k].join(" "), words[k..].join(" ")))
            .find(|(head, tail)| {
                // The line below starts afresh, with a capital.
                cues::word_count(tail) >= 2
                    && tail.starts_with(char::is_uppercase)
                    && cues::heading_like(head)
                    && cues::marker(tail).is_some_and(|m| m.rest.is_empty())
            })
    }
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for b in blocks.iter() {
        let key = match split(b) {
            Some((_, tail)) => cues::name_key(&tail),
            None if cues::marker(&b.text).is_some() => cues::name_key(&b.text),
            None => continue,
        };
        *seen.entry(key).or_default() += 1;
    }
    let recurs = |b: &Block| split(b).filter(|(_, tail)| seen[&cues::name_key(tail)] >= 2);
    if !blocks.iter().any(|b| recurs(b).is_some()) {
        return blocks;
    }
    let mut out = Vec::with_capacity(blocks.len() + 4);
    for b in blocks.iter() {
        match recurs(b) {
            Some((head, tail)) => {
                out.push(Block::new(BlockKind::Heading, head, b.page, b.line));
                out.push(Block::new(BlockKind::Heading, tail, b.page, b.line));
            }
            None => out.push(b.clone()),
        }
    }
    Cow::Owned(out)
}

/// The title as written, less a leading council name ("Northshire District Council
/// Behavioural Competency Framework" on one title line): the council is a field of its own.
fn title_without_council(title: &str, council: Option<&str>) -> String {
    let t = title.trim().trim_end_matches(':');
    if let Some(c) = council {
        if let Some(head) = t.get(..c.len()) {
            let rest = t[c.len()..].trim_start_matches(|ch: char| {
                ch.is_whitespace() || matches!(ch, '-' | '–' | '—' | ':' | '|' | ',')
            });
            if head.eq_ignore_ascii_case(c) && rest.split_whitespace().count() >= 2 {
                return rest.to_string();
            }
        }
    }
    t.to_string()
}

/// The title: a block the format marks as title or top heading near the start, else the
/// first early heading that names a framework, else the first heading.
fn title_index(items: &[classify::Item], council: Option<&str>) -> Option<usize> {
    let early = items.len().min(12);
    // A heading that only names the council is a letterhead, not the framework's title.
    let just_council =
        |i: usize| council.is_some_and(|c| cues::name_key(items[i].text()) == cues::name_key(c));
    let headings: Vec<usize> = (0..early)
        .filter(|&i| matches!(items[i].class, Class::Heading | Class::Marker(_)))
        .filter(|&i| !just_council(i))
        .collect();
    headings
        .iter()
        .copied()
        .find(|&i| items[i].block.hints.heading_level.is_some_and(|l| l <= 1))
        .or_else(|| {
            headings.iter().copied().find(|&i| {
                let t = items[i].text().to_lowercase();
                t.contains("framework") || t.contains("competenc")
            })
        })
        .or_else(|| headings.first().copied())
}

/// Levels in rank order: numbered levels by number, named ones (rating scales) in the
/// order the document first uses them.
fn levels_of(outline: &build::Outline) -> Vec<Level> {
    let used: std::collections::HashSet<&str> = outline
        .competencies
        .iter()
        .flat_map(|c| c.indicators.iter().filter_map(|i| i.level.as_deref()))
        .collect();
    let mut levels: Vec<&(String, Option<u32>, Option<String>)> = outline
        .levels
        .iter()
        .filter(|l| used.contains(l.0.as_str()))
        .collect();
    levels.sort_by_key(|l| l.1.unwrap_or(u32::MAX));
    let mut out: Vec<Level> = Vec::new();
    for (pos, (label, number, def)) in levels.into_iter().enumerate() {
        out.push(Level {
            label: label.clone(),
            rank: number.unwrap_or(pos as u32 + 1),
            description: def.clone(),
        });
    }
    out
}

/// Give a framework a new id, re-deriving every competency and indicator id from it.
pub fn rename_framework(fw: &mut Framework, new_id: &str) {
    let old = format!("{}/", fw.id);
    let new = format!("{new_id}/");
    for c in &mut fw.competencies {
        c.id = c.id.replacen(&old, &new, 1);
        for i in &mut c.indicators {
            i.id = i.id.replacen(&old, &new, 1);
        }
    }
    fw.id = new_id.to_string();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, BlockKind, Format, empty_document};

    /// Found by the property test: blocks with no letters leave nothing to classify.
    #[test]
    fn a_document_of_punctuation_recognises_nothing() {
        let mut doc = empty_document(std::path::Path::new("x.txt"), Format::Txt, b"");
        doc.blocks
            .push(Block::new(BlockKind::Paragraph, "— • —", 1, 1));
        let fw = recognize(&doc);
        assert!(fw.competencies.is_empty() && fw.title.is_none());
    }
}
