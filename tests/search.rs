//! End-to-end: indexes built through the library, searched through the real `atlas` binary.

mod common;

use competency_atlas::index::{Index, analyzer};
use competency_atlas::model::{Framework, Polarity};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

fn atlas(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(args)
        .output()
        .expect("atlas runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `atlas search --json` hits (lines with a "text" field).
fn search_json(root: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["search", "--index", root.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    let o = atlas(&args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v.get("text").is_some())
        .collect()
}

fn texts(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["text"].as_str().unwrap().to_string())
        .collect()
}

fn indexed() -> (tempfile::TempDir, Vec<Framework>) {
    let dir = tempfile::tempdir().unwrap();
    let fws = common::all();
    common::build_index(dir.path(), &fws);
    (dir, fws)
}

#[test]
fn coaching_finds_indicators_of_several_councils() {
    let (dir, _) = indexed();
    let hits = search_json(dir.path(), &["coaching"]);
    let councils: std::collections::BTreeSet<&str> = hits
        .iter()
        .map(|h| h["council"].as_str().unwrap())
        .collect();
    assert!(councils.len() >= 3, "{councils:?}");
    for h in &hits {
        for key in [
            "competency",
            "level",
            "polarity",
            "path",
            "page",
            "line",
            "score",
        ] {
            assert!(h.get(key).is_some(), "{key} missing in {h}");
        }
    }
    assert!(texts(&hits).contains(&"Coaches apprentices and volunteers".to_string()));
    assert!(
        hits.iter()
            .any(|h| h["highlighted"] == "[[Coaches]] apprentices and volunteers"),
        "{hits:?}"
    );
}

#[test]
fn stemming_matches_collaboration_and_collaborative() {
    let (dir, _) = indexed();
    let t = texts(&search_json(dir.path(), &["text:collaborate"]));
    assert!(
        t.iter().any(|t| t.contains("collaboration opportunities")),
        "{t:?}"
    );
    assert!(
        t.iter().any(|t| t.contains("collaborative partnerships")),
        "{t:?}"
    );
    assert!(t.iter().any(|t| t.contains("Collaborates with")), "{t:?}");
}

#[test]
fn phrase_matches_only_the_phrase() {
    let (dir, _) = indexed();
    let t = texts(&search_json(dir.path(), &["\"value for money\""]));
    assert_eq!(t.len(), 2, "{t:?}");
    assert!(t.iter().all(|t| t.contains("value for money")));
    let loose = texts(&search_json(dir.path(), &["value money"]));
    assert_eq!(loose.len(), 4, "{loose:?}");
}

#[test]
fn typographic_quotes_dashes_and_accents_fold() {
    let (dir, _) = indexed();
    assert_eq!(
        search_json(dir.path(), &["\"integrity even when it's\""]).len(),
        1
    );
    assert_eq!(search_json(dir.path(), &["mediation"]).len(), 1);
}

#[test]
fn council_and_polarity_filters() {
    let (dir, fws) = indexed();
    let hits = search_json(
        dir.path(),
        &["*", "--council", "medway", "--polarity", "negative"],
    );
    let expected: Vec<&str> = fws[0]
        .indicators()
        .filter(|(_, i)| i.polarity == Polarity::Negative)
        .map(|(_, i)| i.text.as_str())
        .collect();
    assert_eq!(hits.len(), expected.len());
    for h in &hits {
        assert_eq!(h["council"], "Medway Council");
        assert_eq!(h["polarity"], "negative");
    }
    let hits = search_json(
        dir.path(),
        &["coaching", "--council", "DERBY", "--level", "level 2"],
    );
    assert_eq!(texts(&hits), vec!["Coaches colleagues through change"]);
    let hits = search_json(dir.path(), &["*", "--group", "delivering"]);
    assert_eq!(hits.len(), 4);
    assert!(search_json(dir.path(), &["coaching", "--council", "nowhere"]).is_empty());
}

#[test]
fn field_queries_and_booleans() {
    let (dir, _) = indexed();
    let hits = search_json(dir.path(), &["competency:coaching", "--limit", "100"]);
    assert_eq!(hits.len(), 7);
    let hits = search_json(dir.path(), &["council:medway AND coaching"]);
    assert!(hits.iter().all(|h| h["council"] == "Medway Council") && hits.len() == 4);
    let hits = search_json(dir.path(), &["coaching -council:medway"]);
    assert!(hits.iter().all(|h| h["council"] != "Medway Council") && !hits.is_empty());
    let hits = search_json(dir.path(), &["mediation OR apprentices"]);
    assert_eq!(hits.len(), 2);
    let hits = search_json(dir.path(), &["level:\"level 3\" AND polarity:negative"]);
    assert_eq!(hits.len(), 2);
}

#[test]
fn fuzzy_terms_and_automatic_fuzziness() {
    let (dir, _) = indexed();
    assert_eq!(search_json(dir.path(), &["text:apprentcies~2"]).len(), 1);
    assert_eq!(search_json(dir.path(), &["medation~1"]).len(), 1);
    // No exact hit, ≥ 8 letters: one typo is forgiven automatically.
    assert_eq!(search_json(dir.path(), &["apprentces"]).len(), 1);
    let o = atlas(&[
        "search",
        "--index",
        dir.path().to_str().unwrap(),
        "apprentces",
    ]);
    assert!(stdout(&o).contains("one typo"));
    assert!(
        stdout(&o).contains("Coaches [[apprentices]] and"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        search_json(dir.path(), &["polarity:negatve~1", "--limit", "100"]).len(),
        6
    );
    // Short words are not fuzzed: "coch" must not become "coach".
    assert!(search_json(dir.path(), &["coch"]).is_empty());
}

#[test]
fn text_output_highlights_and_cites_the_source() {
    let (dir, _) = indexed();
    let o = atlas(&[
        "search",
        "--index",
        dir.path().to_str().unwrap(),
        "apprentices",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("Coaches [[apprentices]] and volunteers"),
        "{out}"
    );
    assert!(
        out.contains("corpus/mansfield-leadership.txt:1:11"),
        "{out}"
    );
    assert!(out.contains("Mansfield District Council · Collaboration · Manager · positive"));
}

/// Expected per-council and per-level counts of indicators matching `pred`.
fn expected_facets(
    fws: &[Framework],
    pred: impl Fn(&competency_atlas::model::Competency, &competency_atlas::model::Indicator) -> bool,
) -> (BTreeMap<String, u64>, BTreeMap<String, u64>) {
    let mut c = BTreeMap::new();
    let mut l = BTreeMap::new();
    for fw in fws {
        for (comp, i) in fw.indicators().filter(|(c, i)| pred(c, i)) {
            *c.entry(fw.council.clone().unwrap()).or_insert(0) += 1;
            let level = i.level.clone().unwrap_or("(all levels)".into());
            *l.entry(level).or_insert(0) += 1;
            let _ = comp;
        }
    }
    (c, l)
}

fn facets(root: &Path, query: &str) -> (u64, BTreeMap<String, u64>, BTreeMap<String, u64>) {
    let o = atlas(&[
        "search",
        "--index",
        root.to_str().unwrap(),
        "--json",
        "--facets",
        "--limit",
        "1",
        query,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let last: Value = serde_json::from_str(stdout(&o).lines().last().unwrap()).unwrap();
    let map = |k: &str| {
        last["facets"][k]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_u64().unwrap()))
            .collect::<BTreeMap<_, _>>()
    };
    (
        last["total"].as_u64().unwrap(),
        map("council"),
        map("level"),
    )
}

#[test]
fn facets_count_every_match_exactly() {
    let (dir, fws) = indexed();
    let (total, c, l) = facets(dir.path(), "*");
    assert_eq!(
        total as usize,
        fws.iter().map(|f| f.indicator_count()).sum::<usize>()
    );
    assert_eq!((c, l), expected_facets(&fws, |_, _| true));
    // A real query, counted beyond the one hit shown: same analyzer on both sides.
    let coach = &analyzer::terms("coaching")[0];
    let has = |s: &str| analyzer::terms(s).contains(coach);
    let (total, c, l) = facets(dir.path(), "coaching");
    let want = expected_facets(&fws, |comp, i| {
        has(&i.text) || has(&comp.name) || comp.group.as_deref().is_some_and(has)
    });
    assert_eq!(total, want.0.values().sum::<u64>());
    assert_eq!((c, l), want);
}

#[test]
fn reindexing_unchanged_is_a_noop_and_changes_replace() {
    let (dir, mut fws) = indexed();
    let idx = Index::open(dir.path()).unwrap();
    let before = idx.doc_count().unwrap();
    let again = common::build_index(dir.path(), &fws);
    assert!(again.indexed.is_empty() && again.removed.is_empty());
    assert_eq!(again.unchanged, 3);
    let meta_before = std::fs::read(dir.path().join("tantivy/meta.json")).unwrap();
    assert_eq!(
        Index::open(dir.path()).unwrap().doc_count().unwrap(),
        before
    );
    // An unchanged re-run must not even commit.
    assert_eq!(
        std::fs::read(dir.path().join("tantivy/meta.json")).unwrap(),
        meta_before
    );

    // Drop one Medway indicator and reword another.
    fws[0].competencies[0].indicators.pop();
    fws[0].competencies[0].indicators[0].text = "Mentors team members patiently".into();
    let r = common::build_index(dir.path(), &fws);
    assert_eq!(r.indexed, vec!["medway-senior-management".to_string()]);
    assert_eq!(
        Index::open(dir.path()).unwrap().doc_count().unwrap(),
        before - 1
    );
    assert_eq!(search_json(dir.path(), &["mentors"]).len(), 1);
    assert!(search_json(dir.path(), &["\"coaches team members\""]).is_empty());

    // The library call replaces by framework id, never duplicating.
    let idx = Index::open(dir.path()).unwrap();
    competency_atlas::index::index_frameworks(&idx, &fws).unwrap();
    assert_eq!(
        Index::open(dir.path()).unwrap().doc_count().unwrap(),
        before - 1
    );
}

#[test]
fn bad_queries_get_one_line_and_exit_1() {
    let (dir, _) = indexed();
    let root = dir.path().to_str().unwrap();
    for q in ["\"value for money", "colour:red", "(coaching", ""] {
        let o = atlas(&["search", "--index", root, q]);
        assert_eq!(o.status.code(), Some(1), "{q:?}");
        let err = stderr(&o);
        assert_eq!(err.trim_end().lines().count(), 1, "{q:?}: {err}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(!err.contains("panicked"));
    }
    let o = atlas(&["search", "--index", root, "coaching", "--polarity", "meh"]);
    assert_eq!(o.status.code(), Some(1));
    let missing = dir.path().join("nothing-here");
    let o = atlas(&["search", "--index", missing.to_str().unwrap(), "coaching"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("run `atlas ingest DIR` first"),
        "{}",
        stderr(&o)
    );
    assert!(!missing.exists(), "searching must not create an index");
}

#[test]
fn show_list_and_export() {
    let (dir, fws) = indexed();
    let root = dir.path().to_str().unwrap();
    let o = atlas(&["show", "--index", root, "medway"]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("Medway Council"));
    let o = atlas(&["show", "--index", root, "mansfield-leadership", "--json"]);
    let fw: Framework = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(fw, fws[2]);
    let o = atlas(&["show", "--index", root, "council"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("derbyshire-senior-leaders"));
    let o = atlas(&["list", "--index", root]);
    let out = stdout(&o);
    assert!(
        out.contains("medway-senior-management") && out.contains("8 (5/3)"),
        "{out}"
    );

    let csv_path = dir.path().join("out.csv");
    let o = atlas(&[
        "export",
        "--index",
        root,
        "--out",
        csv_path.to_str().unwrap(),
        "--bom",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(
        rows.len(),
        fws.iter().map(|f| f.indicator_count()).sum::<usize>()
    );
    assert!(
        rows.iter()
            .any(|r| r.iter().any(|f| f.contains("\u{201c}integrity\u{201d}")))
    );
    let o = atlas(&["export", "--index", root, "--format", "jsonl"]);
    assert_eq!(stdout(&o).lines().count(), rows.len());
    let first: Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    for k in [
        "framework_id",
        "council",
        "level_rank",
        "source_path",
        "indicator_id",
    ] {
        assert!(first.get(k).is_some(), "{k}");
    }
}

/// Ingest over real files: the recognizer is not on this branch, so the stored frameworks
/// are planted with the files' real hashes; what is tested is the unchanged/prune logic.
#[test]
fn ingest_skips_unchanged_files_and_prunes_gone_ones() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let index = dir.path().join("index");
    let mut fws = vec![common::medway(), common::derbyshire()];
    for fw in &mut fws {
        let file = docs.join(format!("{}.txt", fw.id));
        std::fs::write(&file, format!("{} text", fw.id)).unwrap();
        fw.source.path = file.to_string_lossy().into_owned();
        fw.source.sha256 = competency_atlas::document::sha256_hex(&std::fs::read(&file).unwrap());
    }
    common::build_index(&index, &fws);
    let before = Index::open(&index).unwrap().doc_count().unwrap();

    let o = atlas(&[
        "ingest",
        docs.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert!(out.contains("0 ingested, 2 unchanged"), "{out}");
    assert_eq!(Index::open(&index).unwrap().doc_count().unwrap(), before);

    std::fs::remove_file(docs.join("medway-senior-management.txt")).unwrap();
    let o = atlas(&[
        "ingest",
        docs.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--prune",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("1 pruned") && out.contains("1 removed"),
        "{out}"
    );
    assert_eq!(
        Index::open(&index).unwrap().doc_count().unwrap(),
        fws[1].indicator_count() as u64
    );
    assert!(
        !index
            .join("frameworks/medway-senior-management.json")
            .exists()
    );
}

/// SIGKILL an indexing process part-way; the previous commit must still be searchable
/// with consistent counts, and a re-run must make index and store agree.
#[test]
fn killed_indexing_leaves_previous_commit_readable() {
    let (dir, fws) = indexed();
    let root = dir.path().to_str().unwrap();
    let committed = Index::open(dir.path()).unwrap().doc_count().unwrap();
    let mut killed_once = false;
    for delay_ms in [300u64, 800, 1500] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["debug-synthetic", "--index", root, "--frameworks", "150"])
            .args(["--indicators", "800", "--seed", &delay_ms.to_string()])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        // Two readers at once while the writer holds its lock: neither may block or fail.
        let readers: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_atlas"))
                    .args(["search", "--index", root, "--json", "coaching"])
                    .output()
            })
            .collect();
        for r in readers {
            let r = r.unwrap();
            assert!(r.status.success(), "{}", stderr(&r));
            assert!(!r.stdout.is_empty());
        }
        let finished = child.try_wait().unwrap().is_some();
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        if finished {
            break;
        }
        killed_once = true;
        let idx = Index::open(dir.path()).unwrap();
        let n = idx.doc_count().unwrap();
        // Either the old commit, or (if killed after committing) everything; never a part.
        assert!(n == committed || n == committed + 150 * 800, "{n}");
        let (total, c, _) = facets(dir.path(), "*");
        assert_eq!(total, n);
        assert_eq!(c.values().sum::<u64>(), n);
        if n == committed {
            assert_eq!(search_json(dir.path(), &["\"value for money\""]).len(), 2);
        }
    }
    assert!(killed_once, "indexing finished before it could be killed");
    // A re-run reconciles: index holds exactly what the store holds.
    let store = competency_atlas::store::Store::open(dir.path()).unwrap();
    let idx = Index::open_or_create(dir.path()).unwrap();
    competency_atlas::index::sync_with_store(&idx, &store).unwrap();
    let (stored, problems) = store.load_all();
    assert!(problems.is_empty(), "{problems:?}");
    let want: usize = stored.iter().map(|f| f.indicator_count()).sum();
    assert_eq!(
        Index::open(dir.path()).unwrap().doc_count().unwrap() as usize,
        want
    );
    assert!(stored.len() >= fws.len());
}

#[test]
fn offset_pages_are_windows_of_the_full_ranking_and_facets_can_be_disjunctive() {
    use competency_atlas::index::{SearchRequest, search};
    let (dir, _) = indexed();
    let idx = Index::open(dir.path()).unwrap();
    let req = |offset, limit| SearchRequest {
        query: "*".into(),
        limit,
        offset,
        ..Default::default()
    };
    let all = search(&idx, &req(0, 100)).unwrap();
    let ids = |r: &competency_atlas::index::SearchResults| -> Vec<String> {
        r.hits.iter().map(|h| h.indicator.clone()).collect()
    };
    let (p1, p2) = (
        search(&idx, &req(0, 5)).unwrap(),
        search(&idx, &req(5, 5)).unwrap(),
    );
    assert_eq!(p2.total, all.total);
    assert_eq!([ids(&p1), ids(&p2)].concat(), ids(&all)[..10].to_vec());
    // Several exact councils; counts of the council dimension ignore the council filter
    // when asked to (a filter sidebar), and follow it otherwise.
    let mut r = SearchRequest {
        query: "coaching".into(),
        limit: 50,
        councils: vec!["medway council".into(), "Derbyshire County Council".into()],
        facets: true,
        ..Default::default()
    };
    let narrow = search(&idx, &r).unwrap();
    assert!(
        narrow
            .hits
            .iter()
            .all(|h| h.council != "Mansfield District Council")
    );
    let f = narrow.facets.unwrap();
    assert!(
        !f.council
            .iter()
            .any(|(c, _)| c == "Mansfield District Council")
    );
    assert!(f.polarity.iter().any(|(p, _)| p == "negative"));
    assert!(!f.group.is_empty());
    r.disjunctive_facets = true;
    let f = search(&idx, &r).unwrap().facets.unwrap();
    assert!(
        f.council
            .iter()
            .any(|(c, n)| c == "Mansfield District Council" && *n > 0)
    );
}
