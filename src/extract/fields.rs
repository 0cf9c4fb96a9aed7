//! Records of keyed fields ("Competency: Teamwork", "Definition: Working with …"): a key that
//! recurs under every competency labels its field, so the key goes and the value stays — a
//! heading where the key names the kind of thing ("Competency", "Behaviour"), else text.

use super::cues;
use crate::document::{Block, BlockKind};
use std::borrow::Cow;
use std::collections::HashMap;

const KINDS: [&str; 7] = [
    "competency",
    "competence",
    "behaviour",
    "behavior",
    "skill",
    "capability",
    "quality",
];

fn field(b: &Block) -> Option<(String, &str)> {
    if b.kind != BlockKind::Paragraph {
        return None;
    }
    let (key, value) = b.text.split_once(':')?;
    let value = value.trim();
    (cues::word_count(key) <= 4
        && cues::heading_like(key)
        && !value.is_empty()
        && cues::marker(key.trim()).is_none()
        && cues::strip_group_kind(&b.text) == b.text.trim())
    .then(|| (cues::name_key(key), value))
}

/// Keys that name a level (`levels`, read from item prefixes) are not field labels: the
/// builder reads each item's level from them.
pub fn fields<'b>(blocks: Cow<'b, [Block]>, levels: &[String]) -> Cow<'b, [Block]> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for b in blocks.iter() {
        if let Some((key, _)) = field(b).filter(|(k, _)| !levels.contains(k)) {
            *count.entry(key).or_default() += 1;
        }
    }
    fn recurring<'b>(b: &'b Block, count: &HashMap<String, usize>) -> Option<(String, &'b str)> {
        field(b).filter(|(k, _)| count.get(k).is_some_and(|&n| n >= 2))
    }
    let recurs = |b| recurring(b, &count);
    if !blocks.iter().any(|b| recurs(b).is_some()) {
        return blocks;
    }
    let out = blocks
        .iter()
        .map(|b| match recurs(b) {
            Some((key, value)) => {
                let kind = if KINDS.contains(&key.as_str()) {
                    BlockKind::Heading
                } else {
                    BlockKind::Paragraph
                };
                let mut f = Block::new(kind, value, b.page, b.line);
                f.hints = b.hints.clone();
                f
            }
            None => b.clone(),
        })
        .collect();
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Block {
        Block::new(BlockKind::Paragraph, t, 1, 1)
    }

    #[test]
    fn recurring_keys_label_their_fields() {
        let blocks = vec![
            para("Competency: Teamwork"),
            para("Definition: Working with others."),
            para("Competency: Planning"),
            para("Definition: Planning ahead."),
            para("Note: read this first."),
        ];
        let out = fields(Cow::Borrowed(&blocks), &[]);
        let got: Vec<(BlockKind, &str)> = out.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (BlockKind::Heading, "Teamwork"),
                (BlockKind::Paragraph, "Working with others."),
                (BlockKind::Heading, "Planning"),
                (BlockKind::Paragraph, "Planning ahead."),
                (BlockKind::Paragraph, "Note: read this first."),
            ]
        );
    }

    #[test]
    fn keys_that_do_not_recur_stay() {
        let blocks = vec![para("Developing others: We help colleagues grow.")];
        assert!(matches!(
            fields(Cow::Borrowed(&blocks), &[]),
            Cow::Borrowed(_)
        ));
    }
}
