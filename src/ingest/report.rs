//! The machine-readable account of an ingest run: every file, what happened to it and why,
//! written to `<index>/last-ingest.json` (and `--report PATH`).

use super::{Outcome, Report};
use serde::Serialize;

#[derive(Serialize)]
pub struct FileEntry {
    pub path: String,
    /// ingested | unchanged | duplicate | skipped | failed
    pub outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Short tag of a failure's kind (encrypted, no-text, damaged, limit, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub competencies: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicators: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

#[derive(Serialize)]
pub struct Totals {
    pub files: usize,
    pub ingested: usize,
    pub unchanged: usize,
    pub duplicate: usize,
    pub skipped: usize,
    pub failed: usize,
    pub pruned: usize,
}

#[derive(Serialize)]
pub struct Json {
    pub root: String,
    pub seconds: f64,
    pub totals: Totals,
    pub files: Vec<FileEntry>,
    pub pruned: Vec<String>,
    /// Unreadable framework files moved aside from the store ("path: reason").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub set_aside: Vec<String>,
}

pub fn to_json(root: &std::path::Path, seconds: f64, r: &Report) -> Json {
    let mut files = Vec::new();
    let mut t = Totals {
        files: r.files.len(),
        ingested: 0,
        unchanged: 0,
        duplicate: 0,
        skipped: 0,
        failed: 0,
        pruned: r.pruned.len(),
    };
    for f in &r.files {
        let mut e = FileEntry {
            path: f.path.display().to_string(),
            outcome: "",
            reason: None,
            error: None,
            framework: None,
            council: None,
            competencies: None,
            indicators: None,
            warnings: Vec::new(),
            duplicate_of: None,
        };
        match &f.outcome {
            Outcome::Ingested(fw) => {
                t.ingested += 1;
                e.outcome = "ingested";
                e.framework = Some(fw.id.clone());
                e.council = fw.council.clone();
                e.competencies = Some(fw.competencies.len());
                e.indicators = Some(fw.indicator_count());
                e.warnings = fw.warnings.clone();
            }
            Outcome::Unchanged(id) => {
                t.unchanged += 1;
                e.outcome = "unchanged";
                e.framework = Some(id.clone());
            }
            Outcome::Duplicate(of) => {
                t.duplicate += 1;
                e.outcome = "duplicate";
                e.reason = Some(format!("same content as {}", of.display()));
                e.duplicate_of = Some(of.display().to_string());
            }
            Outcome::Skipped(why) => {
                t.skipped += 1;
                e.outcome = "skipped";
                e.reason = Some(why.clone());
            }
            Outcome::Failed(err) => {
                t.failed += 1;
                e.outcome = "failed";
                e.reason = Some(err.kind.reason());
                e.error = Some(err.kind.tag());
            }
        }
        files.push(e);
    }
    Json {
        root: root.display().to_string(),
        seconds,
        totals: t,
        files,
        pruned: r
            .pruned
            .iter()
            .map(|(id, path)| format!("{path} ({id})"))
            .collect(),
        set_aside: r
            .set_aside
            .iter()
            .map(|(path, why)| format!("{path}: {why}"))
            .collect(),
    }
}

/// Write the report atomically (a reader never sees half of it).
pub fn write(path: &std::path::Path, json: &Json) -> Result<(), String> {
    let bytes = serde_json::to_vec_pretty(json).map_err(|e| e.to_string())?;
    crate::store::write_atomic(path, &bytes)
}
