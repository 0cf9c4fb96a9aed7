//! Bulk import: every bad input gets its own reason, the good ones go through; an
//! interrupted import resumes to the same result; the thread count does not matter.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

fn atlas() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_atlas"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn ingest(docs: &Path, index: &Path, extra: &[&str]) -> (i32, String) {
    let out = atlas()
        .arg("ingest")
        .arg(docs)
        .arg("--index")
        .arg(index)
        .args(["--quiet", "--council", "Test Council"])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn stored(index: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(index.join("frameworks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_bad_file_has_its_own_reason_and_good_files_go_through() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root.join("fixtures/bad")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, docs.path().join(p.file_name().unwrap())).unwrap();
    }
    for good in [
        "fixtures/004-medway.docx",
        "fixtures/001-mansfield.libreoffice.pdf",
        "corpus/chesterfield-level-2.txt",
        "fixtures/003-chesterfield-level2.odt",
    ] {
        std::fs::copy(
            root.join(good),
            docs.path().join(Path::new(good).file_name().unwrap()),
        )
        .unwrap();
    }
    std::fs::copy(
        root.join("corpus/chesterfield-level-2.txt"),
        docs.path().join("copy-of-chesterfield.txt"),
    )
    .unwrap();
    std::fs::write(docs.path().join("old.doc"), b"\xD0\xCF\x11\xE0 not really").unwrap();
    let index = tempfile::tempdir().unwrap();
    let report_path = index.path().join("elsewhere.json");
    let (code, out) = ingest(
        docs.path(),
        index.path(),
        &["--report", report_path.to_str().unwrap()],
    );
    assert_eq!(code, 2, "some failed, others ingested\n{out}");
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(index.path().join("last-ingest.json")).unwrap(),
    )
    .unwrap();
    let copy: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    assert_eq!(report["files"], copy["files"]);
    let by_name: BTreeMap<String, &Value> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                Path::new(f["path"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                f,
            )
        })
        .collect();
    let expect = |name: &str, outcome: &str, reason: &str| {
        let f = by_name
            .get(name)
            .unwrap_or_else(|| panic!("{name} not in report"));
        assert_eq!(f["outcome"], outcome, "{name}: {f}");
        let r = f["reason"].as_str().unwrap_or("");
        assert!(r.contains(reason), "{name}: reason {r:?} lacks {reason:?}");
    };
    expect(
        "encrypted-user-password.pdf",
        "failed",
        "PDF is encrypted and needs a password",
    );
    expect(
        "image-only.pdf",
        "failed",
        "PDF has no text layer: it is a scan and needs OCR",
    );
    expect("truncated.pdf", "failed", "PDF is damaged");
    expect("html-error-page.pdf", "failed", "it is an HTML page");
    expect("empty.pdf", "failed", "file is empty");
    expect("empty.docx", "failed", "file is empty");
    expect("empty.txt", "failed", "file is empty");
    expect(
        "missing-document-xml.docx",
        "failed",
        "DOCX is damaged: word/document.xml is missing",
    );
    expect(
        "corrupt-deflate.docx",
        "failed",
        "word/document.xml cannot be decompressed",
    );
    expect(
        "malformed-xml.docx",
        "failed",
        "word/document.xml is not well-formed XML",
    );
    expect("truncated.docx", "failed", "DOCX is damaged: truncated");
    expect(
        "plain-text.docx",
        "failed",
        "not a DOCX file (not a zip archive)",
    );
    expect("zip-bomb.docx", "failed", "safety limit reached");
    expect(
        "pdftotext-results.tsv",
        "skipped",
        "unsupported file type .tsv",
    );
    expect("old.doc", "skipped", "old Word .doc file");
    expect("copy-of-chesterfield.txt", "duplicate", "same content as");
    for readable in [
        "corrupt-xref.pdf",
        "corrupt-startxref.pdf",
        "encrypted-owner-only-rc4.pdf",
        "encrypted-owner-only-aes256.pdf",
        "000-derbyshire.cp1252.txt",
        "003-chesterfield-level2.cp1252.txt",
        "003-chesterfield-level2.utf16le-bom.txt",
        "001-mansfield.utf8-bom-crlf.txt",
        "004-medway.docx",
        "001-mansfield.libreoffice.pdf",
        "chesterfield-level-2.txt",
        "003-chesterfield-level2.odt",
    ] {
        expect(readable, "ingested", "");
        assert!(
            by_name[readable]["indicators"].as_u64().unwrap() >= 38,
            "{readable}"
        );
    }
    assert!(
        !by_name.contains_key("README.md"),
        "folder notes are not documents"
    );
    let reasons: std::collections::BTreeSet<&str> = by_name
        .values()
        .filter(|f| f["outcome"] == "failed")
        .map(|f| f["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.len() >= 11,
        "failures explained one by one: {reasons:?}"
    );
}

#[test]
fn an_interrupted_import_resumes_to_the_same_index() {
    let docs = tempfile::tempdir().unwrap();
    let st = atlas()
        .args([
            "synth",
            "--count",
            "240",
            "--formats",
            "txt,docx,pdf",
            "--seed",
            "3",
            "--out",
        ])
        .arg(docs.path())
        .output()
        .unwrap();
    assert!(st.status.success());

    let clean = tempfile::tempdir().unwrap();
    let (code, _) = ingest(docs.path(), clean.path(), &[]);
    assert_eq!(code, 0);

    let resumed = tempfile::tempdir().unwrap();
    let mut child = atlas()
        .arg("ingest")
        .arg(docs.path())
        .arg("--index")
        .arg(resumed.path())
        .args(["--quiet", "--council", "Test Council", "-j", "1"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let frameworks = resumed.path().join("frameworks");
    let written = |dir: &Path| {
        std::fs::read_dir(dir)
            .map(|d| {
                d.filter(|e| {
                    e.as_ref()
                        .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
                })
                .count()
            })
            .unwrap_or(0)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while written(&frameworks) < 5 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let at_kill = written(&frameworks);
    assert!(
        at_kill >= 5 && at_kill < 240,
        "killed part-way: {at_kill} of 240 written"
    );

    let (code, out) = ingest(docs.path(), resumed.path(), &[]);
    assert_eq!(code, 0, "{out}");
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(resumed.path().join("last-ingest.json")).unwrap(),
    )
    .unwrap();
    assert!(
        report["totals"]["unchanged"].as_u64().unwrap() >= at_kill as u64 - 1,
        "finished files are not redone: {}",
        report["totals"]
    );
    assert_eq!(
        stored(resumed.path()),
        stored(clean.path()),
        "same frameworks as an uninterrupted run"
    );
    let export = |idx: &Path| {
        let o = atlas()
            .args(["export", "--format", "jsonl", "--index"])
            .arg(idx)
            .output()
            .unwrap();
        assert!(o.status.success());
        o.stdout
    };
    assert_eq!(
        export(resumed.path()),
        export(clean.path()),
        "same search index content"
    );
}

#[test]
fn thread_count_does_not_change_the_result() {
    let docs = tempfile::tempdir().unwrap();
    atlas()
        .args([
            "synth",
            "--count",
            "40",
            "--formats",
            "txt,docx,pdf",
            "--seed",
            "5",
            "--out",
        ])
        .arg(docs.path())
        .output()
        .unwrap();
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    assert_eq!(ingest(docs.path(), one.path(), &["-j", "1"]).0, 0);
    assert_eq!(ingest(docs.path(), two.path(), &["-j", "3"]).0, 0);
    assert_eq!(stored(one.path()), stored(two.path()));
}

/// A damaged file in the store (disk fault, hand edit) does not stop the next import: it is
/// moved aside, never deleted, named in the report, and its source is extracted again.
#[test]
fn a_damaged_store_file_is_set_aside_and_its_source_extracted_again() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let index = tempfile::tempdir().unwrap();
    assert_eq!(ingest(&docs, index.path(), &[]).0, 0);
    let before = stored(index.path());
    let (victim, _) = before.iter().next().unwrap();
    let victim_path = index.path().join("frameworks").join(victim);
    std::fs::write(&victim_path, b"{\"id\": \"truncated").unwrap();

    let (code, out) = ingest(&docs, index.path(), &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        stored(index.path()),
        before,
        "the source was extracted again"
    );
    let aside = index
        .path()
        .join("frameworks")
        .join(format!("{victim}.unreadable"));
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        b"{\"id\": \"truncated",
        "the damaged file is kept"
    );
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(index.path().join("last-ingest.json")).unwrap(),
    )
    .unwrap();
    let set_aside = report["set_aside"].as_array().unwrap();
    assert_eq!(set_aside.len(), 1, "{report}");
    assert!(set_aside[0].as_str().unwrap().contains(".unreadable"));
    assert_eq!(report["totals"]["ingested"], 1, "{report}");
    assert_eq!(report["totals"]["unchanged"], 4, "{report}");
}
