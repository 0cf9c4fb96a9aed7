//! The council and title, read from the text when no manifest says. Councils name
//! themselves "<Place> [County|District|Borough|City] Council"; failing that, the place name
//! that the text keeps repeating ("Proud to be Medway", "Medway's diversity") is a guess,
//! and said to be one.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static COUNCIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:[A-Z][a-z]+(?:[ -](?:and|upon|on|under|le)?\s?)?){1,4}?)\s?((?:Metropolitan |Royal )?(?:County|District|Borough|City|Town|Parish|Unitary)\s+)?Council\b").unwrap()
});

const NOT_PLACE: [&str; 24] = [
    "The",
    "Our",
    "This",
    "That",
    "Your",
    "Their",
    "Each",
    "Every",
    "All",
    "A",
    "An",
    "Whole",
    "Wider",
    "Local",
    "Corporate",
    "Full",
    "Senior",
    "Leadership",
    "Cabinet",
    "Members",
    "Management",
    "Team",
    "Staff",
    "Of",
];

/// A letterhead in capitals ("LAKESIDE BOROUGH COUNCIL") read as the name it spells:
/// "Lakeside Borough Council". Other text is returned as it is.
fn uncapitalised(text: &str) -> std::borrow::Cow<'_, str> {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    if !text.contains("COUNCIL") || upper * 10 < letters.count() * 9 {
        return text.into();
    }
    text.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            if matches!(lower.as_str(), "and" | "upon" | "on" | "under" | "le") {
                return lower;
            }
            super::cues::title_case(w)
        })
        .collect::<Vec<_>>()
        .join(" ")
        .into()
}

/// ("Mansfield District Council", how sure): the most frequent full council name; ties go
/// to the first seen.
pub fn from_text(blocks: &[&str]) -> Option<(String, &'static str)> {
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    let mut order = 0;
    for b in blocks {
        let b = &uncapitalised(b);
        for c in COUNCIL.captures_iter(b) {
            let place: Vec<&str> = c[1].split_whitespace().collect();
            let place: Vec<&str> = place
                .into_iter()
                .skip_while(|w| NOT_PLACE.contains(w))
                .collect();
            // "Council Vision and Council Plan" is not a council's name.
            if place.is_empty()
                || NOT_PLACE.contains(place.last().unwrap())
                || place.iter().any(|w| *w == "Council" || *w == "and")
            {
                continue;
            }
            let kind = c.get(2).map(|m| m.as_str().trim()).unwrap_or("");
            let name = [place.join(" "), kind.to_string(), "Council".into()]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" ");
            let e = counts.entry(name).or_insert((0, order));
            e.0 += 1;
            order += 1;
        }
    }
    if let Some((name, _)) = counts
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
    {
        return Some((name.clone(), "text"));
    }
    guess_place(blocks).map(|p| (p, "guess"))
}

static PLACE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:for|to be|of|in|across|One|valuing)\s+([A-Z][a-z]{3,})\b|\b([A-Z][a-z]{3,})['’]s\b",
    )
    .unwrap()
});

/// A capitalised word used mid-sentence at least three times, at least once as a place
/// ("for X", "X's"), and never in lower case.
fn guess_place(blocks: &[&str]) -> Option<String> {
    let text = blocks.join("\n");
    let lower = text.to_lowercase();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for c in PLACE_CONTEXT.captures_iter(&text) {
        let w = c.get(1).or(c.get(2)).unwrap().as_str();
        *counts.entry(w).or_default() += 1;
    }
    const VOCAB: [&str; 12] = [
        "Council",
        "Leadership",
        "Framework",
        "Competency",
        "Values",
        "Level",
        "Stage",
        "Public",
        "Life",
        "Service",
        "Services",
        "People",
    ];
    counts
        .into_iter()
        .filter(|(w, n)| *n >= 2 && !VOCAB.contains(w))
        .filter(|(w, _)| {
            let total = text.matches(w).count();
            let lower_uses = lower.matches(&w.to_lowercase()).count();
            total >= 3 && lower_uses == total
        })
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(w, _)| w.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_council_names_most_frequent_first() {
        let b = [
            "Mansfield District Council",
            "1.1 Ashfield District Council's Values",
            "1.2 Mansfield District Council's Values",
            "the Council’s values",
        ];
        assert_eq!(
            from_text(&b),
            Some(("Mansfield District Council".into(), "text"))
        );
        assert_eq!(
            from_text(&["Welcome to Derbyshire County Council."])
                .unwrap()
                .0,
            "Derbyshire County Council"
        );
        assert_eq!(
            from_text(&["Medway Council staff"]).unwrap().0,
            "Medway Council"
        );
    }

    #[test]
    fn place_guess_is_marked() {
        let b = [
            "Proud to be Medway: taking pride",
            "valuing Medway's diversity",
            "Ambitious for Medway: bold",
        ];
        assert_eq!(from_text(&b), Some(("Medway".into(), "guess")));
        assert_eq!(
            from_text(&["The Council works for the Council and its people."]),
            None
        );
    }
}
