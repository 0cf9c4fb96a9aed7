//! Plain-text renderings of Frameworks for the terminal.

//!
//! Every string from a document or a file name goes through [`esc`]: a control character
//! in it would be obeyed by the terminal (or forge a line) instead of shown.

use competency_atlas::model::{Framework, Polarity};
use competency_atlas::text_safety::escape_controls as esc;
use std::fmt::Write;

/// One line per framework: council, title, counts, warnings.
pub fn summary(fws: &[&Framework]) -> String {
    render(fws, false)
}

/// `summary` with the framework ids `atlas show` accepts in the first column.
pub fn summary_with_ids(fws: &[&Framework]) -> String {
    render(fws, true)
}

fn render(fws: &[&Framework], with_id: bool) -> String {
    let mut rows: Vec<Vec<String>> = vec![vec![
        "council".to_string(),
        "title".into(),
        "competencies".into(),
        "indicators (+/-)".into(),
        "levels".into(),
        "warnings".into(),
    ]];
    for fw in fws {
        let neg = fw.negative_count();
        let total = fw.indicator_count();
        rows.push(vec![
            fw.council.clone().unwrap_or_else(|| "(unknown)".into()),
            truncate(fw.title.as_deref().unwrap_or("(untitled)"), 48),
            format!("{} in {} groups", fw.competencies.len(), fw.groups.len()),
            format!("{total} ({}/{neg})", total - neg),
            truncate(
                &fw.levels
                    .iter()
                    .map(|l| l.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                60,
            ),
            fw.warnings.len().to_string(),
        ]);
    }
    if with_id {
        let ids = std::iter::once("id").chain(fws.iter().map(|f| f.id.as_str()));
        for (r, id) in rows.iter_mut().zip(ids) {
            r.insert(0, id.to_string());
        }
    }
    for cell in rows.iter_mut().flatten() {
        *cell = esc(cell).into_owned();
    }
    let cols = rows[0].len();
    let widths: Vec<usize> = (0..cols)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (i, r) in rows.iter().enumerate() {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
        if i == 0 {
            let _ = writeln!(
                out,
                "{}",
                widths
                    .iter()
                    .map(|w| "-".repeat(*w))
                    .collect::<Vec<_>>()
                    .join("  ")
            );
        }
    }
    out
}

/// Groups → competencies → levels → indicators.
pub fn tree(fw: &Framework) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {}",
        esc(fw.council.as_deref().unwrap_or("(unknown council)")),
        esc(fw.title.as_deref().unwrap_or("(untitled)"))
    );
    let _ = writeln!(
        out,
        "source: {} ({})",
        esc(&fw.source.path),
        fw.source.format
    );
    let levels: Vec<&str> = fw.levels.iter().map(|l| l.label.as_str()).collect();
    let _ = writeln!(out, "levels: {}", esc(&levels.join(", ")));
    let mut current_group: Option<&str> = None;
    for c in &fw.competencies {
        if c.group.as_deref() != current_group {
            current_group = c.group.as_deref();
            if let Some(g) = current_group {
                let _ = writeln!(out, "\n■ {}", esc(g));
            }
        }
        let code = c
            .code
            .as_deref()
            .map(|c| format!("{c} "))
            .unwrap_or_default();
        let _ = writeln!(out, "  ● {}{}", esc(&code), esc(&c.name));
        let mut last: Option<(Option<&str>, Polarity)> = None;
        for i in &c.indicators {
            let key = (i.level.as_deref(), i.polarity);
            if last != Some(key) {
                let label = i.level.as_deref().unwrap_or("all levels");
                let neg = if i.polarity == Polarity::Negative {
                    " (negative)"
                } else {
                    ""
                };
                let _ = writeln!(out, "      {}{neg}", esc(label));
                last = Some(key);
            }
            let _ = writeln!(
                out,
                "        - {}  [p{}:l{}]",
                esc(&i.text),
                i.source.page,
                i.source.line
            );
        }
    }
    if !fw.warnings.is_empty() {
        let _ = writeln!(out, "\nwarnings:");
        for w in &fw.warnings {
            let _ = writeln!(out, "  - {}", esc(w));
        }
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}
