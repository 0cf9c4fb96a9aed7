//! Search over the five real seed frameworks, end to end: `atlas ingest corpus`, then
//! `atlas search` as a researcher types it.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn atlas(index: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .arg("--index")
        .arg(index)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn hits(index: &Path, args: &[&str]) -> Vec<Value> {
    let mut a = args.to_vec();
    a.extend(["--json", "--limit", "1000"]);
    let (code, out, err) = atlas(index, &a);
    assert_eq!(code, 0, "{err}");
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn ingested() -> tempfile::TempDir {
    let index = tempfile::tempdir().unwrap();
    let (code, out, err) = atlas(index.path(), &["ingest", "corpus"]);
    assert_eq!(code, 0, "{out}{err}");
    index
}

#[test]
fn keyword_stem_phrase_filters_and_facets() {
    let index = ingested();
    let idx = index.path();

    let coaching = hits(idx, &["search", "coaching"]);
    let councils: std::collections::BTreeSet<&str> = coaching
        .iter()
        .filter_map(|h| h["council"].as_str())
        .collect();
    assert!(councils.len() >= 2, "coaching found in {councils:?}");
    assert!(coaching.iter().all(|h| {
        let t = format!("{} {}", h["text"], h["competency"]).to_lowercase();
        t.contains("coach")
    }));

    let collaborate = hits(idx, &["search", "collaborate"]);
    let texts: Vec<String> = collaborate
        .iter()
        .map(|h| h["text"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("collaboration")),
        "stem reaches collaboration"
    );
    assert!(
        texts.iter().any(|t| t.contains("collaborative")),
        "stem reaches collaborative"
    );

    let phrase = hits(idx, &["search", "\"value for money\""]);
    assert!(!phrase.is_empty());
    for h in &phrase {
        let t = format!("{} {} {}", h["text"], h["competency"], h["title"]).to_lowercase();
        assert!(t.contains("value for money"), "{t}");
    }

    let medway_neg = hits(
        idx,
        &[
            "search",
            "not OR fails OR does",
            "--council",
            "Medway",
            "--polarity",
            "negative",
        ],
    );
    assert!(!medway_neg.is_empty());
    assert!(medway_neg.iter().all(|h| h["council"] == "Medway Council"
        && h["polarity"] == "negative"
        && h["level"].is_null()));

    // Facets count every indicator a council has for a query that matches them all.
    let (code, out, _) = atlas(
        idx,
        &[
            "search",
            "polarity:positive OR polarity:negative",
            "--facets",
            "--limit",
            "1",
        ],
    );
    assert_eq!(code, 0);
    for (council, n) in [
        ("Derbyshire County Council", 123),
        ("Mansfield District Council", 137),
        ("Medway Council", 130),
        ("Chesterfield Borough Council", 38),
    ] {
        assert!(
            out.lines().any(|l| l.trim() == format!("{n}  {council}")),
            "{council} {n} in\n{out}"
        );
    }
}

#[test]
fn reingest_is_a_noop_and_a_changed_file_replaces_its_documents() {
    let docs = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in [
        "medway-senior-management.txt",
        "chesterfield-level-2.txt",
        "manifest.csv",
    ] {
        std::fs::copy(root.join("corpus").join(f), docs.path().join(f)).unwrap();
    }
    let index = tempfile::tempdir().unwrap();
    let dir = docs.path().to_str().unwrap();
    let (code, out, _) = atlas(index.path(), &["ingest", dir]);
    assert_eq!(code, 0, "{out}");
    let before = hits(
        index.path(),
        &["search", "polarity:positive OR polarity:negative"],
    )
    .len();
    assert_eq!(before, 130 + 38);
    let json = index
        .path()
        .join("frameworks/medway-senior-management.json");
    let modified = std::fs::metadata(&json).unwrap().modified().unwrap();

    let (code, out, _) = atlas(index.path(), &["ingest", dir]);
    assert_eq!(code, 0);
    assert!(out.contains("0 ingested, 2 unchanged"), "{out}");
    assert_eq!(
        std::fs::metadata(&json).unwrap().modified().unwrap(),
        modified,
        "nothing rewritten"
    );
    assert_eq!(
        hits(
            index.path(),
            &["search", "polarity:positive OR polarity:negative"]
        )
        .len(),
        before
    );

    let path = docs.path().join("chesterfield-level-2.txt");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "Be flexible.",
        "Be flexible.\n\nWelcome zanzibar challenges.",
    );
    std::fs::write(&path, text).unwrap();
    let (code, out, _) = atlas(index.path(), &["ingest", dir]);
    assert_eq!(code, 0);
    assert!(out.contains("1 ingested, 1 unchanged"), "{out}");
    assert_eq!(
        hits(
            index.path(),
            &["search", "polarity:positive OR polarity:negative"]
        )
        .len(),
        before + 1
    );
    assert_eq!(hits(index.path(), &["search", "zanzibar"]).len(), 1);
}
