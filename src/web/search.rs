//! The search page: the query box (same syntax as `atlas search`), facet filters with
//! counts, highlighted results linking to the framework at the indicator, pagination. The
//! URL holds the whole search, so it can be shared; `fragment=1` returns only the part that
//! live search replaces, `format=csv|json` the hits (up to [`MAX_WINDOW`]).

use super::{
    AppState, Format, MAX_QUERY_CHARS, MAX_WINDOW, PAGE_SIZE, Params, blocking, csv_response,
    downloads, framework_url, json_response, layout, url,
};
use crate::index::schema::ALL_LEVELS;
use crate::index::{self, Hit, SearchRequest, SearchResults};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use std::ops::Range;
use std::sync::Arc;

/// Facet values listed per dimension (ticked ones are always listed).
const FACET_SHOWN: usize = 25;

/// What the URL asks for, validated.
#[derive(Debug, Clone, Default)]
struct Form {
    q: String,
    councils: Vec<String>,
    levels: Vec<String>,
    groups: Vec<String>,
    polarity: Vec<String>,
    page: usize,
}

impl Form {
    fn from(p: &Params) -> Form {
        let keep = |v: Vec<String>| -> Vec<String> {
            v.into_iter()
                .filter(|s| s.chars().count() <= MAX_QUERY_CHARS)
                .take(50)
                .collect()
        };
        Form {
            q: p.get("q").unwrap_or("").trim().to_string(),
            councils: keep(p.all("council")),
            levels: keep(p.all("level")),
            groups: keep(p.all("group")),
            polarity: p
                .all("polarity")
                .into_iter()
                .filter(|v| v == "positive" || v == "negative")
                .collect(),
            page: p
                .get("page")
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, MAX_WINDOW),
        }
    }

    /// The URL parameters of this search (without the page).
    fn pairs(&self) -> Vec<(&str, &str)> {
        let mut v = vec![("q", self.q.as_str())];
        v.extend(self.councils.iter().map(|c| ("council", c.as_str())));
        v.extend(self.levels.iter().map(|c| ("level", c.as_str())));
        v.extend(self.groups.iter().map(|c| ("group", c.as_str())));
        v.extend(self.polarity.iter().map(|c| ("polarity", c.as_str())));
        v
    }

    fn request(&self, offset: usize, limit: usize, facets: bool) -> SearchRequest {
        SearchRequest {
            query: self.q.clone(),
            councils: self.councils.clone(),
            levels: self.levels.clone(),
            groups: self.groups.clone(),
            // Both ticked is the same as neither.
            polarity: (self.polarity.len() == 1).then(|| self.polarity[0].clone()),
            limit,
            offset,
            facets,
            disjunctive_facets: true,
            ..Default::default()
        }
    }
}

/// What went wrong with a search, for the reader.
enum Problem {
    None,
    /// Shown instead of results, with this status.
    Message(StatusCode, String),
}

pub async fn page(State(st): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let form = Form::from(&params);
    let fragment = params.get("fragment") == Some("1");
    let format = params.format();
    let problem = if form.q.chars().count() > MAX_QUERY_CHARS {
        Problem::Message(
            StatusCode::BAD_REQUEST,
            format!(
                "The query is too long ({} characters); the limit is {MAX_QUERY_CHARS}.",
                form.q.chars().count()
            ),
        )
    } else if form.page * PAGE_SIZE > MAX_WINDOW {
        Problem::Message(
            StatusCode::BAD_REQUEST,
            format!(
                "Only the first {MAX_WINDOW} results can be paged through; add words or filters to narrow the search."
            ),
        )
    } else {
        Problem::None
    };
    let results: Option<Result<SearchResults, String>> = match (&problem, form.q.is_empty()) {
        (Problem::None, false) => {
            let (offset, limit) = if format == Format::Html {
                ((form.page - 1) * PAGE_SIZE, PAGE_SIZE)
            } else {
                (0, MAX_WINDOW)
            };
            let req = form.request(offset, limit, format == Format::Html);
            let st2 = st.clone();
            match blocking(move || index::search(&st2.index, &req).map_err(|e| e.0)).await {
                Ok(r) => Some(r),
                Err(resp) => return resp,
            }
        }
        _ => None,
    };
    if format != Format::Html {
        return match results {
            Some(Ok(r)) => download(&form, format, &r),
            Some(Err(e)) => super::message(StatusCode::BAD_REQUEST, "Bad query", &friendly(&e)),
            None => match problem {
                Problem::Message(s, m) => super::message(s, "Cannot search", &m),
                Problem::None => super::message(
                    StatusCode::BAD_REQUEST,
                    "Nothing to download",
                    "Type a query first.",
                ),
            },
        };
    }
    let status = match (&problem, &results) {
        (Problem::Message(s, _), _) => *s,
        (_, Some(Err(_))) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    };
    let live = live_part(&st, &form, &problem, results.as_ref());
    if fragment {
        return (status, live).into_response();
    }
    let title = if form.q.is_empty() {
        "Search".to_string()
    } else {
        format!("{} – search", form.q)
    };
    let body = html! {
        form #search-form action="/search" method="get" {
            div.searchbar {
                input type="search" name="q" value=(form.q) placeholder="coaching, \"value for money\", competency:leadership -polarity:negative" aria-label="Query" maxlength=(MAX_QUERY_CHARS) autofocus;
                button type="submit" { "Search" }
            }
            div #live { (live) }
        }
    };
    (status, layout::page(&title, "search", body)).into_response()
}

/// Friendly wording of a query parser or search error.
fn friendly(e: &str) -> String {
    format!(
        "This query could not be read: {e}. Words, \"phrases\", AND/OR/NOT, +word/-word, \
         field:value (competency, council, level, group, polarity, description, title) and \
         word~1 are understood."
    )
}

/// Facets and results: what live search replaces.
fn live_part(
    st: &AppState,
    form: &Form,
    problem: &Problem,
    results: Option<&Result<SearchResults, String>>,
) -> Markup {
    let empty = SearchResults::default();
    let res = match results {
        Some(Ok(r)) => r,
        _ => &empty,
    };
    html! {
        div.layout {
            aside { (facets(form, res)) noscript { button type="submit" { "Apply filters" } } }
            section #results {
                @match (problem, results) {
                    (Problem::Message(_, m), _) => p.message { (m) },
                    (_, Some(Err(e))) => p.message #query-error { (friendly(e)) },
                    (_, None) => (intro(st)),
                    (_, Some(Ok(r))) => (hits(form, r)),
                }
            }
        }
    }
}

fn intro(st: &AppState) -> Markup {
    html! {
        p { "Search " (st.frameworks().len()) " frameworks' indicators. Try "
            a href=(url("/search", &[("q", "coaching")])) { "coaching" } ", "
            a href=(url("/search", &[("q", "\"value for money\"")])) { "\"value for money\"" } " or "
            a href=(url("/search", &[("q", "competency:leadership polarity:negative")])) { "competency:leadership polarity:negative" } "." }
        p.summary { "Words must all match; use \"phrases\", AND/OR/NOT, +word/-word, field:value (competency, council, level, group, polarity, description, title) and word~1 for a typo." }
    }
}

fn facets(form: &Form, res: &SearchResults) -> Markup {
    let Some(f) = &res.facets else {
        // Keep ticked filters in the form when there are no counts (empty or bad query).
        return html! {
            @for c in &form.councils { input type="hidden" name="council" value=(c); }
            @for c in &form.levels { input type="hidden" name="level" value=(c); }
            @for c in &form.groups { input type="hidden" name="group" value=(c); }
            @for c in &form.polarity { input type="hidden" name="polarity" value=(c); }
        };
    };
    let levels: Vec<(String, u64)> = f
        .level
        .iter()
        .filter(|(l, _)| l != ALL_LEVELS)
        .cloned()
        .collect();
    html! {
        (facet("Council", "council", &f.council, &form.councils))
        (facet("Level", "level", &levels, &form.levels))
        (facet("Polarity", "polarity", &f.polarity, &form.polarity))
        (facet("Group", "group", &f.group, &form.groups))
    }
}

/// One dimension's checkboxes: "value (count)"; ticked values stay listed even at 0.
fn facet(legend: &str, name: &str, counts: &[(String, u64)], ticked: &[String]) -> Markup {
    let is_ticked = |v: &str| ticked.iter().any(|t| t.eq_ignore_ascii_case(v));
    let mut shown: Vec<(String, u64)> = Vec::new();
    for (v, n) in counts {
        if shown.len() < FACET_SHOWN || is_ticked(v) {
            shown.push((v.clone(), *n));
        }
    }
    for t in ticked {
        if !shown.iter().any(|(v, _)| v.eq_ignore_ascii_case(t)) {
            shown.push((t.clone(), 0));
        }
    }
    let hidden = counts.len().saturating_sub(FACET_SHOWN);
    html! {
        @if !shown.is_empty() {
            fieldset.facet data-facet=(name) {
                legend { (legend) }
                @for (v, n) in &shown {
                    label {
                        input type="checkbox" name=(name) value=(v) checked[is_ticked(v)];
                        " " (v) " " span.count { "(" (n) ")" }
                    }
                }
                @if hidden > 0 { p.summary { "… and " (hidden) " more" } }
            }
        }
    }
}

fn hits(form: &Form, r: &SearchResults) -> Markup {
    let first = (form.page - 1) * PAGE_SIZE;
    let pairs = form.pairs();
    html! {
        p.summary #summary {
            @if r.total == 0 {
                "No indicator matches."
            } @else {
                (r.total) " matching indicators"
                @if !r.hits.is_empty() { ", showing " (first + 1) "–" (first + r.hits.len()) }
                "."
            }
            @if r.fuzzy_fallback && r.total > 0 { " No exact matches: showing matches allowing one typo in long words." }
        }
        @if r.total > 0 && r.hits.is_empty() {
            p.message { "This page is past the last result." }
        }
        ol.hits start=(first + 1) {
            @for h in &r.hits { (hit(h)) }
        }
        (pager(form, r.total))
        @if r.total > 0 {
            (downloads("/search", &pairs))
        }
    }
}

fn hit(h: &Hit) -> Markup {
    let link = framework_url(&h.framework, Some(&h.indicator));
    html! {
        li.hit {
            div.meta {
                a.competency href=(link) { (h.competency) }
                " · " span.council { (h.council) }
                " · " span.level { (h.level.as_deref().unwrap_or("all levels")) }
                @if h.polarity == "negative" { span.tag.negative { "negative" } }
                @if let Some(g) = &h.group { span.tag { (g) } }
            }
            p.text { (highlighted(&h.text, &h.highlights)) }
            div.src { (h.path) " · page " (h.page) ", line " (h.line) }
        }
    }
}

/// `text` with each highlighted range in `<mark>`, every piece escaped.
pub fn highlighted(text: &str, ranges: &[Range<usize>]) -> Markup {
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for r in tantivy::snippet::collapse_overlapped_ranges(ranges) {
        if r.start < at {
            continue;
        }
        let (Some(before), Some(inside)) = (text.get(at..r.start), text.get(r.clone())) else {
            continue;
        };
        pieces.push((false, before));
        pieces.push((true, inside));
        at = r.end;
    }
    pieces.push((false, text.get(at..).unwrap_or("")));
    html! {
        @for (m, s) in pieces {
            @if m { mark { (s) } } @else { (s) }
        }
    }
}

fn pager(form: &Form, total: usize) -> Markup {
    let reachable = total.min(MAX_WINDOW);
    let pages = reachable.div_ceil(PAGE_SIZE);
    if pages <= 1 {
        return html! {};
    }
    let link = |n: usize| {
        let mut p = form.pairs();
        let s = n.to_string();
        p.push(("page", &s));
        url("/search", &p)
    };
    let cur = form.page;
    let lo = cur.saturating_sub(4).max(1);
    let hi = (cur + 4).min(pages);
    html! {
        nav.pager aria-label="Pages" {
            @if cur > 1 { a rel="prev" href=(link(cur - 1)) { "← Previous" } }
            @for n in lo..=hi {
                @if n == cur { span aria-current="page" { strong { (n) } } }
                @else { a href=(link(n)) { (n) } }
            }
            @if cur < pages { a rel="next" href=(link(cur + 1)) { "Next →" } }
            @if total > MAX_WINDOW { span.summary { "(the first " (MAX_WINDOW) " results can be paged through)" } }
        }
    }
}

fn download(form: &Form, format: Format, r: &SearchResults) -> Response {
    match format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct Out<'a> {
                query: &'a str,
                total: usize,
                returned: usize,
                hits: &'a [Hit],
            }
            json_response(
                "search.json",
                &Out {
                    query: &form.q,
                    total: r.total,
                    returned: r.hits.len(),
                    hits: &r.hits,
                },
            )
        }
        _ => csv_response(
            "search.csv",
            &[
                "score",
                "council",
                "framework",
                "title",
                "group",
                "competency",
                "code",
                "level",
                "polarity",
                "text",
                "path",
                "page",
                "line",
                "indicator",
            ],
            r.hits
                .iter()
                .map(|h| {
                    vec![
                        format!("{:.4}", h.score),
                        h.council.clone(),
                        h.framework.clone(),
                        h.title.clone(),
                        h.group.clone().unwrap_or_default(),
                        h.competency.clone(),
                        h.code.clone().unwrap_or_default(),
                        h.level.clone().unwrap_or_default(),
                        h.polarity.clone(),
                        h.text.clone(),
                        h.path.clone(),
                        h.page.to_string(),
                        h.line.to_string(),
                        h.indicator.clone(),
                    ]
                })
                .collect(),
        ),
    }
}
