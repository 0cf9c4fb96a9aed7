//! Two frameworks side by side: each competency's best matches in the other with score and
//! the shared terms behind it, and the competencies that have no counterpart.

use super::{
    AppState, Format, Params, blocking, csv_response, downloads, framework_url, json_response,
    layout, round3, url,
};
use crate::crosswalk::{self, MapOptions, Match, Model, council_label};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use std::sync::Arc;

/// Cached comparisons kept (each is small; the cache is cleared when full).
const CACHE: usize = 64;

/// The crosswalk between frameworks `a` and `b` in both directions.
pub struct Comparison {
    pub a_to_b: Vec<Row>,
    pub b_to_a: Vec<Row>,
    /// Profiles (competencies) of `a` with no match in `b`, and the other way round.
    pub unmatched_a: Vec<usize>,
    pub unmatched_b: Vec<usize>,
}

pub struct Row {
    pub m: Match,
    pub shared: Vec<String>,
}

fn compute(model: &Model, a: usize, b: usize) -> Comparison {
    let opts = MapOptions::default();
    let rows = |from: usize, to: usize| -> Vec<Row> {
        crosswalk::best_matches(model, &[from], &[to], &opts)
            .into_iter()
            .map(|m| Row {
                shared: model.shared_terms(m.from, m.to, 6),
                m,
            })
            .collect()
    };
    let a_to_b = rows(a, b);
    let b_to_a = rows(b, a);
    let unmatched = |fw: usize, rows: &[Row]| -> Vec<usize> {
        model
            .profiles_of(fw)
            .filter(|p| !rows.iter().any(|r| r.m.from == *p))
            .collect()
    };
    Comparison {
        unmatched_a: unmatched(a, &a_to_b),
        unmatched_b: unmatched(b, &b_to_a),
        a_to_b,
        b_to_a,
    }
}

pub async fn page(State(st): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let a = params.get("a").and_then(|id| st.framework(id));
    let b = params.get("b").and_then(|id| st.framework(id));
    let asked = params.get("a").is_some() || params.get("b").is_some();
    let (a, b) = match (a, b) {
        (Some((a, _)), Some((b, _))) if a != b => (a, b),
        _ => {
            let why = if !asked {
                None
            } else if a.is_some() && a == b {
                Some("Pick two different frameworks.")
            } else {
                Some("Pick two frameworks from the lists (one of them is not in the index).")
            };
            if params.format() != Format::Html {
                return super::message(
                    StatusCode::BAD_REQUEST,
                    "Pick two frameworks",
                    why.unwrap_or("Pick two frameworks to compare."),
                );
            }
            let status = if why.is_some() {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            let body = html! {
                h1 { "Compare two frameworks" }
                @if let Some(w) = why { p.message { (w) } }
                (picker(&st, None, None))
            };
            return (status, layout::page("Compare", "compare", body)).into_response();
        }
    };
    let st2 = st.clone();
    let cmp = match blocking(move || comparison(&st2, a, b)).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let model = st.model();
    let (fa, fb) = (&st.frameworks()[a], &st.frameworks()[b]);
    let pairs = [("a", fa.id.as_str()), ("b", fb.id.as_str())];
    match params.format() {
        Format::Csv => {
            let rows = cmp
                .a_to_b
                .iter()
                .chain(&cmp.b_to_a)
                .map(|r| {
                    let (f, t) = (model.framework_of(r.m.from), model.framework_of(r.m.to));
                    vec![
                        council_label(f),
                        f.id.clone(),
                        model.competency(r.m.from).name.clone(),
                        council_label(t),
                        t.id.clone(),
                        model.competency(r.m.to).name.clone(),
                        format!("{:.3}", r.m.score.score),
                        format!("{:.3}", r.m.score.text),
                        format!("{:.3}", r.m.score.name),
                        r.shared.join("; "),
                    ]
                })
                .chain(cmp.unmatched_a.iter().chain(&cmp.unmatched_b).map(|&p| {
                    let f = model.framework_of(p);
                    let other = if f.id == fa.id { fb } else { fa };
                    vec![
                        council_label(f),
                        f.id.clone(),
                        model.competency(p).name.clone(),
                        council_label(other),
                        other.id.clone(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ]
                }))
                .collect();
            csv_response(
                &format!("compare-{}-{}.csv", fa.id, fb.id),
                &[
                    "from_council",
                    "from_framework",
                    "from_competency",
                    "to_council",
                    "to_framework",
                    "to_competency",
                    "score",
                    "text",
                    "name",
                    "shared_terms",
                ],
                rows,
            )
        }
        Format::Json => {
            let side = |rows: &[Row]| -> Vec<serde_json::Value> {
                rows.iter()
                    .map(|r| {
                        serde_json::json!({
                            "from": model.competency(r.m.from).name,
                            "to": model.competency(r.m.to).name,
                            "score": round3(r.m.score.score),
                            "text_score": round3(r.m.score.text),
                            "name_score": round3(r.m.score.name),
                            "shared_terms": r.shared,
                        })
                    })
                    .collect()
            };
            let names = |ps: &[usize]| -> Vec<String> {
                ps.iter()
                    .map(|&p| model.competency(p).name.clone())
                    .collect()
            };
            json_response(
                &format!("compare-{}-{}.json", fa.id, fb.id),
                &serde_json::json!({
                    "a": {"id": fa.id, "council": fa.council, "title": fa.title},
                    "b": {"id": fb.id, "council": fb.council, "title": fb.title},
                    "a_to_b": side(&cmp.a_to_b),
                    "b_to_a": side(&cmp.b_to_a),
                    "a_without_counterpart": names(&cmp.unmatched_a),
                    "b_without_counterpart": names(&cmp.unmatched_b),
                }),
            )
        }
        Format::Html => {
            let title = format!("{} and {}", council_label(fa), council_label(fb));
            let body = html! {
                h1 { "Compare: " (council_label(fa)) " and " (council_label(fb)) }
                (picker(&st, Some(a), Some(b)))
                p.summary {
                    "Each competency's best matches in the other framework (score in [0, 1] = "
                    (model.weights.formula())
                    "; kept from "
                    (MapOptions::default().min_score) ", or lower for a mutual best). "
                    a href=(url("/compare", &[("a", &fb.id), ("b", &fa.id)])) { "Swap sides" } "."
                }
                (downloads("/compare", &pairs))
                div.sideby {
                    section #a-to-b { (side(model, fa, fb, &cmp.a_to_b, &cmp.unmatched_a)) }
                    section #b-to-a { (side(model, fb, fa, &cmp.b_to_a, &cmp.unmatched_b)) }
                }
            };
            layout::page(&title, "compare", body).into_response()
        }
    }
}

fn comparison(st: &AppState, a: usize, b: usize) -> Arc<Comparison> {
    if let Some(c) = st
        .comparisons
        .lock()
        .ok()
        .and_then(|m| m.get(&(a, b)).cloned())
    {
        return c;
    }
    let c = Arc::new(compute(st.model(), a, b));
    if let Ok(mut m) = st.comparisons.lock() {
        if m.len() >= CACHE {
            m.clear();
        }
        m.insert((a, b), c.clone());
    }
    c
}

fn picker(st: &AppState, a: Option<usize>, b: Option<usize>) -> Markup {
    let select = |name: &str, chosen: Option<usize>| {
        html! {
            select name=(name) aria-label={ "Framework " (name) } {
                option value="" { "— choose a framework —" }
                @for (i, f) in st.frameworks().iter().enumerate() {
                    option value=(f.id) selected[chosen == Some(i)] {
                        (council_label(f)) " – " (f.title.as_deref().unwrap_or(&f.id))
                    }
                }
            }
        }
    };
    html! {
        form.picker #compare-form action="/compare" method="get" {
            (select("a", a)) (select("b", b))
            button type="submit" { "Compare" }
        }
    }
}

fn bucket(score: f32) -> &'static str {
    match score {
        s if s >= 0.5 => "score s5",
        s if s >= 0.4 => "score s4",
        s if s >= 0.3 => "score s3",
        s if s >= 0.2 => "score s2",
        s if s >= 0.1 => "score s1",
        _ => "score s0",
    }
}

fn side(
    model: &Model,
    from: &crate::model::Framework,
    to: &crate::model::Framework,
    rows: &[Row],
    unmatched: &[usize],
) -> Markup {
    let link = |p: usize| {
        let f = model.framework_of(p);
        let c = model.competency(p);
        html! { a href=(framework_url(&f.id, Some(&c.id))) { (c.name) } }
    };
    html! {
        h2 { (council_label(from)) " → " (council_label(to)) }
        table.matches {
            tr { th { (council_label(from)) } th { "Best matches in " (council_label(to)) } th { "Score" } th { "Shared terms" } }
            @for (k, r) in rows.iter().enumerate() {
                tr {
                    td { @if k == 0 || rows[k - 1].m.from != r.m.from { (link(r.m.from)) } }
                    td { (link(r.m.to)) }
                    td class=(bucket(r.m.score.score)) title={ "text " (format!("{:.2}", r.m.score.text)) ", name " (format!("{:.2}", r.m.score.name)) } { (format!("{:.2}", r.m.score.score)) }
                    td.terms { (r.shared.join(", ")) }
                }
            }
        }
        h2 { "No counterpart in " (council_label(to)) }
        @if unmatched.is_empty() {
            p.summary { "Every competency has a match." }
        } @else {
            ul.unmatched { @for &p in unmatched { li { (link(p)) } } }
        }
    }
}
