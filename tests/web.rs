//! HTTP-level tests of `atlas serve`'s pages, in process (tower `oneshot`, no network):
//! every page, the downloads, the limits, friendly errors, escaping of hostile document
//! text, and a fuzz of query strings and paths that must never produce a 500 or a panic.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use competency_atlas::model::Framework;
use competency_atlas::web::{self, AppState};
use http_body_util::BodyExt;
use std::sync::Arc;
use tower::ServiceExt;

fn app(fws: &[Framework]) -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    common::build_index(dir.path(), fws);
    let st = AppState::open(dir.path()).unwrap();
    (dir, web::router(Arc::new(st)))
}

struct Got {
    status: StatusCode,
    content_type: String,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn get(app: &Router, uri: &str) -> Got {
    let req = Request::builder().uri(uri).body(Body::empty()).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Got {
        status,
        content_type,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn q(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn search_page_highlights_hits_links_to_the_indicator_and_counts_facets() {
    let (_d, app) = app(&common::all());
    let g = get(&app, "/search?q=coaching").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(
        g.content_type.starts_with("text/html"),
        "{}",
        g.content_type
    );
    let b = &g.body;
    assert!(b.contains("<mark>"), "highlighted snippet: {b}");
    assert!(b.contains("matching indicators"));
    // A result links to the framework page at the indicator's anchor.
    assert!(
        b.contains("href=\"/framework/medway-senior-management#medway-senior-management%2Fcoaching-and-developing-others%2F"),
        "{b}"
    );
    // Facets with counts, and the query kept in the box.
    assert!(b.contains("name=\"council\" value=\"Medway Council\""));
    assert!(b.contains("name=\"level\""));
    assert!(b.contains("name=\"polarity\" value=\"negative\""));
    assert!(b.contains("name=\"group\""));
    assert!(b.contains("value=\"coaching\""));
    assert!(b.contains("format=csv") && b.contains("format=json"));
    // Security headers on every page.
    let csp = g.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("script-src 'self'"));
    // The landing page (no query) works too.
    let g = get(&app, "/").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.body.contains("id=\"search-form\""));
}

#[tokio::test]
async fn ticked_councils_filter_results_and_keep_other_councils_listed() {
    let (_d, app) = app(&common::all());
    let url = format!(
        "/search?q=coaching&council={}&council={}",
        q("Medway Council"),
        q("Derbyshire County Council")
    );
    let g = get(&app, &url).await;
    assert_eq!(g.status, StatusCode::OK);
    let hits: Vec<&str> = g.body.split("<li class=\"hit\">").skip(1).collect();
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(
            h.contains("Medway Council") || h.contains("Derbyshire County Council"),
            "{h}"
        );
        assert!(!h.contains("<span class=\"council\">Mansfield"), "{h}");
    }
    // Both ticked, and Mansfield still offered with its count (disjunctive facets).
    assert!(g.body.contains("value=\"Medway Council\" checked"));
    assert!(
        g.body
            .contains("value=\"Derbyshire County Council\" checked")
    );
    assert!(g.body.contains("value=\"Mansfield District Council\""));
    // Polarity and level filters.
    let g = get(&app, "/search?q=coaching&polarity=negative").await;
    // (Matched words are inside <mark>: look at the words around them.)
    assert!(g.body.contains("conversations with underperforming staff"));
    assert!(!g.body.contains("team members to improve"));
    let g = get(&app, &format!("/search?q=coaching&level={}", q("level 2"))).await;
    assert!(g.body.contains("colleagues through change"));
    assert!(!g.body.contains("conversations with underperforming staff"));
    // The live-search fragment is only the part that changes.
    let g = get(&app, "/search?q=coaching&fragment=1").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(!g.body.contains("<html") && g.body.contains("id=\"results\""));
}

#[tokio::test]
async fn pages_through_results_within_the_window() {
    let fws = competency_atlas::index::synth::frameworks(3, 40, 1);
    let (_d, app) = app(&fws);
    let g = get(&app, "/search?q=*&page=2").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.body.contains("showing 21–40"), "{}", g.body);
    assert!(g.body.contains("rel=\"prev\"") && g.body.contains("rel=\"next\""));
    assert!(g.body.contains("<ol class=\"hits\" start=\"21\">"));
    let g = get(&app, "/search?q=*&page=51").await;
    assert_eq!(g.status, StatusCode::BAD_REQUEST);
    assert!(g.body.contains("Only the first 1000 results"));
    let g = get(&app, "/search?q=*&page=abc").await;
    assert_eq!(g.status, StatusCode::OK);
    // Downloads are capped at the window.
    let g = get(&app, "/search?q=*&format=csv").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.content_type.starts_with("text/csv"));
    let rows = csv::Reader::from_reader(g.body.as_bytes())
        .records()
        .count();
    assert_eq!(rows, 120.min(web::MAX_WINDOW));
}

#[tokio::test]
async fn bad_and_oversized_queries_get_a_friendly_message() {
    let (_d, app) = app(&common::all());
    for bad in ["\"value for", "colour:red", "AND"] {
        let g = get(&app, &format!("/search?q={}", q(bad))).await;
        assert_eq!(g.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(g.body.contains("could not be read"), "{bad}: {}", g.body);
        assert!(
            g.body.contains("id=\"search-form\""),
            "the page, not a bare error"
        );
    }
    let long = "coaching ".repeat(100);
    let g = get(&app, &format!("/search?q={}", q(&long))).await;
    assert_eq!(g.status, StatusCode::BAD_REQUEST);
    assert!(g.body.contains("the limit is 500"));
    let huge = "a".repeat(20_000);
    let g = get(&app, &format!("/search?q={huge}")).await;
    assert_eq!(g.status, StatusCode::URI_TOO_LONG);
}

#[tokio::test]
async fn framework_page_is_a_grid_with_negatives_apart_and_provenance() {
    let mut fws = common::all();
    fws[0].warnings.push("level of 2 indicators guessed".into());
    fws[0].source.pages = Some(7);
    let (_d, app) = app(&fws);
    let g = get(&app, "/framework/medway-senior-management").await;
    assert_eq!(g.status, StatusCode::OK);
    let b = &g.body;
    // Levels across in rank order, "All levels" for indicators without a level.
    let sm = b.find("<th>Senior manager</th>").unwrap();
    let hs = b.find("<th>Head of service</th>").unwrap();
    let all = b.find("<th>All levels</th>").unwrap();
    assert!(sm < hs && hs < all);
    // Competencies down, negatives in their own grid after the positive one.
    let neg = b.find("Negative indicators").unwrap();
    assert!(b.find("Coaches team members").unwrap() < neg);
    assert!(b.find("Avoids coaching conversations").unwrap() > neg);
    assert!(b.contains("<table class=\"grid negative\">"));
    // Anchors per indicator, page links, source and warnings.
    assert!(b.contains("id=\"medway-senior-management%2Fcoaching-and-developing-others%2F0\""));
    assert!(b.contains("href=\"#page-1\"") && b.contains("id=\"page-1\""));
    assert!(b.contains("medway-senior-management.txt") || b.contains("id=\"source\""));
    assert!(b.contains("level of 2 indicators guessed"));
    assert!(b.contains("7 pages"));
    // Downloads.
    let g = get(&app, "/framework/medway-senior-management?format=json").await;
    let v: serde_json::Value = serde_json::from_str(&g.body).unwrap();
    assert_eq!(v["id"], "medway-senior-management");
    let g = get(&app, "/framework/medway-senior-management?format=csv").await;
    assert!(g.body.starts_with("framework_id,council"));
    assert_eq!(
        csv::Reader::from_reader(g.body.as_bytes())
            .records()
            .count(),
        fws[0].indicator_count()
    );
    // The list of frameworks.
    let g = get(&app, "/frameworks").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(
        g.body
            .contains("href=\"/framework/derbyshire-senior-leaders\"")
    );
    let g = get(&app, "/frameworks?format=csv").await;
    assert_eq!(
        csv::Reader::from_reader(g.body.as_bytes())
            .records()
            .count(),
        3
    );
}

#[tokio::test]
async fn nothing_outside_the_store_is_served() {
    let (_d, app) = app(&common::all());
    for path in [
        "/framework/nope",
        "/framework/..%2F..%2F..%2Fetc%2Fpasswd",
        "/framework/%2e%2e",
        "/framework/../Cargo.toml",
        "/assets/../../Cargo.toml",
        "/assets/style.css/../../../etc/passwd",
        "/frameworks/medway-senior-management.json",
        "/index/frameworks/medway-senior-management.json",
        "/tantivy/meta.json",
        "/etc/passwd",
    ] {
        let g = get(&app, path).await;
        assert!(
            g.status == StatusCode::NOT_FOUND,
            "{path}: {} {}",
            g.status,
            g.body
        );
        assert!(!g.body.contains("root:"), "{path}");
        assert!(!g.body.contains("schema_version"), "{path}");
    }
    let g = get(&app, "/assets/style.css").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.content_type.starts_with("text/css"));
    let g = get(&app, "/assets/app.js").await;
    assert!(g.content_type.starts_with("text/javascript"));
}

#[tokio::test]
async fn compare_shows_matches_scores_shared_terms_and_what_has_no_counterpart() {
    let (_d, app) = app(&common::all());
    let g = get(&app, "/compare").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.body.contains("id=\"compare-form\""));
    let g = get(
        &app,
        "/compare?a=medway-senior-management&b=derbyshire-senior-leaders",
    )
    .await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    let b = &g.body;
    assert!(b.contains("Medway Council → Derbyshire County Council"));
    assert!(b.contains("Derbyshire County Council → Medway Council"));
    // Coaching ↔ Coaching and developing others, with a score and shared terms.
    let row = b
        .split("<tr>")
        .find(|r| r.contains(">Coaching and developing others<") && r.contains(">Coaching<"))
        .unwrap_or_else(|| panic!("no coaching match: {b}"));
    assert!(row.contains("class=\"score s"), "{row}");
    assert!(row.contains("coach"), "{row}");
    assert!(b.contains("No counterpart in"));
    // Downloads.
    let g = get(
        &app,
        "/compare?a=medway-senior-management&b=derbyshire-senior-leaders&format=json",
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&g.body).unwrap();
    assert!(
        v["a_to_b"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["to"] == "Coaching")
    );
    let g = get(
        &app,
        "/compare?a=medway-senior-management&b=derbyshire-senior-leaders&format=csv",
    )
    .await;
    assert!(g.body.starts_with("from_council,"));
    // Friendly refusals.
    let g = get(
        &app,
        "/compare?a=medway-senior-management&b=medway-senior-management",
    )
    .await;
    assert_eq!(g.status, StatusCode::BAD_REQUEST);
    assert!(g.body.contains("two different"));
    let g = get(&app, "/compare?a=medway-senior-management&b=..%2Fetc").await;
    assert_eq!(g.status, StatusCode::BAD_REQUEST);
}

/// Two councils sharing an indicator copied word for word, so there is a family.
fn with_copied_indicator() -> Vec<Framework> {
    let mut fws = common::all();
    let copied = "Builds trusting relationships with partners, residents and community groups across the borough";
    for f in fws.iter_mut().take(2) {
        let c = &mut f.competencies[0];
        let mut i = c.indicators[0].clone();
        i.id = format!("{}/copied", c.id);
        i.text = copied.into();
        c.indicators.push(i);
    }
    fws
}

#[tokio::test]
async fn themes_and_families_pages_and_downloads() {
    let (_d, app) = app(&with_copied_indicator());
    let g = get(&app, "/themes").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.body.contains("<h1>Themes</h1>"));
    assert!(g.body.contains("Theme 1"), "{}", g.body);
    let g = get(&app, "/themes?format=csv").await;
    assert!(g.body.starts_with("theme,terms,cohesion"));
    let g = get(&app, "/themes?format=json").await;
    assert!(
        serde_json::from_str::<serde_json::Value>(&g.body)
            .unwrap()
            .is_array()
    );
    let g = get(&app, "/families").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.body.contains("Family 1"), "{}", g.body);
    assert!(g.body.contains("Builds trusting relationships"));
    let g = get(&app, "/families?format=json").await;
    let v: serde_json::Value = serde_json::from_str(&g.body).unwrap();
    assert!(v.as_array().unwrap().len() >= 2);
    let g = get(&app, "/families?format=csv").await;
    assert!(g.body.starts_with("family,council"));
}

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(2)>";

fn poisoned() -> Vec<Framework> {
    let mut fws = with_copied_indicator();
    let f = &mut fws[0];
    f.council = Some(format!("Evil {SCRIPT} Council"));
    f.title = Some(format!("Title {IMG}"));
    f.source.path = format!("docs/{IMG}.pdf");
    f.warnings.push(format!("warning {SCRIPT}"));
    f.levels[0].label = format!("Senior {IMG}");
    f.groups[0].name = format!("Group {SCRIPT}");
    let c = &mut f.competencies[0];
    c.name = format!("Coaching {IMG}");
    c.group = Some(format!("Group {SCRIPT}"));
    c.description = Some(format!("desc {SCRIPT}"));
    for i in c.indicators.iter_mut() {
        if i.level.as_deref() == Some("Senior manager") {
            i.level = Some(format!("Senior {IMG}"));
        }
        i.text = format!("{} coaching {SCRIPT} {IMG}", i.text);
    }
    c.indicators[1].id = format!("{}/{IMG}", c.id);
    // The copied indicator carries markup in both councils, for the families page.
    fws[1].competencies[0].indicators.last_mut().unwrap().text += &format!(" {SCRIPT}");
    fws
}

fn assert_inert(page: &str, body: &str) {
    for live in [
        "<script>alert",
        "<img src=x",
        "<img src=\"x\"",
        "onerror=alert(2)>",
    ] {
        assert!(
            !body.contains(live),
            "{page}: live markup {live:?} in\n{body}"
        );
    }
}

#[tokio::test]
async fn hostile_document_text_renders_as_text_on_every_page() {
    let fws = poisoned();
    let id = fws[0].id.clone();
    let (_d, app) = app(&fws);
    let pages = [
        "/search?q=coaching".to_string(),
        format!(
            "/search?q=coaching&council={}",
            q(&format!("Evil {SCRIPT} Council"))
        ),
        format!("/search?q={}", q(SCRIPT)),
        format!("/search?q={}", q(IMG)),
        "/search?q=coaching&fragment=1".into(),
        format!("/framework/{id}"),
        "/frameworks".into(),
        format!("/compare?a={id}&b=derbyshire-senior-leaders"),
        "/compare".into(),
        "/themes".into(),
        "/families".into(),
    ];
    let mut saw_escaped = 0;
    for p in &pages {
        let g = get(&app, p).await;
        assert_ne!(g.status, StatusCode::INTERNAL_SERVER_ERROR, "{p}");
        assert_inert(p, &g.body);
        if g.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") {
            saw_escaped += 1;
        }
    }
    // The text is shown (escaped), not dropped.
    assert!(saw_escaped >= 6, "{saw_escaped}");
    let g = get(&app, &format!("/framework/{id}")).await;
    assert!(
        g.body
            .contains("Evil &lt;script&gt;alert(1)&lt;/script&gt; Council")
    );
    assert!(
        g.body
            .contains("Coaching \"&gt;&lt;img src=x onerror=alert(2)&gt;")
            || g.body.contains("Coaching &quot;&gt;&lt;img")
    );
    // Downloads are data, not pages: served as CSV/JSON, never as HTML.
    for p in [
        format!("/framework/{id}?format=csv"),
        format!("/framework/{id}?format=json"),
        "/search?q=coaching&format=csv".into(),
        "/search?q=coaching&format=json".into(),
    ] {
        let g = get(&app, &p).await;
        assert!(!g.content_type.contains("html"), "{p}: {}", g.content_type);
        assert_eq!(g.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}

#[test]
fn the_server_never_fails_on_any_query_string_or_path() {
    use proptest::prelude::*;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (_d, app) = app(&common::all());
    let check = |uri: String| {
        let Ok(req) = Request::builder().uri(uri.as_str()).body(Body::empty()) else {
            return; // not a URI hyper would hand us
        };
        let res = rt.block_on(app.clone().oneshot(req)).unwrap();
        assert!(!res.status().is_server_error(), "{uri}: {}", res.status());
    };
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let words = prop_oneof![
        Just("coaching".to_string()),
        Just("\"".to_string()),
        Just("AND".to_string()),
        Just("OR".to_string()),
        Just("NOT".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("council:".to_string()),
        Just("level:[1 TO 3]".to_string()),
        Just("~".to_string()),
        Just("*".to_string()),
        Just("-".to_string()),
        Just("+".to_string()),
        Just("^2".to_string()),
        Just("rank:>2".to_string()),
        Just("value~9".to_string()),
        "\\PC{0,12}",
        "[a-z]{1,14}~[0-9]",
    ];
    let query = proptest::collection::vec(words, 0..8).prop_map(|w| w.join(" "));
    let key = prop_oneof![
        Just("q"),
        Just("council"),
        Just("level"),
        Just("group"),
        Just("polarity"),
        Just("page"),
        Just("format"),
        Just("fragment"),
        Just("a"),
        Just("b"),
    ];
    let path = prop_oneof![
        Just("/search"),
        Just("/"),
        Just("/compare"),
        Just("/themes"),
        Just("/families"),
        Just("/frameworks"),
        Just("/framework/medway-senior-management"),
    ];
    let strategy = (path, proptest::collection::vec((key, query), 0..5));
    runner
        .run(&strategy, |(path, pairs)| {
            let mut s = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &pairs {
                s.append_pair(k, v);
            }
            check(format!("{path}?{}", s.finish()));
            Ok(())
        })
        .unwrap();
    // Raw (unencoded or badly encoded) query strings and paths.
    let raw = "[ -~]{0,40}";
    runner
        .run(&(raw, raw), |(p, qs)| {
            let p: String = p
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '#')
                .collect();
            let qs: String = qs
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '#')
                .collect();
            check(format!("/search?q={qs}"));
            check(format!("/framework/{p}"));
            check(format!("/{p}?{qs}"));
            Ok(())
        })
        .unwrap();
}

#[test]
fn an_index_folder_without_an_index_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = AppState::open(dir.path()).err().unwrap();
    assert!(e.contains("atlas ingest"), "{e}");
}

/// An ingest while the server runs is served without a restart: the next request after it
/// starts a reread, and requests get the new state once it is read.
#[tokio::test]
async fn a_running_server_picks_up_a_new_ingest() {
    let dir = tempfile::tempdir().unwrap();
    common::build_index(dir.path(), &[common::medway()]);
    let live = web::Live::open(dir.path(), std::time::Duration::ZERO).unwrap();
    let before = get(&live.router(), "/frameworks").await;
    assert!(before.body.contains("Medway Council"), "{}", before.body);
    assert!(!before.body.contains("Derbyshire County Council"));
    let search = format!("/search?q={}", q("coaches colleagues"));
    let missing = get(&live.router(), &search).await;
    assert!(
        missing.body.contains("No indicator matches"),
        "{}",
        missing.body
    );

    common::build_index(dir.path(), &[common::derbyshire()]);
    let mut seen = false;
    for _ in 0..200 {
        let now = get(&live.router(), "/frameworks").await;
        if now.body.contains("Derbyshire County Council") {
            assert!(now.body.contains("Medway Council"));
            seen = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(seen, "the new framework never appeared");
    let found = get(&live.router(), &search).await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(
        found.body.contains("Derbyshire County Council"),
        "{}",
        found.body
    );
}
