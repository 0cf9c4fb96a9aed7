//! Themes (competencies of all frameworks clustered) and shared-origin families
//! (near-identical indicators across councils), from the crosswalk.

use super::{
    AppState, Format, Params, blocking, csv_response, downloads, framework_url, json_response,
    layout, message, round3,
};
use crate::crosswalk::council_label;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use std::sync::Arc;

/// Families shown on the page (all of them are in the downloads).
const FAMILIES_SHOWN: usize = 300;

pub async fn themes(State(st): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let st2 = st.clone();
    if let Err(r) = blocking(move || {
        st2.themes();
    })
    .await
    {
        return r;
    }
    let ts = match st.themes() {
        Ok(t) => t,
        Err(e) => {
            return message(
                StatusCode::OK,
                "Themes",
                &format!("Themes are not available for this index: {e}."),
            );
        }
    };
    let model = st.model();
    let n = st.frameworks().len();
    // (theme number, framework, competency names) for each framework a theme reaches.
    let members = |t: &crate::crosswalk::Theme| -> Vec<(usize, Vec<usize>)> {
        (0..n)
            .filter_map(|f| {
                let ps: Vec<usize> = t
                    .members
                    .iter()
                    .copied()
                    .filter(|&m| model.profiles[m].at.fw as usize == f)
                    .collect();
                (!ps.is_empty()).then_some((f, ps))
            })
            .collect()
    };
    let shared: Vec<(usize, &crate::crosswalk::Theme)> = ts
        .iter()
        .enumerate()
        .filter(|(_, t)| crate::crosswalk::themes::councils(model, t) >= 2)
        .collect();
    match params.format() {
        Format::Csv | Format::Json => {
            let mut rows = Vec::new();
            for (k, t) in ts.iter().enumerate() {
                for (f, ps) in members(t) {
                    for p in ps {
                        rows.push(vec![
                            (k + 1).to_string(),
                            t.terms.join(" / "),
                            format!("{:.3}", t.cohesion),
                            council_label(&st.frameworks()[f]),
                            st.frameworks()[f].id.clone(),
                            model.competency(p).name.clone(),
                        ]);
                    }
                }
            }
            if params.format() == Format::Csv {
                return csv_response(
                    "themes.csv",
                    &[
                        "theme",
                        "terms",
                        "cohesion",
                        "council",
                        "framework",
                        "competency",
                    ],
                    rows,
                );
            }
            let v: Vec<serde_json::Value> = ts
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    serde_json::json!({
                        "theme": k + 1, "terms": t.terms, "cohesion": round3(t.cohesion),
                        "members": members(t).into_iter().map(|(f, ps)| serde_json::json!({
                            "council": st.frameworks()[f].council, "framework": st.frameworks()[f].id,
                            "competencies": ps.iter().map(|&p| &model.competency(p).name).collect::<Vec<_>>(),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            return json_response("themes.json", &v);
        }
        Format::Html => {}
    }
    let link = |p: usize| {
        let f = model.framework_of(p);
        let c = model.competency(p);
        html! { a href=(framework_url(&f.id, Some(&c.id))) { (c.name) } }
    };
    let body = html! {
        h1 { "Themes" }
        p.summary {
            "Competencies of all " (n) " frameworks clustered by crosswalk score (average linkage, merging stops below "
            (super::THEME_THRESHOLD) "). " (shared.len()) " themes run through two or more frameworks; "
            (ts.len() - shared.len()) " competencies or clusters are found in one framework only."
        }
        (downloads("/themes", &[]))
        @for (k, t) in &shared {
            section.theme id={ "theme-" (k + 1) } {
                h2 { "Theme " (k + 1) ": " (t.terms.join(" / ")) " " span.summary { "(cohesion " (format!("{:.2}", t.cohesion)) ")" } }
                table {
                    @for (f, ps) in members(t) {
                        tr {
                            th { (council_label(&st.frameworks()[f])) }
                            td { @for (i, &p) in ps.iter().enumerate() { @if i > 0 { "; " } (link(p)) } }
                        }
                    }
                }
            }
        }
        @if ts.len() > shared.len() {
            h2 { "Found in one framework only" }
            table #singles {
                @for t in ts.iter().filter(|t| crate::crosswalk::themes::councils(model, t) < 2) {
                    tr {
                        th { (council_label(model.framework_of(t.members[0]))) }
                        td { @for (i, &p) in t.members.iter().enumerate() { @if i > 0 { "; " } (link(p)) } }
                    }
                }
            }
        }
    };
    layout::page("Themes", "themes", body).into_response()
}

pub async fn families(State(st): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let st2 = st.clone();
    if let Err(r) = blocking(move || {
        st2.families();
    })
    .await
    {
        return r;
    }
    let r = st.families();
    let fws = st.frameworks();
    if params.format() != Format::Html {
        let mut rows = Vec::new();
        for (k, fam) in r.families.iter().enumerate() {
            for &i in fam {
                let (f, c, ind) = r.refs[i as usize].get(fws);
                rows.push(vec![
                    (k + 1).to_string(),
                    council_label(f),
                    f.id.clone(),
                    c.name.clone(),
                    ind.level.clone().unwrap_or_default(),
                    ind.polarity.as_str().to_string(),
                    ind.text.clone(),
                    f.source.path.clone(),
                    ind.source.page.to_string(),
                    ind.source.line.to_string(),
                    ind.id.clone(),
                    if i == fam[0] {
                        String::new()
                    } else {
                        r.score(fam[0], i)
                            .map(|s| format!("{s:.3}"))
                            .unwrap_or_default()
                    },
                ]);
            }
        }
        const HEADER: [&str; 12] = [
            "family",
            "council",
            "framework",
            "competency",
            "level",
            "polarity",
            "text",
            "source_path",
            "page",
            "line",
            "indicator_id",
            "score_to_first",
        ];
        if params.format() == Format::Csv {
            return csv_response("families.csv", &HEADER, rows);
        }
        let v: Vec<serde_json::Value> = rows
            .into_iter()
            .map(|row| {
                serde_json::Value::Object(
                    HEADER
                        .iter()
                        .zip(row)
                        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v)))
                        .collect(),
                )
            })
            .collect();
        return json_response("families.json", &v);
    }
    let body = html! {
        h1 { "Shared-origin families" }
        p.summary {
            (r.pairs.len()) " pairs of near-identical indicators across councils, in " (r.families.len())
            " families: wording copied from a common source (a national framework, a consultant, a neighbour)."
            @if r.families.len() > FAMILIES_SHOWN { " The first " (FAMILIES_SHOWN) " families are shown; the downloads have all of them." }
        }
        (downloads("/families", &[]))
        @for (k, fam) in r.families.iter().enumerate().take(FAMILIES_SHOWN) {
            section.family id={ "family-" (k + 1) } {
                h2 { "Family " (k + 1) " (" (fam.len()) " indicators)" }
                table {
                    tr { th { "Council" } th { "Competency" } th { "Level" } th { "Indicator" } th { "Score" } }
                    @for &i in fam {
                        @let (f, c, ind) = r.refs[i as usize].get(fws);
                        tr {
                            td { (council_label(f)) }
                            td { (c.name) }
                            td { (ind.level.as_deref().unwrap_or("all levels")) }
                            td { a href=(framework_url(&f.id, Some(&ind.id))) { (ind.text) } }
                            td.score { @if i != fam[0] { @if let Some(s) = r.score(fam[0], i) { (format!("{s:.2}")) } @else { "~" } } }
                        }
                    }
                }
            }
        }
    };
    layout::page("Shared origin", "families", body).into_response()
}
