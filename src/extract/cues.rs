//! Cues the recognizer reads from a block's text: level and polarity markers, typed
//! numbering, heading shape, lead-in labels. All general: rating-scale vocabulary and
//! typography, never one council's wording.

pub use crate::document::is_capitals;
use crate::model::Polarity;
use regex::Regex;
use std::sync::LazyLock;

/// A level / stage / rating / polarity marker ("Stage 2 - Is confident", "Below
/// Expectations", "Negative Indicators", "5.0 LEVEL 1 COMPETENCY INDICATORS").
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Normalised level label ("Level 1", "Stage 3", "Below Expectations"); None when the
    /// marker only states polarity ("Ineffective Behaviours").
    pub label: Option<String>,
    /// Numeric rank for numbered levels.
    pub number: Option<u32>,
    pub polarity: Polarity,
    /// Text after the label ("Is confident in own ability", "Professional/Technical Officers").
    pub rest: String,
}

static SECTION_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+").unwrap());
static NUMBERED_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    // One qualifier may come first ("Proficiency Level 2", "Leadership Stage 1").
    Regex::new(r"(?i)^(?:[a-z]+\s+)?(level|stage|tier|phase|step|band)s?\s*[-–:.]?\s*(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|i{1,3}|iv|v|vi{1,3}|[a-f])\b[\s\-–—:.)]*(.*)$").unwrap()
});
static RATING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^((?:below|not meeting|does not meet|partially meets|meets|meeting|fully meets|exceeds|exceeding|exceed|above|achieving)\s+(?:the\s+)?(?:expectations?|standards?|requirements?))\b[\s\-–—:.]*(.*)$").unwrap()
});
/// A rating qualified by degree ("Highly effective", "Less effective", "Not demonstrated").
static DEGREE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^((?:highly|very|most|more|less|least|not|partially|fully|mostly|consistently|sometimes|rarely)\s+(?:effective|competent|proficient|skilled|demonstrated|evident|developed))\b[\s\-–—:.]*(.*)$").unwrap()
});
/// Whether a marker's text is a rating by degree ("Less effective", "Not demonstrated").
pub fn is_degree(text: &str) -> bool {
    DEGREE.is_match(SECTION_NUMBER.replace(text.trim(), "").trim())
}

static WE_DO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:we|you|i)\s+(?:do|will|are|should)(?:\s*(not|n['’]t))?$|^(?:we|you|i)\s+(?:(don['’]t|won['’]t|aren['’]t|shouldn['’]t))$").unwrap()
});
static POLARITY_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^((negative|ineffective|undesirable|undesired|unwanted|inappropriate|unacceptable|unhelpful|poor|counter[- ]?productive|contra|positive|effective|desirable|desired|expected|good)\s+(?:indicators?|behaviou?rs?|examples?|descriptors?|signs?))\b[\s\-–—:.]*(.*)$").unwrap()
});

/// Headings that introduce examples by what they look like or what to avoid ("What good
/// looks like", "What this competency does not look like", "Examples of ineffective
/// behaviour", "Behaviours to avoid", "Warning signs").
static LOOKS_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:what|how)\s+(?:(?:does|do|would|should|will|might)\s+)?(?:(good|great|effective|positive|strong|poor|bad|weak|ineffective|negative|unacceptable)\s+)?(?:(?:performance|practice|behaviou?rs?)\s+)?(?:(?:this|it|the|that|they|you|we)\s+(?:competency\s+|behaviou?r\s+|area\s+)?)?(does\s+not|doesn['’]t|do\s+not|don['’]t|should\s+not|shouldn['’]t|is\s+not|isn['’]t|not)?\s*(?:looks?|sounds?)\s+like\b[\s\-–—:.?]*(.*)$").unwrap()
});
/// A bare "Looks like" / "Doesn't look like" over its list (often two columns of a table).
static BARE_LOOKS_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:it|this|that)\s+)?(does\s+not|doesn['’]t|do\s+not|don['’]t|is\s+not|isn['’]t|not)?\s*(?:looks?|sounds?)\s+like\s*[:.]?$").unwrap()
});
/// "What we want to see" / "What we don't want to see", "What you will (not) see": examples
/// introduced by whether one hopes to see them.
static WANT_TO_SEE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:what|things|behaviou?rs?)\s+(?:we|you|i|they|others|people|colleagues|residents|customers)\s+(?:(do\s+not|don['’]t|would\s+not|wouldn['’]t|should\s+not|shouldn['’]t|will\s+not|won['’]t|not)\s+)?((?:want|expect|like|hope|need|would\s+like)\s+to\s+|will\s+|would\s+|should\s+)?(?:see|hear)\b[\s\-–—:.?]*(.*)$").unwrap()
});
static EXAMPLES_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:examples?|indicators?|signs?|evidence)\s+of\s+(?:an?\s+)?(negative|ineffective|undesirable|unacceptable|poor|weak|positive|effective|desirable|good|strong)\s+(?:\w+\s+)?(?:behaviou?rs?|performance|practice|indicators?)\b[\s\-–—:.]*(.*)$").unwrap()
});
static TO_AVOID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:behaviou?rs?|things|actions|pitfalls)\s+(?:we\s+)?(?:to\s+avoid|(?:do\s+not|don['’]t)\s+(?:want|expect)(?:\s+to\s+see)?|that\s+(?:(?:are\s+)?(?:not\s+acceptable|unacceptable|unhelpful)|falls?\s+short|lets?\s+(?:us|others|people|the\s+team)\s+down))|warning\s+signs?|red\s+flags?|derailers?|contra[- ]?indicators?|pitfalls)\b[\s\-–—:.]*(.*)$").unwrap()
});

const NUMBER_WORDS: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];
const ROMAN: [&str; 10] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];

fn parse_number(s: &str) -> Option<u32> {
    let l = s.to_ascii_lowercase();
    l.parse()
        .ok()
        .or_else(|| {
            NUMBER_WORDS
                .iter()
                .position(|w| *w == l)
                .map(|p| p as u32 + 1)
        })
        .or_else(|| ROMAN.iter().position(|w| *w == l).map(|p| p as u32 + 1))
        .or_else(|| match l.as_bytes() {
            [c @ b'a'..=b'h'] => Some((c - b'a') as u32 + 1),
            _ => None,
        })
}

pub fn title_case(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut c = lower.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn is_negative_word(s: &str) -> bool {
    let l = s.to_lowercase();
    [
        "below",
        "not ",
        "negative",
        "ineffective",
        "undesirable",
        "unacceptable",
        "unhelpful",
        "poor",
        "counter",
        "contra",
        "partially",
        "bad",
        "weak",
        "undesired",
        "unwanted",
        "inappropriate",
        "less",
        "least",
        "rarely",
    ]
    .iter()
    .any(|w| l.starts_with(w) || l.contains("does not"))
}

/// Read a marker from a heading-sized block. Sentences ("Level 1 leaders should …") are not
/// markers: the block must be short and not end like a sentence.
pub fn marker(text: &str) -> Option<Marker> {
    let t = SECTION_NUMBER.replace(text.trim(), "");
    // A trailing ellipsis leads into the list ("… at our worst..."); it ends no sentence.
    let t = t
        .trim()
        .trim_end_matches("...")
        .trim_end_matches('…')
        .trim();
    if t.split_whitespace().count() > 16
        || t.ends_with(['.', ';', ',']) && t.split_whitespace().count() > 6
    {
        return None;
    }
    if let Some(c) = NUMBERED_LEVEL.captures(t) {
        let n = parse_number(&c[2])?;
        // "Band A" stays lettered and "Level II" Roman, as the document labels them; only
        // number words ("Level two") read as digits.
        let lettered = c[2].chars().all(|ch| ch.is_ascii_alphabetic())
            && !NUMBER_WORDS.contains(&c[2].to_ascii_lowercase().as_str());
        let shown = if lettered {
            c[2].to_uppercase()
        } else {
            n.to_string()
        };
        return Some(Marker {
            label: Some(format!("{} {shown}", title_case(&c[1]))),
            number: Some(n),
            polarity: Polarity::Positive,
            rest: c[3].trim().to_string(),
        });
    }
    if let Some(c) = RATING.captures(t) {
        let label: Vec<String> = c[1].split_whitespace().map(title_case).collect();
        let label = label.join(" ");
        let polarity = if is_negative_word(&label) {
            Polarity::Negative
        } else {
            Polarity::Positive
        };
        return Some(Marker {
            label: Some(label),
            number: None,
            polarity,
            rest: c[2].trim().to_string(),
        });
    }
    // "Highly effective teams share …" is a sentence: the rating stands alone or before a
    // dash or colon.
    let degree = DEGREE.captures(t).filter(|c| {
        let after = t[c.get(1).map_or(0, |m| m.end())..].trim_start();
        after.is_empty() || after.starts_with(['-', '–', '—', ':', '('])
    });
    if let Some(c) = degree {
        let label = c[1].split_whitespace().collect::<Vec<_>>().join(" ");
        let label = title_case(&label[..1]) + &label[1..].to_lowercase();
        return Some(Marker {
            polarity: if is_negative_word(&label) {
                Polarity::Negative
            } else {
                Polarity::Positive
            },
            label: Some(label),
            number: None,
            rest: c[2].trim().to_string(),
        });
    }
    let bare = t.trim_end_matches([':', '.']).trim().to_lowercase();
    if matches!(
        bare.as_str(),
        "effective"
            | "ineffective"
            | "positive"
            | "negative"
            | "do"
            | "don't"
            | "don’t"
            | "dos"
            | "don'ts"
            | "don’ts"
    ) {
        return Some(polarity_marker(
            bare.starts_with("in") || bare.starts_with("neg") || bare.starts_with("don"),
            "",
        ));
    }
    // "We do:" / "We don't:", "You will" / "You won't": what is and is not done.
    if let Some(c) = WE_DO.captures(&bare) {
        return Some(polarity_marker(
            c.get(1).is_some() || c.get(2).is_some(),
            "",
        ));
    }
    if let Some(c) = BARE_LOOKS_LIKE.captures(t) {
        return Some(polarity_marker(c.get(1).is_some(), ""));
    }
    if let Some(c) = LOOKS_LIKE.captures(t) {
        // "What this looks like when we're at our worst": the words after can turn it too.
        let negative = c.get(2).is_some()
            || c.get(1).is_some_and(|m| is_negative_word(m.as_str()))
            || label_words(&c[3])
                .iter()
                .any(|w| AGAINST_WORDS.contains(&w.as_str()));
        return Some(polarity_marker(negative, &c[3]));
    }
    // "What we see in our communities" states no hope or its absence: no marker.
    if let Some(c) = WANT_TO_SEE
        .captures(t)
        .filter(|c| c.get(1).is_some() || c.get(2).is_some())
    {
        return Some(polarity_marker(c.get(1).is_some(), &c[3]));
    }
    if let Some(c) = EXAMPLES_OF.captures(t) {
        return Some(polarity_marker(is_negative_word(&c[1]), &c[2]));
    }
    if let Some(c) = TO_AVOID.captures(t) {
        return Some(polarity_marker(true, &c[1]));
    }
    if let Some(c) = POLARITY_ONLY.captures(t) {
        let polarity = if is_negative_word(&c[2]) {
            Polarity::Negative
        } else {
            Polarity::Positive
        };
        return Some(Marker {
            label: None,
            number: None,
            polarity,
            rest: c[3].trim().to_string(),
        });
    }
    polarity_label(t)
}

/// Most words a label naming a list of behaviours by its polarity has ("Behaviours we
/// avoid", "BEHAVIOURS (DON'TS)", "What this looks like when we're at our worst"); longer
/// lines are sentences about behaviours.
const POLARITY_LABEL_WORDS: usize = 12;
/// Words that say the line names a list of behaviours or examples.
const LIST_WORDS: [&str; 15] = [
    "behaviour",
    "behaviours",
    "behavior",
    "behaviors",
    "indicators",
    "examples",
    "dos",
    "do's",
    "don'ts",
    "donts",
    "like",
    "looks",
    "look",
    "actions",
    "conduct",
];
/// Words a polarity label may open with before it says what it is about ("What this …").
const LABEL_OPENERS: [&str; 12] = [
    "what", "this", "that", "it", "we", "our", "the", "when", "how", "these", "things", "you",
];
/// Words that turn such a label against what it lists.
const AGAINST_WORDS: [&str; 20] = [
    "not",
    "don't",
    "dont",
    "don'ts",
    "donts",
    "won't",
    "avoid",
    "less",
    "ineffective",
    "negative",
    "poor",
    "worst",
    "unacceptable",
    "undesirable",
    "unhelpful",
    "taboo",
    "never",
    "isn't",
    "doesn't",
    "shouldn't",
];
/// Words that say such a label holds what is wanted.
const FOR_WORDS: [&str; 13] = [
    "effective",
    "positive",
    "good",
    "best",
    "dos",
    "do's",
    "expected",
    "desirable",
    "desired",
    "show",
    "want",
    "great",
    "strong",
];

/// A label's words as `plain_words` gives them, apostrophes made straight ("don’ts").
fn label_words(t: &str) -> Vec<String> {
    plain_words(t)
        .into_iter()
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('’', "'"))
        .collect()
}

/// A short label that names a list of behaviours and says, in any wording, whether they are
/// wanted: the general form of the fixed phrases above, read from its words.
fn polarity_label(t: &str) -> Option<Marker> {
    let words = label_words(t);
    // A question asks about behaviours ("What do we mean by positive behaviours?"); the
    // phrases above read the questions that do head lists ("What does good look like?").
    if words.is_empty() || words.len() > POLARITY_LABEL_WORDS || t.ends_with(['.', ';', ',', '?']) {
        return None;
    }
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    // The label opens on what it is about; "Listening and responding: expected behaviours"
    // is a name with a marker joined on, which `joined_markers` splits.
    let opening = words.iter().find(|w| !LABEL_OPENERS.contains(&w.as_str()));
    let about = |w: &String| {
        [&LIST_WORDS[..], &AGAINST_WORDS, &FOR_WORDS]
            .iter()
            .any(|l| l.contains(&w.as_str()))
    };
    if !has(&LIST_WORDS) || !opening.is_some_and(about) {
        return None;
    }
    if has(&AGAINST_WORDS) {
        Some(polarity_marker(true, ""))
    } else if has(&FOR_WORDS) {
        Some(polarity_marker(false, ""))
    } else {
        None
    }
}

fn polarity_marker(negative: bool, rest: &str) -> Marker {
    Marker {
        label: None,
        number: None,
        polarity: if negative {
            Polarity::Negative
        } else {
            Polarity::Positive
        },
        rest: rest.trim().to_string(),
    }
}

/// The marker block reads as a document section title ("8.0 INEFFECTIVE BEHAVIOURS",
/// "LEVEL 1 COMPETENCY INDICATORS") rather than a sub-heading inside one competency.
pub fn looks_sectional(text: &str, heading_level: Option<u8>) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.len() > 3 && letters.iter().all(|c| c.is_uppercase());
    all_caps || SECTION_NUMBER.is_match(text.trim()) || heading_level.is_some_and(|l| l <= 2)
}

static CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$").unwrap());

/// Split a typed number from a heading: "1.1.1 Being a leader" → ("1.1.1", "Being a leader").
/// The code keeps its typography ("5.0" stays "5.0": it is not competency "5").
pub fn split_code(text: &str) -> (Option<String>, String) {
    if let Some(c) = CODE.captures(text.trim()) {
        return (Some(c[1].to_string()), c[2].trim().to_string());
    }
    // "Behaviour 1: Open and honest", "Competency C – Teamwork".
    if let Some(c) = TYPED_CODE.captures(text.trim()) {
        return (Some(c[1].to_uppercase()), c[2].trim().to_string());
    }
    (None, text.trim().to_string())
}

static TYPED_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:competency|competence|behaviou?r|value|skill|quality|capability)\s+(\d{1,2}|[a-h])\s*[-–—:.]\s*(\S.*)$").unwrap()
});

/// The top-level number of a code: "1.2.1" → "1", "5.0" → "5".
pub fn top_code(code: &str) -> &str {
    code.split('.').next().unwrap_or(code)
}

/// The typography of a heading's number: "5.0 X" → "9.9", "1. X" → "9.", "1.2 X" → "9.9".
pub fn code_shape(text: &str) -> Option<String> {
    let m = SECTION_NUMBER.find(text.trim())?;
    Some(
        m.as_str()
            .trim()
            .chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect::<String>()
            .replace("99", "9"),
    )
}

static ENUMERATED_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:cluster|theme|group|section|area|domain|pillar|category|strand|behaviour|value)\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|[a-h])\s*[-–—:.]\s*(\S.*)$").unwrap()
});

/// "Cluster Two - Setting Direction" → ("2", "Setting Direction").
pub fn split_enumerated_group(text: &str) -> Option<(String, String)> {
    let c = ENUMERATED_GROUP.captures(text.trim())?;
    let code = parse_number(&c[1])
        .map(|n| n.to_string())
        .unwrap_or_else(|| c[1].to_uppercase());
    Some((code, c[2].trim().to_string()))
}

/// Proficiency-scale names that head level columns without a number ("Foundation |
/// Intermediate | Advanced", "Developing | Proficient | Expert").
const SCALE_WORDS: [&str; 18] = [
    "foundation",
    "basic",
    "entry",
    "emerging",
    "developing",
    "intermediate",
    "working",
    "proficient",
    "competent",
    "skilled",
    "established",
    "practitioner",
    "accomplished",
    "advanced",
    "expert",
    "leading",
    "mastery",
    "strategic",
];

/// A table column title that names a proficiency level ("Advanced", "Expert level").
pub fn scale_name(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty() && w != "level")
        .collect();
    words.len() == 1 && SCALE_WORDS.contains(&words[0].as_str())
}

/// A list marker that crosses out ("✗", "✘", "❌", "×").
pub fn is_cross(marker: &str) -> bool {
    matches!(marker.trim(), "✗" | "✘" | "❌" | "×" | "✕" | "✖")
}

/// Whom a level is for, named by role ("All staff", "Team leaders", "Heads of service"): a
/// column title that says so heads a level, ranked left to right as the staff grow senior.
pub fn role_name(text: &str) -> bool {
    const ROLES: [&str; 16] = [
        "staff",
        "employee",
        "employees",
        "colleagues",
        "officer",
        "officers",
        "leader",
        "leaders",
        "manager",
        "managers",
        "supervisor",
        "supervisors",
        "director",
        "directors",
        "heads",
        "executives",
    ];
    let words = plain_words(text);
    (1..=4).contains(&words.len())
        && heading_like(text)
        && words.iter().any(|w| ROLES.contains(&w.as_str()))
}

static GROUP_KIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:cluster|theme|group|domain|pillar|category|strand|value|principle)\s*:\s*(\S.*)$",
    )
    .unwrap()
});

/// "Value: Respect", "DOMAIN: PEOPLE": the kind of grouping typed before its name.
pub fn strip_group_kind(text: &str) -> &str {
    GROUP_KIND
        .captures(text.trim())
        .and_then(|c| c.get(1))
        .map_or(text.trim(), |m| m.as_str().trim())
}

static INLINE_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(\[]?(?:L|(?i:level|lvl)\s*)(\d{1,2})[)\]]?\s*[-–—:.]?\s+(\S.*)$").unwrap()
});

/// A level tagged at the start of an indicator: "(L2) Coaches team members", "Level 3: …",
/// "[L1] …" → (Level marker, the indicator's text).
pub fn inline_level(text: &str) -> Option<(Marker, String)> {
    let c = INLINE_LEVEL.captures(text.trim())?;
    Some((numbered_level(c[1].parse().ok()?), c[2].trim().to_string()))
}

static ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\s*[-–—]\s+(\S.*)$").unwrap());

/// A rating anchor: "4 - Frequently anticipates …" → (Level 4, the text). Only read where a
/// run of them shows the document is a rating scale.
pub fn anchor_level(text: &str) -> Option<(Marker, String)> {
    let c = ANCHOR.captures(text.trim())?;
    Some((numbered_level(c[1].parse().ok()?), c[2].trim().to_string()))
}

/// The marker of "Level `n`" tagged on an indicator.
fn numbered_level(n: u32) -> Marker {
    Marker {
        label: Some(format!("Level {n}")),
        number: Some(n),
        polarity: Polarity::Positive,
        rest: String::new(),
    }
}

static NUMBER_IN_BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((\d{1,2})\)").unwrap());
static LEVEL_WITH_ROLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\blevel\s+(\d{1,2})\s*\(([^()]{1,80})\)").unwrap());

/// Whom each numbered level is for, as a sentence listing them says: "three levels: (1) all
/// employees, (2) team leaders and (3) senior managers" or "Level 1 (all employees), Level 2
/// (team leaders) …" → [(1, "all employees"), …]. Short phrases only: a bracketed number
/// before a sentence is a footnote or a numbered point, not a level's audience.
pub fn level_roles(text: &str) -> Vec<(u32, String)> {
    let short = |p: &str| (1..=8).contains(&word_count(p));
    let tagged: Vec<(u32, String)> = LEVEL_WITH_ROLE
        .captures_iter(text)
        .filter_map(|c| Some((c[1].parse().ok()?, c[2].trim().to_string())))
        .filter(|(_, p)| short(p))
        .collect();
    if tagged.len() >= 2 {
        return tagged;
    }
    let marks: Vec<(usize, usize, u32)> = NUMBER_IN_BRACKETS
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            Some((m.start(), m.end(), c[1].parse().ok()?))
        })
        .collect();
    let mut out = Vec::new();
    for (k, &(_, end, n)) in marks.iter().enumerate() {
        let stop = marks.get(k + 1).map_or(text.len(), |m| m.0);
        let phrase = text[end..stop]
            .split(['.', ';', ':'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_end_matches(',')
            .trim_end();
        let phrase = ["and", "or"]
            .iter()
            .find_map(|w| phrase.strip_suffix(w).filter(|p| p.ends_with(' ')))
            .unwrap_or(phrase)
            .trim()
            .trim_end_matches(',')
            .trim();
        if !short(phrase) {
            return Vec::new();
        }
        out.push((n, phrase.to_string()));
    }
    if out.len() >= 2 { out } else { Vec::new() }
}

static TRAILING_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\S.*?)\s*[(\[](?:(?i:level|lvl)\s*|L)?(\d{1,2})[)\]]\.?$").unwrap()
});

/// A level tagged at the end of an indicator: "Briefs the team on changes (2)", "… [L3]".
/// Only a cue where such tags recur: one bracketed number may be a footnote.
pub fn trailing_level(text: &str) -> Option<(Marker, String)> {
    let c = TRAILING_LEVEL.captures(text.trim())?;
    Some((numbered_level(c[2].parse().ok()?), c[1].trim().to_string()))
}

/// "Developing others – We help colleagues grow and learn.": a short name, a dash or colon,
/// then one short sentence describing it. Returns (name, description). A name followed by a
/// paragraph of several sentences is an introduction, not a heading.
pub fn name_and_sentence(text: &str) -> Option<(String, String)> {
    for sep in [" – ", " — ", " - ", ": "] {
        if let Some((head, tail)) = text.trim().split_once(sep) {
            let (head, tail) = (head.trim(), tail.trim());
            if word_count(head) <= 6
                && heading_like(head)
                && (3..=25).contains(&word_count(tail))
                && tail.ends_with(['.', '!', '?'])
                && !tail[..tail.len() - 1].contains(['.', '!', '?'])
                && tail.chars().next().is_some_and(|c| c.is_uppercase())
            {
                return Some((head.to_string(), tail.to_string()));
            }
        }
    }
    None
}

/// A heading's name and what glosses it, either a sentence ("Developing others – We help
/// colleagues grow.") or a phrase that carries on in lower case after a dash ("Teamwork –
/// working with others to deliver shared goals"). A comma list after the dash names what a
/// cluster covers instead, so it is no gloss.
pub fn name_and_gloss(text: &str) -> Option<(String, String)> {
    if let Some(found) = name_and_sentence(text) {
        return Some(found);
    }
    for sep in [" – ", " — ", " - "] {
        if let Some((head, tail)) = text.trim().split_once(sep) {
            let (head, tail) = (head.trim(), tail.trim());
            if word_count(head) <= 6
                && heading_like(head)
                && (3..=25).contains(&word_count(tail))
                && tail.chars().next().is_some_and(|c| c.is_lowercase())
                && !tail.contains([',', ';'])
            {
                return Some((head.to_string(), tail.to_string()));
            }
        }
    }
    None
}

pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Short, title-like text: what a heading looks like when the format does not say.
pub fn heading_like(text: &str) -> bool {
    let t = text.trim();
    let words = word_count(t);
    if words == 0 || words > 16 || t.chars().count() > 140 {
        return false;
    }
    if t.ends_with(['.', ',', ';']) && !t.ends_with("etc.") {
        return false;
    }
    let first = t.chars().find(|c| c.is_alphanumeric());
    first.is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Title Case: at least half the words of four letters or more start with a capital
/// ("Striving for Continuous Improvement"), as names are typed and sentences are not.
pub fn is_title_case(text: &str) -> bool {
    let long: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let capitalised = long
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    !long.is_empty() && capitalised * 2 >= long.len()
}

/// Question words a heading that asks rather than names opens with, question mark or not
/// ("Why is it important").
const QUESTION_WORDS: [&str; 5] = ["why", "what", "how", "when", "who"];

/// A heading that asks something: it ends with a question mark, or opens with a question word
/// and then an auxiliary ("Why is it important", "What does this mean").
pub fn is_question(text: &str) -> bool {
    const AUXILIARIES: [&str; 12] = [
        "is", "are", "does", "do", "should", "will", "would", "can", "could", "might", "must",
        "did",
    ];
    let t = text.trim();
    let words: Vec<String> = t
        .split_whitespace()
        .take(2)
        .map(str::to_lowercase)
        .collect();
    t.ends_with('?')
        || (words.len() == 2
            && QUESTION_WORDS.contains(&words[0].as_str())
            && AUXILIARIES.contains(&words[1].as_str()))
}

/// A lead-in that introduces a list ("Leaders who are effective demonstrate the following
/// behaviours:", "Features of this quality include:").
pub fn is_label(text: &str) -> bool {
    let t = text.trim();
    // A short lead-in ends mid-clause ("Behaviours include:", "You will:"); a heading with
    // a colon ends on its noun ("Contextual Astuteness:").
    const CLAUSE_END: [&str; 14] = [
        "include",
        "includes",
        "including",
        "will",
        "are",
        "is",
        "to",
        "can",
        "should",
        "must",
        "following",
        "like",
        "as",
        "by",
    ];
    let last = t
        .trim_end_matches(':')
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_lowercase();
    t.ends_with(':')
        && (word_count(t) > 4 || (word_count(t) >= 2 && CLAUSE_END.contains(&last.as_str())))
        && t.chars().count() <= 160
}

/// Text that reads as a behaviour (an indicator sentence) rather than commentary: it does
/// not open with a determiner, pronoun or connective.
pub fn looks_behavioural(text: &str) -> bool {
    // A rating anchor's number is not part of the behaviour ("4 - Frequently …").
    let anchored = anchor_level(text);
    let text = anchored.as_ref().map_or(text, |(_, rest)| rest.as_str());
    let first = text.split_whitespace().next().unwrap_or("").to_lowercase();
    const NOT: [&str; 22] = [
        "the", "this", "these", "those", "it", "its", "we", "our", "they", "their", "a", "an",
        "in", "for", "if", "as", "please", "note", "there", "all", "each", "when",
    ];
    !NOT.contains(&first.trim_matches(|c: char| !c.is_alphanumeric()))
        && text.chars().next().is_some_and(|c| c.is_uppercase())
}

/// The words of `text`, lower-cased, punctuation trimmed off their ends.
fn plain_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect()
}

/// The `dangling_score` of a text that ends on a function word ("… and", "… with the").
pub const DANGLING_FUNCTION_WORD: u8 = 3;

/// Words left hanging at the end of a broken line ("share it to build"), used to rejoin
/// list items that extraction split.
pub fn dangling_score(text: &str) -> u8 {
    let words = plain_words(text);
    let Some(last) = words.last() else { return 0 };
    if text.trim_end().ends_with(['.', '!', '?', ';']) {
        return 0;
    }
    const FUNCTION: [&str; 22] = [
        "to", "and", "or", "of", "the", "a", "an", "for", "with", "in", "on", "by", "as", "their",
        "our", "its", "your", "that", "which", "from", "into", "at",
    ];
    if FUNCTION.contains(&last.as_str()) {
        DANGLING_FUNCTION_WORD
    } else if words.len() >= 2 && words[words.len() - 2] == "to" {
        2
    } else {
        1
    }
}

/// Normalised key for comparing names: lower-case words, no punctuation.
pub fn name_key(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "and" && *w != "the")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Bag-of-words key, so "Lead and Manage the Organisation" and "Manage and Lead the
/// Organisation" count as the same repeated furniture.
pub fn bag_key(s: &str) -> String {
    let mut w: Vec<String> = name_key(s).split(' ').map(String::from).collect();
    w.sort();
    w.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polarity_labels_read_from_their_words() {
        let neg = |t: &str| marker(t).map(|m| m.polarity);
        assert_eq!(neg("Behaviours we avoid"), Some(Polarity::Negative));
        assert_eq!(neg("BEHAVIOURS (DON’TS)"), Some(Polarity::Negative));
        assert_eq!(neg("BEHAVIOURS (DO’S)"), Some(Polarity::Positive));
        assert_eq!(
            neg("What this looks like when we're at our worst..."),
            Some(Polarity::Negative)
        );
        // A name with a marker joined on, a question about behaviours, a plain title: none.
        assert!(marker("Listening and Responding Expected behaviours").is_none());
        assert!(marker("What do we mean by positive behaviours?").is_none());
        assert!(marker("Our behaviours").is_none());
    }

    #[test]
    fn questions_title_case_capitals_and_rating_anchors() {
        assert!(is_question("Why is it important "));
        assert!(is_question("Who are we?"));
        assert!(!is_question("Why we value honesty"));
        assert!(is_title_case("Striving for Continuous Improvement"));
        assert!(!is_title_case(
            "Seeking and acting upon opportunities to do things better"
        ));
        assert!(is_capitals("PEOPLE") && !is_capitals("People"));
        let (m, rest) = anchor_level("4 - Frequently plans ahead").unwrap();
        assert_eq!(
            (m.number, rest.as_str()),
            (Some(4), "Frequently plans ahead")
        );
        assert!(anchor_level("4. Plans ahead").is_none());
        assert!(looks_behavioural("3 - Meets most deadlines."));
    }

    #[test]
    fn numbered_levels_in_any_spelling() {
        let m = marker("Stage 2 - Is confident in own ability").unwrap();
        assert_eq!(
            (m.label.as_deref(), m.number, m.rest.as_str()),
            (Some("Stage 2"), Some(2), "Is confident in own ability")
        );
        assert_eq!(
            marker("Stages 1 - Uses informal networks")
                .unwrap()
                .label
                .as_deref(),
            Some("Stage 1")
        );
        assert_eq!(
            marker("5.0 LEVEL 1 COMPETENCY INDICATORS")
                .unwrap()
                .label
                .as_deref(),
            Some("Level 1")
        );
        assert_eq!(
            marker("Level two").unwrap().label.as_deref(),
            Some("Level 2")
        );
        assert_eq!(
            marker("Level 2 – Professional/Technical Officers")
                .unwrap()
                .rest,
            "Professional/Technical Officers"
        );
        assert_eq!(marker("Tier III").unwrap().number, Some(3));
        assert!(marker("Levelling up communities").is_none());
        assert!(marker("Grades 9 and above").is_none());
        assert_eq!(
            marker("Proficiency Level 2 - Working experience")
                .unwrap()
                .label
                .as_deref(),
            Some("Level 2")
        );
        assert!(marker("Entry into the level of detail").is_none());
    }

    #[test]
    fn rating_scales_carry_polarity() {
        let b = marker("Below Expectations").unwrap();
        assert_eq!(
            (b.label.as_deref(), b.polarity),
            (Some("Below Expectations"), Polarity::Negative)
        );
        assert_eq!(
            marker("Meets Expectations").unwrap().polarity,
            Polarity::Positive
        );
        assert_eq!(
            marker("exceeds expectations").unwrap().label.as_deref(),
            Some("Exceeds Expectations")
        );
    }

    #[test]
    fn ratings_by_degree_are_labels_with_polarity() {
        let m = marker("HIGHLY EFFECTIVE").unwrap();
        assert_eq!(
            (m.label.as_deref(), m.polarity),
            (Some("Highly effective"), Polarity::Positive)
        );
        for t in ["Less effective", "Not demonstrated:", "Rarely evident"] {
            assert_eq!(marker(t).unwrap().polarity, Polarity::Negative, "{t}");
        }
        assert!(marker("Highly effective teams share information freely.").is_none());
    }

    #[test]
    fn polarity_only_markers() {
        for t in [
            "Negative Indicators - Doubts own capability",
            "Negative Indicator - Dominates",
            "8.0 INEFFECTIVE BEHAVIOURS",
            "Ineffective Behaviours",
            "Negative Indicators Fails to integrate information",
            "Undesirable behaviours",
        ] {
            let m = marker(t).unwrap_or_else(|| panic!("{t}"));
            assert_eq!((m.label, m.polarity), (None, Polarity::Negative), "{t}");
        }
        assert_eq!(
            marker("Positive indicators").unwrap().polarity,
            Polarity::Positive
        );
        assert!(marker("Negative feedback is handled well by the team and its leaders.").is_none());
    }

    #[test]
    fn looks_like_and_avoid_headings_state_polarity() {
        for (t, p) in [
            ("What good looks like", Polarity::Positive),
            ("What it looks like:", Polarity::Positive),
            ("What effective behaviour looks like", Polarity::Positive),
            (
                "What this competency does not look like",
                Polarity::Negative,
            ),
            ("What it doesn’t look like", Polarity::Negative),
            ("What does it look like?", Polarity::Positive),
            ("What does it not look like?", Polarity::Negative),
            ("What does good look like?", Polarity::Positive),
            ("Looks like", Polarity::Positive),
            ("Doesn’t look like:", Polarity::Negative),
            ("This does not look like", Polarity::Negative),
            ("What poor performance looks like", Polarity::Negative),
            ("Examples of ineffective behaviour", Polarity::Negative),
            ("Examples of effective behaviours", Polarity::Positive),
            ("Indicators of poor performance", Polarity::Negative),
            ("Behaviours to avoid", Polarity::Negative),
            ("Behaviours we don't want to see", Polarity::Negative),
            ("Warning signs", Polarity::Negative),
            ("Expected behaviours", Polarity::Positive),
            ("Behaviours that fall short", Polarity::Negative),
            ("Behaviours that let us down", Polarity::Negative),
            ("What we want to see", Polarity::Positive),
            ("What we don’t want to see:", Polarity::Negative),
            ("What you will see", Polarity::Positive),
            ("Things we would not expect to see", Polarity::Negative),
            ("Contra-indicators", Polarity::Negative),
        ] {
            let m = marker(t).unwrap_or_else(|| panic!("{t}"));
            assert_eq!((m.label, m.polarity), (None, p), "{t}");
        }
        assert!(marker("What residents tell us about our services").is_none());
        assert!(marker("Looks like rain").is_none());
        assert!(marker("What we see in our communities every day and why it matters").is_none());
        assert!(marker("Warning staff about risks early and clearly.").is_none());
    }

    #[test]
    fn lettered_bands_bare_polarity_words_and_typed_codes() {
        let m = marker("Band A (all staff)").unwrap();
        assert_eq!(
            (m.label.as_deref(), m.number, m.rest.as_str()),
            (Some("Band A"), Some(1), "(all staff)")
        );
        assert_eq!(marker("Band 3").unwrap().label.as_deref(), Some("Band 3"));
        let roman = marker("Stage iv").unwrap();
        assert_eq!(
            (roman.label.as_deref(), roman.number),
            (Some("Stage IV"), Some(4))
        );
        assert_eq!(marker("Ineffective:").unwrap().polarity, Polarity::Negative);
        assert_eq!(marker("Effective").unwrap().polarity, Polarity::Positive);
        assert_eq!(marker("Don’ts").unwrap().polarity, Polarity::Negative);
        assert!(marker("Effective communication").is_none());
        for (t, p) in [
            ("We do:", Polarity::Positive),
            ("We don’t:", Polarity::Negative),
            ("You will", Polarity::Positive),
            ("You won't", Polarity::Negative),
            ("We are not", Polarity::Negative),
        ] {
            assert_eq!(
                marker(t).map(|m| (m.label, m.polarity)),
                Some((None, p)),
                "{t}"
            );
        }
        assert!(marker("We do our best").is_none());
        assert!(scale_name("Advanced") && scale_name("Expert level") && !scale_name("Teamwork"));
        assert!(
            role_name("All staff") && role_name("Heads of Service") && !role_name("Behaviours")
        );
        assert!(!role_name("What managers should do to support their staff"));
        assert_eq!(
            split_code("Behaviour 1: Open and honest"),
            (Some("1".into()), "Open and honest".into())
        );
        assert_eq!(
            split_code("Competency c – Teamwork"),
            (Some("C".into()), "Teamwork".into())
        );
        assert_eq!(split_code("Values we share").0, None);
    }

    #[test]
    fn inline_levels_and_name_sentence_lines() {
        let (m, rest) = inline_level("(L2) Coaches team members").unwrap();
        assert_eq!(
            (m.label.as_deref(), rest.as_str()),
            (Some("Level 2"), "Coaches team members")
        );
        assert_eq!(
            inline_level("Level 3: Sets direction").unwrap().1,
            "Sets direction"
        );
        assert!(inline_level("Leads change").is_none());
        let (m, rest) = trailing_level("Briefs the team on changes (2)").unwrap();
        assert_eq!(
            (m.label.as_deref(), rest.as_str()),
            (Some("Level 2"), "Briefs the team on changes")
        );
        assert_eq!(trailing_level("Leads [L3]").unwrap().0.number, Some(3));
        assert!(trailing_level("Meets targets (see page 4)").is_none());
        assert!(inline_level("L plates are not a level").is_none());
        assert_eq!(
            name_and_sentence("Developing others – We help colleagues grow."),
            Some((
                "Developing others".into(),
                "We help colleagues grow.".into()
            ))
        );
        assert!(name_and_sentence("Learning: We reflect. We share lessons with others.").is_none());
        assert_eq!(
            name_and_gloss("Teamwork – working with others to deliver shared goals"),
            Some((
                "Teamwork".into(),
                "working with others to deliver shared goals".into()
            ))
        );
        assert!(name_and_gloss("One team – seeing the picture, partnering and more").is_none());
        assert!(name_and_gloss("Leading – Strategic Change Programmes").is_none());
        assert!(name_and_sentence("Can do – changing and improving, delivering at pace").is_none());
    }

    #[test]
    fn sectional_markers() {
        assert!(looks_sectional("8.0 INEFFECTIVE BEHAVIOURS", None));
        assert!(!looks_sectional("Below Expectations", None));
    }

    #[test]
    fn codes_and_enumerated_groups() {
        assert_eq!(
            split_code("1.1.1 Being a leader"),
            (Some("1.1.1".into()), "Being a leader".into())
        );
        assert_eq!(
            split_code("1.1. Inspirational"),
            (Some("1.1".into()), "Inspirational".into())
        );
        assert_eq!(
            split_code("5.0 LEVEL 1"),
            (Some("5.0".into()), "LEVEL 1".into())
        );
        assert_eq!(top_code("1.2.1"), "1");
        assert_eq!(split_code("Self Belief"), (None, "Self Belief".into()));
        assert_eq!(strip_group_kind("VALUE: RESPECT"), "RESPECT");
        assert_eq!(strip_group_kind("Values we share"), "Values we share");
        assert_eq!(
            split_enumerated_group("Cluster Three- Delivering the Service"),
            Some(("3".into(), "Delivering the Service".into()))
        );
    }

    #[test]
    fn headings_labels_and_behaviours() {
        assert!(heading_like("Resident & Outcome Focused"));
        assert!(heading_like("2.0 WHAT ARE COMPETENCIES?"));
        assert!(!heading_like(
            "Deal with conflict in a prompt, calm and constructive manner."
        ));
        assert!(is_label(
            "Leaders who are effective demonstrate the following behaviours:"
        ));
        assert!(!is_label("Contextual Astuteness:"));
        assert!(is_label("Behaviours include:"));
        assert!(is_label("You will:"));
        assert!(looks_behavioural("Deal with conflict promptly."));
        assert!(!looks_behavioural("The framework is used for recruitment."));
    }

    #[test]
    fn dangling_ends() {
        assert!(dangling_score("share it to build") > dangling_score("suggestions are encouraged"));
        assert_eq!(dangling_score("Works with partners and"), 3);
        assert_eq!(dangling_score("Ends well."), 0);
    }

    #[test]
    fn bag_key_ignores_order() {
        assert_eq!(
            bag_key("Lead and Manage the Organisation"),
            bag_key("Manage and Lead\nthe Organisation")
        );
    }

    #[test]
    fn level_roles_from_a_listing_sentence() {
        let want = vec![
            (1, "all employees".to_string()),
            (2, "team leaders".to_string()),
            (3, "senior managers".to_string()),
        ];
        assert_eq!(
            level_roles(
                "Three levels: (1) all employees, (2) team leaders and (3) senior managers."
            ),
            want
        );
        assert_eq!(
            level_roles(
                "Level 1 (all employees), Level 2 (team leaders) and Level 3 (senior managers)."
            ),
            want
        );
        // Numbered points of prose are not audiences.
        assert!(level_roles(
            "(1) Every manager is expected to hold regular one-to-one meetings with each member of their team. (2) Notes are kept."
        )
        .is_empty());
        assert!(level_roles("See note (1).").is_empty());
    }
}
