//! Wording variation the way councils reword borrowed frameworks: synonyms, person and
//! tense, an inserted qualifying clause.

use super::Rng;

const SYNONYMS: [(&str, &str); 12] = [
    ("staff", "employees"),
    ("colleagues", "co-workers"),
    ("council", "authority"),
    ("ensures", "makes sure"),
    ("customers", "residents"),
    ("stakeholders", "partners"),
    ("effectively", "well"),
    ("develops", "builds"),
    ("seeks", "looks for"),
    ("team", "service"),
    ("organisation", "authority"),
    ("priorities", "objectives"),
];

const CLAUSES: [&str; 6] = [
    ", where appropriate,",
    ", with support from others,",
    ", in line with council policy,",
    ", consistently,",
    ", across the organisation,",
    ", at all times,",
];

/// Reword a sentence; it keeps its capital letter so it still reads as an indicator.
pub fn sentence(text: &str, rng: &mut Rng) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(String::from).collect();
    for w in words.iter_mut().skip(1) {
        if rng.chance(35) {
            let lower = w.to_lowercase();
            let bare = lower.trim_end_matches([',', '.', ';', ':']);
            if let Some((_, to)) = SYNONYMS.iter().find(|(from, _)| *from == bare) {
                let tail = &lower[bare.len()..];
                *w = format!("{to}{tail}");
            }
        }
    }
    if words.len() > 6 && rng.chance(30) {
        let last = words.last_mut().expect("more than six words");
        let stop = last.ends_with('.');
        let clause = rng.pick(&CLAUSES).trim_end_matches(',');
        *last = format!(
            "{}{clause}{}",
            last.trim_end_matches('.'),
            if stop { "." } else { "" }
        );
    }
    let mut s = words.join(" ");
    if let Some(first) = s.chars().next().filter(|c| c.is_lowercase()) {
        s = first.to_uppercase().collect::<String>() + &s[first.len_utf8()..];
    }
    s
}

/// Competency names vary less: casing and "and"/"&".
pub fn name(text: &str, rng: &mut Rng) -> String {
    let mut s = text.to_string();
    if rng.chance(20) {
        s = s.replace(" and ", " & ");
    }
    s
}

pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// "Builds strong teams" → "Build strong teams" (third person to base form).
pub fn base_form(s: &str) -> String {
    let mut words: Vec<String> = s.split_whitespace().map(String::from).collect();
    if let Some(first) = words.first_mut() {
        if let Some(stem) = first.strip_suffix("ies") {
            *first = format!("{stem}y");
        } else if first.ends_with("sses") || first.ends_with("shes") || first.ends_with("ches") {
            first.truncate(first.len() - 2);
        } else if first.ends_with('s') && !first.ends_with("ss") {
            first.pop();
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_forms() {
        assert_eq!(base_form("Builds teams"), "Build teams");
        assert_eq!(base_form("Identifies risks"), "Identify risks");
        assert_eq!(base_form("Reaches out"), "Reach out");
    }

    #[test]
    fn sentences_keep_their_capital_and_are_deterministic() {
        let a = sentence(
            "develops staff and colleagues effectively across the team",
            &mut Rng::new(7),
        );
        let b = sentence(
            "develops staff and colleagues effectively across the team",
            &mut Rng::new(7),
        );
        assert_eq!(a, b);
        assert!(a.starts_with('D'));
    }
}
