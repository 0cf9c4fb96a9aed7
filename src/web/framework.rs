//! One council's framework as a grid (competencies down, levels across, negative indicators
//! set apart), and the list of frameworks.

use super::{
    AppState, Format, Params, anchor, csv_response, downloads, framework_url, json_response,
    layout, message,
};
use crate::crosswalk::council_label;
use crate::model::{Competency, Framework, Indicator, Polarity};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use std::collections::BTreeSet;
use std::sync::Arc;

pub async fn list(State(st): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let fws = st.frameworks();
    let row = |f: &Framework| {
        vec![
            f.id.clone(),
            council_label(f),
            f.title.clone().unwrap_or_default(),
            f.competencies.len().to_string(),
            f.indicator_count().to_string(),
            f.negative_count().to_string(),
            f.levels
                .iter()
                .map(|l| l.label.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            f.source.path.clone(),
            f.warnings.len().to_string(),
        ]
    };
    const HEADER: [&str; 9] = [
        "id",
        "council",
        "title",
        "competencies",
        "indicators",
        "negative",
        "levels",
        "source",
        "warnings",
    ];
    match params.format() {
        Format::Csv => {
            return csv_response("frameworks.csv", &HEADER, fws.iter().map(row).collect());
        }
        Format::Json => {
            let v: Vec<serde_json::Value> = fws
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "id": f.id, "council": f.council, "title": f.title,
                        "competencies": f.competencies.len(), "indicators": f.indicator_count(),
                        "negative": f.negative_count(),
                        "levels": f.levels.iter().map(|l| &l.label).collect::<Vec<_>>(),
                        "source": f.source.path, "warnings": f.warnings.len(),
                    })
                })
                .collect();
            return json_response("frameworks.json", &v);
        }
        Format::Html => {}
    }
    let body = html! {
        h1 { "Frameworks" }
        p.summary { (fws.len()) " frameworks in the index." }
        @if !st.store_problems.is_empty() {
            ul.warnings { @for p in &st.store_problems { li { (p) } } }
        }
        table #frameworks {
            tr { th { "Council" } th { "Title" } th { "Competencies" } th { "Indicators (negative)" } th { "Levels" } th { "Source" } th { "Warnings" } }
            @for f in fws {
                tr {
                    td { a href=(framework_url(&f.id, None)) { (council_label(f)) } }
                    td { (f.title.as_deref().unwrap_or("")) }
                    td.score { (f.competencies.len()) }
                    td.score { (f.indicator_count()) " (" (f.negative_count()) ")" }
                    td { (f.levels.iter().map(|l| l.label.as_str()).collect::<Vec<_>>().join(", ")) }
                    td { (f.source.path) }
                    td.score { (f.warnings.len()) }
                }
            }
        }
        (downloads("/frameworks", &[]))
    };
    layout::page("Frameworks", "frameworks", body).into_response()
}

pub async fn page(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some((_, fw)) = st.framework(&id) else {
        return message(
            StatusCode::NOT_FOUND,
            "No such framework",
            "The index has no framework with this id.",
        );
    };
    match params.format() {
        Format::Json => json_response(&format!("{}.json", fw.id), fw),
        Format::Csv => {
            let mut out = Vec::new();
            let _ = crate::export::write(
                std::slice::from_ref(fw),
                crate::export::Format::Csv,
                false,
                &mut out,
            );
            super::download(&format!("{}.csv", fw.id), "text/csv; charset=utf-8", out)
        }
        Format::Html => {
            let title = format!(
                "{} – {}",
                council_label(fw),
                fw.title.as_deref().unwrap_or(&fw.id)
            );
            layout::page(&title, "frameworks", render(fw)).into_response()
        }
    }
}

/// Level columns: the framework's levels by rank, then any label an indicator uses that the
/// level list lacks, then "all levels" for indicators that name none.
fn columns(fw: &Framework) -> Vec<Option<String>> {
    let mut levels: Vec<&crate::model::Level> = fw.levels.iter().collect();
    levels.sort_by_key(|l| l.rank);
    let mut cols: Vec<Option<String>> = levels.iter().map(|l| Some(l.label.clone())).collect();
    let mut all = false;
    for (_, i) in fw.indicators() {
        match &i.level {
            Some(l) if !cols.iter().any(|c| c.as_deref() == Some(l)) => cols.push(Some(l.clone())),
            None => all = true,
            _ => {}
        }
    }
    if all {
        cols.push(None);
    }
    cols
}

fn render(fw: &Framework) -> Markup {
    let cols = columns(fw);
    let pages: BTreeSet<u32> = fw.indicators().map(|(_, i)| i.source.page).collect();
    let negatives = fw.negative_count();
    let mut seen_pages = BTreeSet::new();
    html! {
        h1 { (council_label(fw)) ": " (fw.title.as_deref().unwrap_or(&fw.id)) }
        table.facts {
            tr { th { "Source file" } td #source { (fw.source.path) " (" (fw.source.format) @if let Some(p) = fw.source.pages { ", " (p) " pages" } ")" } }
            tr { th { "Council" } td { (fw.council.as_deref().unwrap_or("not named")) @if let Some(from) = &fw.council_from { " (from " (from) ")" } } }
            tr { th { "Counts" } td { (fw.competencies.len()) " competencies in " (fw.groups.len()) " groups; " (fw.indicator_count()) " indicators, " (negatives) " negative" } }
            tr { th { "Levels" } td { @for (k, l) in fw.levels.iter().enumerate() { @if k > 0 { ", " } (l.label) } } }
            @if !pages.is_empty() {
                tr { th { "Pages" } td.pages {
                    @for p in &pages { a href={ "#page-" (p) } { (p) } " " }
                } }
            }
            tr { th { "SHA-256" } td { code { (fw.source.sha256) } } }
        }
        @if !fw.warnings.is_empty() {
            h2 { "Extraction warnings" }
            ul.warnings #warnings { @for w in &fw.warnings { li { (w) } } }
        }
        (downloads(&framework_url(&fw.id, None), &[]))
        h2 { "Behaviours" }
        (grid(fw, &cols, Polarity::Positive, &mut seen_pages))
        @if negatives > 0 {
            h2 #negative { "Negative indicators (ineffective behaviours)" }
            (grid(fw, &cols, Polarity::Negative, &mut seen_pages))
        }
        @let notes: Vec<&Competency> = fw.competencies.iter().filter(|c| c.description.is_some() || !c.notes.is_empty() || !c.covers.is_empty()).collect();
        @if !notes.is_empty() {
            h2 { "Competency descriptions" }
            dl.descriptions {
                @for c in notes {
                    dt { (c.name) }
                    @if let Some(d) = &c.description { dd { (d) } }
                    @if !c.covers.is_empty() { dd { "Covers: " (c.covers.join(", ")) } }
                    @for n in &c.notes { dd { (n) } }
                }
            }
        }
    }
}

/// Competencies down (grouped), levels across, the indicators of one polarity in the cells.
/// `seen_pages` makes the first indicator of each page its `page-N` anchor.
fn grid(
    fw: &Framework,
    cols: &[Option<String>],
    polarity: Polarity,
    seen_pages: &mut BTreeSet<u32>,
) -> Markup {
    let comps: Vec<&Competency> = fw
        .competencies
        .iter()
        .filter(|c| c.indicators.iter().any(|i| i.polarity == polarity))
        .collect();
    // Only the levels this grid has indicators for (negatives often name no level).
    let cols: Vec<&Option<String>> = cols
        .iter()
        .filter(|col| {
            fw.indicators()
                .any(|(_, i)| i.polarity == polarity && i.level == **col)
        })
        .collect();
    let class = if polarity == Polarity::Negative {
        "grid negative"
    } else {
        "grid positive"
    };
    let mut last_group: Option<&str> = None;
    html! {
        @if comps.is_empty() {
            p.summary { "None." }
        } @else {
            table class=(class) {
                tr {
                    th { "Competency" }
                    @for c in &cols { th { (c.as_deref().unwrap_or("All levels")) } }
                }
                @for c in comps {
                    @if c.group.as_deref() != last_group {
                        @if let Some(g) = c.group.as_deref() {
                            tr.group { th colspan=(cols.len() + 1) { (g) } }
                        }
                        ({ last_group = c.group.as_deref(); "" })
                    }
                    tr id=[(polarity == Polarity::Positive).then(|| anchor(&c.id))] {
                        th.competency {
                            @if let Some(code) = &c.code { (code) " " }
                            (c.name)
                        }
                        @for &col in &cols {
                            td {
                                @let cell: Vec<&Indicator> = c.indicators.iter().filter(|i| i.polarity == polarity && i.level == *col).collect();
                                @if !cell.is_empty() {
                                    ul { @for i in cell { (indicator(i, seen_pages)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn indicator(i: &Indicator, seen_pages: &mut BTreeSet<u32>) -> Markup {
    let page_anchor = seen_pages.insert(i.source.page);
    html! {
        li id=(anchor(&i.id)) {
            @if page_anchor { span id={ "page-" (i.source.page) } {} }
            (i.text)
            " " span.page title={ "page " (i.source.page) ", line " (i.source.line) } { "p." (i.source.page) }
        }
    }
}
