//! The Framework model: what every command consumes. Field names are a public contract
//! (JSON `schema_version: 1`, see README "The Framework model").

use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    pub schema_version: u32,
    /// Stable slug, derived from the source file name.
    pub id: String,
    pub council: Option<String>,
    /// Where the council name came from: "manifest", "override", "text", or "guess".
    #[serde(default)]
    pub council_from: Option<String>,
    pub title: Option<String>,
    pub source: Source,
    pub levels: Vec<Level>,
    pub groups: Vec<Group>,
    pub competencies: Vec<Competency>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    /// pdf | docx | txt | md | html | odt
    pub format: String,
    pub sha256: String,
    pub pages: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Level {
    pub label: String,
    pub rank: u32,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    #[serde(default)]
    pub code: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Competency {
    pub id: String,
    pub code: Option<String>,
    pub name: String,
    pub group: Option<String>,
    pub description: Option<String>,
    /// The narrower competencies a broad cluster says it covers ("Name – a, b, c").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<String>,
    /// Text under the competency that is neither description nor indicator
    /// (e.g. "Features of this quality include" lists), kept so nothing is lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Positive,
    Negative,
}

impl Polarity {
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Positive => "positive",
            Polarity::Negative => "negative",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub text: String,
    /// The level label as the document writes it; None when it applies to all levels.
    pub level: Option<String>,
    pub polarity: Polarity,
    pub source: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Provenance {
    pub page: u32,
    pub line: u32,
}

impl Framework {
    pub fn indicator_count(&self) -> usize {
        self.competencies.iter().map(|c| c.indicators.len()).sum()
    }

    pub fn negative_count(&self) -> usize {
        self.indicators()
            .filter(|(_, i)| i.polarity == Polarity::Negative)
            .count()
    }

    /// Every indicator with the competency it belongs to, in document order.
    pub fn indicators(&self) -> impl Iterator<Item = (&Competency, &Indicator)> {
        self.competencies
            .iter()
            .flat_map(|c| c.indicators.iter().map(move |i| (c, i)))
    }

    pub fn level_rank(&self, label: &str) -> Option<u32> {
        self.levels
            .iter()
            .find(|l| l.label == label)
            .map(|l| l.rank)
    }
}

/// Lower-case ASCII slug: "Resident & Outcome Focused" -> "resident-outcome-focused".
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars().flat_map(|c| c.to_lowercase()) {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_is_ascii_and_collapses_separators() {
        assert_eq!(
            slug("Resident & Outcome Focused"),
            "resident-outcome-focused"
        );
        assert_eq!(slug("  1.1.1 Being – a leader "), "1-1-1-being-a-leader");
        assert_eq!(slug("Médway"), "m-dway");
    }
}
