//! Running a search: ranked hits with highlight ranges, an exact total, and optional
//! facet counts over every matching document (not just the hits shown).

use super::Index;
use super::query::{self, QueryError};
use super::schema::{ALL_LEVELS, FACET_COUNCIL, FACET_GROUP, FACET_LEVEL, FACET_POLARITY};
use serde::Serialize;
use std::ops::Range;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Searcher, TantivyDocument};

#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    /// Case-insensitive substring of the council name.
    pub council: Option<String>,
    /// Case-insensitive level label (exact, else substring).
    pub level: Option<String>,
    /// "positive" or "negative".
    pub polarity: Option<String>,
    /// Case-insensitive substring of the group name.
    pub group: Option<String>,
    pub limit: usize,
    pub facets: bool,
    /// Hits to skip before the first one returned (pagination).
    pub offset: usize,
    /// Only these councils (exact name, case-insensitive; any of them).
    pub councils: Vec<String>,
    /// Only these levels (exact label, case-insensitive; any of them).
    pub levels: Vec<String>,
    /// Only these groups (exact name, case-insensitive; any of them).
    pub groups: Vec<String>,
    /// Count each facet dimension without that dimension's own filters, so the values not
    /// chosen stay visible with the count they would add (a filter sidebar). Otherwise every
    /// count is over the matches as filtered (`atlas search --facets`).
    pub disjunctive_facets: bool,
}

/// Each filter with the facet dimension it narrows.
type Filters = Vec<(Dim, Box<dyn Query>)>;

/// One facet dimension: what a filter narrows and a count groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dim {
    Council,
    Level,
    Polarity,
    Group,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub score: f32,
    pub framework: String,
    pub council: String,
    pub title: String,
    pub group: Option<String>,
    pub competency: String,
    pub code: Option<String>,
    pub level: Option<String>,
    pub level_rank: Option<u64>,
    pub polarity: String,
    pub text: String,
    /// Byte ranges of `text` that matched the query.
    #[serde(skip)]
    pub highlights: Vec<Range<usize>>,
    pub path: String,
    pub page: u64,
    pub line: u64,
    pub indicator: String,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct FacetCounts {
    pub council: Vec<(String, u64)>,
    pub level: Vec<(String, u64)>,
    /// Empty for an index written before polarity and group facets were indexed.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub polarity: Vec<(String, u64)>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub group: Vec<(String, u64)>,
}

#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Every matching document, however many are shown.
    pub total: usize,
    pub facets: Option<FacetCounts>,
    /// The exact query found nothing and long words were matched with one typo allowed.
    pub fuzzy_fallback: bool,
}

pub fn search(index: &Index, req: &SearchRequest) -> Result<SearchResults, QueryError> {
    let searcher = index.searcher().map_err(QueryError)?;
    let parsed = query::parse(index, &req.query, false)?;
    let filters = filters(index, &searcher, req)?;
    let mut results = run(index, &searcher, &parsed, &filters, req)?;
    if results.total == 0 {
        let fuzzy = query::parse(index, &req.query, true)?;
        if fuzzy.has_auto_fuzzy {
            results = run(index, &searcher, &fuzzy, &filters, req)?;
            results.fuzzy_fallback = true;
        }
    }
    Ok(results)
}

/// A filter that matches nothing is still a filter: `--council nowhere` finds no hits.
fn filters(index: &Index, searcher: &Searcher, req: &SearchRequest) -> Result<Filters, QueryError> {
    let f = index.fields;
    let mut out: Vec<(Dim, Box<dyn Query>)> = Vec::new();
    let exact = |v: &[String]| v.iter().map(|x| x.to_lowercase()).collect::<Vec<_>>();
    if !req.councils.is_empty() {
        out.push((
            Dim::Council,
            query::any_of(f.council_key, &exact(&req.councils)),
        ));
    }
    if !req.levels.is_empty() {
        out.push((Dim::Level, query::any_of(f.level_key, &exact(&req.levels))));
    }
    if !req.groups.is_empty() {
        out.push((Dim::Group, query::any_of(f.group_key, &exact(&req.groups))));
    }
    let err = |e: String| QueryError(format!("cannot read index: {e}"));
    if let Some(c) = &req.council {
        let want = c.to_lowercase();
        let values: Vec<String> = query::distinct_values(searcher, f.council_key)
            .map_err(err)?
            .into_iter()
            .filter(|v| v.contains(&want))
            .collect();
        out.push((Dim::Council, query::any_of(f.council_key, &values)));
    }
    if let Some(g) = &req.group {
        let want = g.to_lowercase();
        let values: Vec<String> = query::distinct_values(searcher, f.group_key)
            .map_err(err)?
            .into_iter()
            .filter(|v| v.contains(&want))
            .collect();
        out.push((Dim::Group, query::any_of(f.group_key, &values)));
    }
    if let Some(l) = &req.level {
        let want = l.to_lowercase();
        let all = query::distinct_values(searcher, f.level_key).map_err(err)?;
        let values: Vec<String> = if all.contains(&want) {
            vec![want]
        } else {
            all.into_iter().filter(|v| v.contains(&want)).collect()
        };
        out.push((Dim::Level, query::any_of(f.level_key, &values)));
    }
    if let Some(p) = &req.polarity {
        let p = p.to_lowercase();
        let p = match p.as_str() {
            "positive" | "pos" | "+" => "positive",
            "negative" | "neg" | "-" => "negative",
            _ => {
                return Err(QueryError(format!(
                    "--polarity must be positive or negative, not {p:?}"
                )));
            }
        };
        out.push((Dim::Polarity, query::any_of(f.polarity, &[p.to_string()])));
    }
    Ok(out)
}

/// The query narrowed by every filter whose dimension `skip` does not name.
fn filtered(q: &dyn Query, filters: &[(Dim, Box<dyn Query>)], skip: Option<Dim>) -> Box<dyn Query> {
    let active: Vec<&Box<dyn Query>> = filters
        .iter()
        .filter(|(d, _)| Some(*d) != skip)
        .map(|(_, f)| f)
        .collect();
    if active.is_empty() {
        return q.box_clone();
    }
    let mut subs = vec![(Occur::Must, q.box_clone())];
    // Filters must not change the BM25 order, only narrow it.
    subs.extend(active.into_iter().map(|f| {
        let c: Box<dyn Query> = Box::new(tantivy::query::ConstScoreQuery::new(f.box_clone(), 0.0));
        (Occur::Must, c)
    }));
    Box::new(BooleanQuery::new(subs))
}

const FACET_ROOTS: [(Dim, &str); 4] = [
    (Dim::Council, FACET_COUNCIL),
    (Dim::Level, FACET_LEVEL),
    (Dim::Polarity, FACET_POLARITY),
    (Dim::Group, FACET_GROUP),
];

fn facet_collector() -> FacetCollector {
    let mut fc = FacetCollector::for_field("facet");
    for (_, root) in FACET_ROOTS {
        fc.add_facet(root);
    }
    fc
}

fn facet_list(counts: &tantivy::collector::FacetCounts, root: &str) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts.get(root).map(|(f, c)| (facet_leaf(f), c)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

fn set_dim(fc: &mut FacetCounts, dim: Dim, v: Vec<(String, u64)>) {
    match dim {
        Dim::Council => fc.council = v,
        Dim::Level => fc.level = v,
        Dim::Polarity => fc.polarity = v,
        Dim::Group => fc.group = v,
    }
}

fn run(
    index: &Index,
    searcher: &Searcher,
    parsed: &query::Parsed,
    filters: &[(Dim, Box<dyn Query>)],
    req: &SearchRequest,
) -> Result<SearchResults, QueryError> {
    let q = &parsed.query;
    let fail = |e: tantivy::TantivyError| QueryError(format!("search failed: {e}"));
    let full = filtered(&**q, filters, None);
    let top = TopDocs::with_limit(req.limit.max(1))
        .and_offset(req.offset)
        .order_by_score();
    let (total, top, facets) = if req.facets {
        let (n, t, counts) = searcher
            .search(&*full, &(Count, top, facet_collector()))
            .map_err(fail)?;
        let mut fcounts = FacetCounts::default();
        for (dim, root) in FACET_ROOTS {
            set_dim(&mut fcounts, dim, facet_list(&counts, root));
        }
        if req.disjunctive_facets {
            for (dim, root) in FACET_ROOTS {
                if !filters.iter().any(|(d, _)| *d == dim) {
                    continue;
                }
                let mut fc = FacetCollector::for_field("facet");
                fc.add_facet(root);
                let without = filtered(&**q, filters, Some(dim));
                let counts = searcher.search(&*without, &fc).map_err(fail)?;
                set_dim(&mut fcounts, dim, facet_list(&counts, root));
            }
        }
        (n, t, Some(fcounts))
    } else {
        let (n, t) = searcher.search(&*full, &(Count, top)).map_err(fail)?;
        (n, t, None)
    };
    let top = if req.limit == 0 { Vec::new() } else { top };
    let mut snippets = SnippetGenerator::create(searcher, &**q, index.fields.text).map_err(fail)?;
    // Indicators are short: highlight the whole text rather than a fragment of it.
    snippets.set_max_num_chars(4096);
    let hits = top
        .into_iter()
        .map(|(score, addr)| {
            let mut h = hit(index, searcher, &snippets, score, addr)?;
            h.highlights
                .extend(query::fuzzy_highlights(&h.text, &parsed.fuzzy_text_terms));
            Ok(h)
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)?;
    Ok(SearchResults {
        hits,
        total,
        facets,
        fuzzy_fallback: false,
    })
}

fn facet_leaf(f: &tantivy::schema::Facet) -> String {
    f.to_path()
        .last()
        .map(|s| s.to_string())
        .unwrap_or_default()
}

fn hit(
    index: &Index,
    searcher: &Searcher,
    snippets: &SnippetGenerator,
    score: f32,
    addr: DocAddress,
) -> tantivy::Result<Hit> {
    let f = index.fields;
    let doc: TantivyDocument = searcher.doc(addr)?;
    let s = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(|v| v.to_string())
    };
    let u = |field| doc.get_first(field).and_then(|v| v.as_u64());
    let text = s(f.text).unwrap_or_default();
    let snippet = snippets.snippet(&text);
    let offset = snippet.fragment_range().start;
    let highlights = snippet
        .highlighted()
        .iter()
        .map(|r| r.start + offset..r.end + offset)
        .collect();
    Ok(Hit {
        score,
        framework: s(f.framework).unwrap_or_default(),
        council: s(f.council).unwrap_or_default(),
        title: s(f.title).unwrap_or_default(),
        group: s(f.group),
        competency: s(f.competency).unwrap_or_default(),
        code: s(f.code),
        level: s(f.level).filter(|l| l != ALL_LEVELS),
        level_rank: u(f.level_rank),
        polarity: s(f.polarity).unwrap_or_default(),
        text,
        highlights,
        path: s(f.path).unwrap_or_default(),
        page: u(f.page).unwrap_or(0),
        line: u(f.line).unwrap_or(0),
        indicator: s(f.indicator).unwrap_or_default(),
    })
}

/// `text` with each highlighted range wrapped in `open`/`close`.
pub fn mark(text: &str, highlights: &[Range<usize>], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len() + highlights.len() * 8);
    let mut at = 0;
    for r in tantivy::snippet::collapse_overlapped_ranges(highlights) {
        if r.start < at || r.end > text.len() {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(open);
        out.push_str(&text[r.clone()]);
        out.push_str(close);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}
