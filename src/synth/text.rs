//! Render a generated Framework as a text document in one of the layouts councils use.

use crate::model::{Framework, Polarity};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Competency → Below / Meets / Exceeds Expectations bullet lists.
    RatingLists,
    /// Definitions first, then one section per level listing every competency, then one
    /// section of ineffective behaviours.
    LevelSections,
    /// "Cluster One - …" themes; competency → definition bullet, features list, "Stage N - …"
    /// lists, "Negative Indicators - …".
    StageLists,
    /// Numbered themes; a table per theme: Description | Level 1 … Level N, and an
    /// Ineffective Behaviours row of semicolon-separated items.
    LevelTable,
}

impl Layout {
    pub const ALL: [Layout; 4] = [
        Layout::RatingLists,
        Layout::LevelSections,
        Layout::StageLists,
        Layout::LevelTable,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layout::RatingLists => "rating-lists",
            Layout::LevelSections => "level-sections",
            Layout::StageLists => "stage-lists",
            Layout::LevelTable => "level-table",
        }
    }
}

const ORDINALS: [&str; 10] = [
    "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
];
const LINES_PER_PAGE: usize = 48;

fn sentence_end(s: &str) -> String {
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

pub fn render_text(fw: &Framework, layout: Layout) -> String {
    let mut out = String::new();
    let title = fw.title.as_deref().unwrap_or("Competency Framework");
    let council = fw.council.as_deref().unwrap_or("");
    match layout {
        Layout::LevelTable => {
            let _ = writeln!(out, "# {title}\n\n{council}\n");
        }
        _ => {
            let _ = writeln!(out, "{title}\n\n{council}\n");
        }
    }
    let _ = writeln!(
        out,
        "This framework sets out the behaviours we expect from everyone who works for us.\n"
    );
    match layout {
        Layout::RatingLists => rating_lists(fw, &mut out),
        Layout::LevelSections => level_sections(fw, &mut out),
        Layout::StageLists => stage_lists(fw, &mut out),
        Layout::LevelTable => level_table(fw, &mut out),
    }
    paginate(&out)
}

/// Page breaks as form feeds, at blank lines, every so many lines.
fn paginate(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut on_page = 0;
    for line in text.lines() {
        if line.is_empty() && on_page >= LINES_PER_PAGE {
            out.push('\u{000C}');
            on_page = 0;
        }
        out.push_str(line);
        out.push('\n');
        on_page += 1;
    }
    out
}

fn items<'a>(
    c: &'a crate::model::Competency,
    level: Option<&str>,
    polarity: Polarity,
) -> impl Iterator<Item = &'a str> {
    let level = level.map(String::from);
    c.indicators
        .iter()
        .filter(move |i| i.level == level && i.polarity == polarity)
        .map(|i| i.text.as_str())
}

fn rating_lists(fw: &Framework, out: &mut String) {
    let mut group: Option<&str> = None;
    for c in &fw.competencies {
        if c.group.as_deref() != group {
            group = c.group.as_deref();
            let _ = writeln!(out, "{}\n", group.unwrap_or(""));
        }
        let _ = writeln!(out, "{}\n", c.name);
        if let Some(d) = &c.description {
            let _ = writeln!(out, "{}\n", sentence_end(d));
        }
        for l in &fw.levels {
            let polarity = if l.rank == 1 {
                Polarity::Negative
            } else {
                Polarity::Positive
            };
            let _ = writeln!(out, "{}\n", l.label);
            for t in items(c, Some(&l.label), polarity) {
                let _ = writeln!(out, "- {t}");
            }
            out.push('\n');
        }
    }
}

fn numbered_group_heading(fw: &Framework, name: &str) -> String {
    let code = fw
        .groups
        .iter()
        .find(|g| g.name == name)
        .and_then(|g| g.code.clone())
        .unwrap_or_default();
    format!("{code}. {name}")
}

fn level_sections(fw: &Framework, out: &mut String) {
    let _ = writeln!(out, "Summary of each competency\n");
    let each_group = |out: &mut String, body: &dyn Fn(&mut String, &crate::model::Competency)| {
        let mut group: Option<&str> = None;
        for c in &fw.competencies {
            if c.group.as_deref() != group {
                group = c.group.as_deref();
                let _ = writeln!(out, "{}\n", numbered_group_heading(fw, group.unwrap_or("")));
            }
            let _ = writeln!(out, "{} {}\n", c.code.as_deref().unwrap_or(""), c.name);
            body(out, c);
        }
    };
    each_group(out, &|out, c| {
        if let Some(d) = &c.description {
            let _ = writeln!(out, "{}\n", sentence_end(d));
        }
    });
    for l in &fw.levels {
        let _ = writeln!(out, "{} COMPETENCY INDICATORS\n", l.label.to_uppercase());
        each_group(out, &|out, c| {
            let _ = writeln!(
                out,
                "People who are effective demonstrate the following behaviours:\n"
            );
            for t in items(c, Some(&l.label), Polarity::Positive) {
                let _ = writeln!(out, "- {t}");
            }
            out.push('\n');
        });
    }
    let _ = writeln!(
        out,
        "INEFFECTIVE BEHAVIOURS\n\nThe following ineffective behaviours apply at all levels.\n"
    );
    each_group(out, &|out, c| {
        for t in items(c, None, Polarity::Negative) {
            let _ = writeln!(out, "- {t}");
        }
        out.push('\n');
    });
}

fn stage_lists(fw: &Framework, out: &mut String) {
    let mut group: Option<&str> = None;
    let mut g = 0;
    for c in &fw.competencies {
        if c.group.as_deref() != group {
            group = c.group.as_deref();
            let _ = writeln!(
                out,
                "Cluster {} - {}\n",
                ORDINALS[g % 10],
                group.unwrap_or("")
            );
            g += 1;
        }
        let _ = writeln!(out, "{}\n", c.name);
        if let Some(d) = &c.description {
            let _ = writeln!(out, "• {}\n", sentence_end(d));
        }
        let _ = writeln!(
            out,
            "Features of this quality include:\n\n- Being clear about what matters.\n- Acting with purpose.\n"
        );
        for l in &fw.levels {
            let _ = writeln!(out, "{} - Shows the behaviour\n", l.label);
            for t in items(c, Some(&l.label), Polarity::Positive) {
                let _ = writeln!(out, "- {t}");
            }
            out.push('\n');
        }
        let _ = writeln!(out, "Negative Indicators - Falls short\n");
        for t in items(c, None, Polarity::Negative) {
            let _ = writeln!(out, "- {t}");
        }
        out.push('\n');
    }
}

fn level_table(fw: &Framework, out: &mut String) {
    let mut group: Option<&str> = None;
    let header: Vec<&str> = std::iter::once("Description")
        .chain(fw.levels.iter().map(|l| l.label.as_str()))
        .collect();
    for c in &fw.competencies {
        if c.group.as_deref() != group {
            group = c.group.as_deref();
            let _ = writeln!(
                out,
                "\n<b>{}</b>",
                numbered_group_heading(fw, group.unwrap_or(""))
            );
            let _ = writeln!(
                out,
                "{}",
                header
                    .iter()
                    .map(|h| format!("<b>{h}</b>"))
                    .collect::<Vec<_>>()
                    .join("\t")
            );
        }
        let cells: Vec<String> = fw
            .levels
            .iter()
            .map(|l| {
                items(c, Some(&l.label), Polarity::Positive)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let _ = writeln!(
            out,
            "<b>{} {}</b>\t{}",
            c.code.as_deref().unwrap_or(""),
            c.name.replace('&', "&amp;"),
            cells.join("\t").replace('&', "&amp;")
        );
        let neg: Vec<&str> = items(c, None, Polarity::Negative).collect();
        let pad = "\t".repeat(fw.levels.len().saturating_sub(1));
        let _ = writeln!(
            out,
            "\t<b>Ineffective Behaviours</b>\t{}{pad}",
            neg.join("; ").replace('&', "&amp;")
        );
    }
}
