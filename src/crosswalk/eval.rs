//! Gold files and precision/recall against them.
//!
//! `crosswalk.tsv`: `from_framework  from_competency  to_framework  to_competency  comment`
//! (framework ids, competency names as extracted; a pair is unordered).
//! `shared_indicators.tsv`: `a_framework  a_text  b_framework  b_text  comment` (texts as
//! extracted; compared case-insensitively, whitespace and final punctuation ignored).
//! Lines starting with `#` and the header line (first field `from_framework` /
//! `a_framework`) are skipped.

use super::indicators::{IndicatorOptions, shared_indicators};
use super::matching::{MapOptions, best_matches};
use super::similarity::{Model, Weights};
use crate::model::Framework;
use std::collections::BTreeSet;
use std::path::Path;

type Key = (String, String);
type Pair = (Key, Key);

#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    /// Gold pairs not predicted.
    pub missed: Vec<String>,
    /// Predicted pairs not in the gold file.
    pub spurious: Vec<String>,
}

impl Scores {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub competencies: Scores,
    pub indicators: Scores,
}

fn norm_text(s: &str) -> String {
    let s = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    s.trim_end_matches(['.', ';', ',', ':', ' '])
        .replace('’', "'")
}

fn pair(a: Key, b: Key) -> Pair {
    if a <= b { (a, b) } else { (b, a) }
}

fn read_tsv(path: &Path, header: &str) -> Result<BTreeSet<Pair>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = BTreeSet::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f[0] == header {
            continue;
        }
        if f.len() < 4 {
            return Err(format!(
                "{}:{}: expected at least 4 tab-separated fields",
                path.display(),
                n + 1
            ));
        }
        out.insert(pair(
            (f[0].trim().to_string(), norm_text(f[1])),
            (f[2].trim().to_string(), norm_text(f[3])),
        ));
    }
    Ok(out)
}

fn score(gold: &BTreeSet<Pair>, predicted: &BTreeSet<Pair>) -> Scores {
    let show = |p: &Pair| format!("{} / {}  <->  {} / {}", p.0.0, p.0.1, p.1.0, p.1.1);
    Scores {
        gold: gold.len(),
        predicted: predicted.len(),
        correct: gold.intersection(predicted).count(),
        missed: gold.difference(predicted).map(show).collect(),
        spurious: predicted.difference(gold).map(show).collect(),
    }
}

/// Competency pairs predicted with `opts` over all framework pairs (unordered, deduplicated).
pub fn predicted_competency_pairs(frameworks: &[Framework], opts: &MapOptions) -> BTreeSet<Pair> {
    let model = Model::build(frameworks, Weights::default());
    let all: Vec<usize> = (0..frameworks.len()).collect();
    best_matches(&model, &all, &all, opts)
        .into_iter()
        .map(|m| {
            let key = |p: usize| {
                (
                    model.framework_of(p).id.clone(),
                    norm_text(&model.competency(p).name),
                )
            };
            pair(key(m.from), key(m.to))
        })
        .collect()
}

pub fn predicted_indicator_pairs(
    frameworks: &[Framework],
    opts: &IndicatorOptions,
) -> BTreeSet<Pair> {
    let r = shared_indicators(frameworks, opts);
    r.pairs
        .iter()
        .map(|p| {
            let key = |i: u32| {
                let (f, _, ind) = r.refs[i as usize].get(frameworks);
                (f.id.clone(), norm_text(&ind.text))
            };
            pair(key(p.a), key(p.b))
        })
        .collect()
}

pub fn evaluate(
    frameworks: &[Framework],
    gold_dir: &Path,
    map: &MapOptions,
    ind: &IndicatorOptions,
) -> Result<Evaluation, String> {
    let gold_c = read_tsv(&gold_dir.join("crosswalk.tsv"), "from_framework")?;
    let gold_i = read_tsv(&gold_dir.join("shared_indicators.tsv"), "a_framework")?;
    Ok(Evaluation {
        competencies: score(&gold_c, &predicted_competency_pairs(frameworks, map)),
        indicators: score(&gold_i, &predicted_indicator_pairs(frameworks, ind)),
    })
}
