//! The real `atlas` binary, as a researcher runs it.

use std::path::Path;
use std::process::Command;

fn atlas() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_atlas"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

#[test]
fn ingest_corpus_prints_summary_for_all_five() {
    let index = tempfile::tempdir().unwrap();
    let out = atlas()
        .args(["ingest", "corpus", "--index"])
        .arg(index.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for council in [
        "Derbyshire County Council",
        "Mansfield District Council",
        "Chesterfield Borough Council",
        "Medway Council",
    ] {
        assert!(stdout.contains(council), "{council} missing from\n{stdout}");
    }
    assert!(stdout.contains("123 (81/42)"), "{stdout}");
    assert!(stdout.contains("130 (76/54)"), "{stdout}");
    assert!(stdout.contains("5 ingested, 0 failed"), "{stdout}");
    let stored = std::fs::read_dir(index.path().join("frameworks"))
        .unwrap()
        .count();
    assert_eq!(stored, 5);
}

#[test]
fn extract_prints_framework_json() {
    let out = atlas()
        .args(["extract", "corpus/medway-senior-management.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["council"], "Medway Council");
    assert_eq!(v["competencies"][0]["indicators"][0]["source"]["line"], 14);
    for key in [
        "id",
        "title",
        "source",
        "levels",
        "groups",
        "competencies",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
}

#[test]
fn extract_pretty_and_council_override() {
    let out = atlas()
        .args([
            "extract",
            "corpus/leadership-family-grades-9-up.txt",
            "--pretty",
            "--council",
            "Some Council",
        ])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(s.starts_with("Some Council — Competency Framework"), "{s}");
    assert!(s.contains("● Self Belief"));
}

#[test]
fn bad_and_unsupported_files_are_reported_and_the_rest_go_through() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("corpus/chesterfield-level-2.txt"),
        dir.path().join("good.txt"),
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("notes.xyz"), "x").unwrap();
    std::fs::write(
        dir.path().join("prose.txt"),
        "Just a letter.\n\nNothing to see here.\n",
    )
    .unwrap();
    let index = tempfile::tempdir().unwrap();
    let out = atlas()
        .arg("ingest")
        .arg(dir.path())
        .arg("--index")
        .arg(index.path())
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{s}");
    assert!(s.contains("empty.txt: file is empty"), "{s}");
    assert!(
        s.contains("prose.txt: no competency framework recognised"),
        "{s}"
    );
    assert!(s.contains("notes.xyz: unsupported file type .xyz"), "{s}");
    assert!(s.contains("1 ingested, 2 failed, 1 skipped"), "{s}");
}

#[test]
fn missing_file_is_a_clear_error() {
    let out = atlas()
        .args(["extract", "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("no/such/file.txt: cannot read the file"), "{e}");
}
