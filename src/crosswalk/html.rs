//! The self-contained crosswalk page: a councils × councils summary and, per competency, its
//! best-match score in every other framework, colour-scaled, with the match and the shared
//! terms in each cell's `title` (hover). Every string from a document goes through
//! [`escape`]: framework text is untrusted input.

use super::matching::{Match, council_label};
use super::similarity::Model;
use std::collections::HashMap;
use std::fmt::Write;

/// HTML-escapes text for element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

fn colour(score: f32, min: f32) -> String {
    if score < min {
        return "#f4f4f4".into();
    }
    // White → blue as the score rises; text stays readable at both ends.
    let a = (0.15 + 0.85 * score.clamp(0.0, 1.0)) as f64;
    format!("rgba(30,100,200,{a:.2})")
}

/// One header cell per framework's council, and the end of the header row.
fn council_headers(h: &mut String, model: &Model, frameworks: &[usize]) {
    for &c in frameworks {
        let _ = write!(
            h,
            "<th>{}</th>",
            escape(&council_label(&model.frameworks[c]))
        );
    }
    h.push_str("</tr>\n");
}

/// `matches` should hold the single best match of each competency in each other framework
/// (any score); `min` greys out cells below the reporting threshold.
pub fn render(model: &Model, frameworks: &[usize], matches: &[Match], min: f32) -> String {
    let mut best: HashMap<(usize, u32), &Match> = HashMap::new();
    for m in matches {
        let k = (m.from, model.profiles[m.to].at.fw);
        if best.get(&k).is_none_or(|b| m.score.score > b.score.score) {
            best.insert(k, m);
        }
    }
    let label = |f: usize| {
        let fw = &model.frameworks[f];
        format!(
            "{} — {}",
            council_label(fw),
            fw.title.as_deref().unwrap_or(&fw.id)
        )
    };
    let mut h = String::new();
    h.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Competency crosswalk</title><style>\
         body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;margin-bottom:2em}\
         td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px}\
         td.s{text-align:right;min-width:3em}th.fw{background:#eee;text-align:left}\
         </style></head><body>\n<h1>Competency crosswalk</h1>\n",
    );
    let _ = writeln!(
        h,
        "<p>Score in [0,1] = {}. \
         Hover a cell for the best match and the terms it shares. Cells below {min:.2} are grey.</p>",
        model.weights.formula()
    );
    h.push_str("<h2>Councils × councils (mean best-match score)</h2>\n<table><tr><th></th>");
    council_headers(&mut h, model, frameworks);
    for &r in frameworks {
        let _ = write!(h, "<tr><th>{}</th>", escape(&label(r)));
        for &c in frameworks {
            if r == c {
                h.push_str("<td class=\"s\">—</td>");
                continue;
            }
            let scores: Vec<f32> = model
                .profiles_of(r)
                .filter_map(|p| best.get(&(p, c as u32)).map(|m| m.score.score))
                .collect();
            let n = model.profiles_of(r).len().max(1) as f32;
            let mean = scores.iter().sum::<f32>() / n;
            let _ = write!(
                h,
                "<td class=\"s\" style=\"background:{}\">{mean:.2}</td>",
                colour(mean, 0.0)
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n<h2>Competencies × councils (best-match score)</h2>\n<table><tr><th>competency</th>");
    council_headers(&mut h, model, frameworks);
    for &r in frameworks {
        let _ = writeln!(
            h,
            "<tr><th class=\"fw\" colspan=\"{}\">{}</th></tr>",
            frameworks.len() + 1,
            escape(&label(r))
        );
        for p in model.profiles_of(r) {
            let _ = write!(h, "<tr><td>{}</td>", escape(&model.competency(p).name));
            for &c in frameworks {
                match best.get(&(p, c as u32)) {
                    _ if c == r => h.push_str("<td class=\"s\">—</td>"),
                    Some(m) => {
                        let title = format!(
                            "{} ({:.2}; text {:.2}, name {:.2})\nshared: {}",
                            model.competency(m.to).name,
                            m.score.score,
                            m.score.text,
                            m.score.name,
                            model.shared_terms(m.from, m.to, 6).join(", ")
                        );
                        let _ = write!(
                            h,
                            "<td class=\"s\" style=\"background:{}\" title=\"{}\">{:.2}</td>",
                            colour(m.score.score, min),
                            escape(&title),
                            m.score.score
                        );
                    }
                    None => h.push_str("<td class=\"s\"></td>"),
                }
            }
            h.push_str("</tr>\n");
        }
    }
    h.push_str("</table>\n</body></html>\n");
    h
}
