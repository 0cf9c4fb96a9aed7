//! Issue 19, "bounded by design": one writer per index, a damaged search index rebuilt from
//! the store, leftovers of killed runs cleaned, non-regular files refused, terminal output
//! that cannot be forged, a manifest only from the ingest root down, limits that are
//! enforced per file in worker processes. Figures (time, memory) are in benches/hostile.sh.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn atlas() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_atlas"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
}

/// Four small frameworks (copies of one corpus file with a line each to tell them apart).
fn docs(dir: &Path, n: usize) {
    let text = std::fs::read_to_string(corpus("medway-senior-management.txt")).unwrap();
    for i in 0..n {
        std::fs::write(dir.join(format!("f{i}.txt")), format!("{text}\nCopy {i}\n")).unwrap();
    }
}

fn ingest(docs: &Path, index: &Path, extra: &[&str]) -> Output {
    atlas()
        .arg("ingest")
        .arg(docs)
        .arg("--index")
        .arg(index)
        .args(["--quiet", "--council", "Test Council"])
        .args(extra)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn stored(index: &Path) -> usize {
    std::fs::read_dir(index.join("frameworks"))
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
            })
            .count()
        })
        .unwrap_or(0)
}

/// Indicators the search index holds, per `atlas export`.
fn indexed_rows(index: &Path) -> Option<usize> {
    let o = atlas()
        .args([
            "search",
            "council:test",
            "--json",
            "--limit",
            "100000",
            "--index",
        ])
        .arg(index)
        .output()
        .unwrap();
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).lines().count())
}

#[test]
fn a_second_writer_is_refused_before_writing_and_told_who_holds_the_index() {
    let d = tempfile::tempdir().unwrap();
    docs(d.path(), 2);
    let index = tempfile::tempdir().unwrap();
    let held =
        competency_atlas::lock::WriteLock::acquire(index.path(), "atlas ingest other").unwrap();
    let o = ingest(d.path(), index.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let msg = text(&o);
    assert!(
        msg.contains(&format!("pid {}", std::process::id())),
        "{msg}"
    );
    assert!(msg.contains("atlas ingest other"), "{msg}");
    assert_eq!(stored(index.path()), 0, "nothing written while refused");
    drop(held);
    let o = ingest(d.path(), index.path(), &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(stored(index.path()), 2);
}

#[test]
fn two_concurrent_ingests_lose_nothing() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    docs(a.path(), 6);
    for i in 0..6 {
        std::fs::write(
            b.path().join(format!("g{i}.txt")),
            format!(
                "{}\nOther {i}\n",
                std::fs::read_to_string(corpus("medway-senior-management.txt")).unwrap()
            ),
        )
        .unwrap();
    }
    let index = tempfile::tempdir().unwrap();
    let spawn = |dir: &Path| {
        atlas()
            .arg("ingest")
            .arg(dir)
            .arg("--index")
            .arg(index.path())
            .args(["--quiet", "--council", "Test Council"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (pa, pb) = (spawn(a.path()), spawn(b.path()));
    let (oa, ob) = (
        pa.wait_with_output().unwrap(),
        pb.wait_with_output().unwrap(),
    );
    let mut expected = 0;
    for o in [&oa, &ob] {
        match o.status.code() {
            Some(0) => expected += 6,
            Some(1) => assert!(text(o).contains("is being written by pid"), "{}", text(o)),
            _ => panic!("{}", text(o)),
        }
    }
    assert!(expected > 0, "one of them ran");
    assert_eq!(stored(index.path()), expected, "every success is stored");
    let per_framework = indexed_rows(index.path()).unwrap() / expected;
    assert_eq!(indexed_rows(index.path()), Some(per_framework * expected));
    // Store and index agree: the next run has nothing to do.
    let o = ingest(a.path(), index.path(), &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("rebuilt"), "{}", text(&o));
}

#[test]
fn a_damaged_search_index_is_rebuilt_from_the_store() {
    let d = tempfile::tempdir().unwrap();
    docs(d.path(), 3);
    let index = tempfile::tempdir().unwrap();
    assert!(ingest(d.path(), index.path(), &[]).status.success());
    let rows = indexed_rows(index.path()).unwrap();
    let tantivy = index.path().join("tantivy");
    let segment = |ext: &str| {
        std::fs::read_dir(&tantivy)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == ext))
            .unwrap()
    };
    // Truncated: it opens, but fails its checksum.
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(segment("idx"))
        .unwrap();
    f.set_len(10).unwrap();
    let o = ingest(d.path(), index.path(), &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("search index: rebuilt from the store"),
        "{}",
        text(&o)
    );
    assert_eq!(indexed_rows(index.path()), Some(rows));
    // Missing: a segment file is gone.
    std::fs::remove_file(segment("term")).unwrap();
    assert_eq!(indexed_rows(index.path()), None, "search sees the damage");
    let o = ingest(d.path(), index.path(), &[]);
    assert!(text(&o).contains("rebuilt from the store"), "{}", text(&o));
    assert_eq!(indexed_rows(index.path()), Some(rows));
    // Gone altogether (a kill before the first commit): rebuilt too, from the store.
    std::fs::remove_dir_all(&tantivy).unwrap();
    let o = ingest(d.path(), index.path(), &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(indexed_rows(index.path()), Some(rows));
}

#[test]
fn temporary_files_of_a_killed_run_are_cleaned_up() {
    let d = tempfile::tempdir().unwrap();
    docs(d.path(), 1);
    let index = tempfile::tempdir().unwrap();
    let fw = index.path().join("frameworks");
    std::fs::create_dir_all(&fw).unwrap();
    std::fs::write(fw.join(".tmpA1b2C3"), "half a framework").unwrap();
    let o = ingest(d.path(), index.path(), &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!fw.join(".tmpA1b2C3").exists());
    assert!(
        text(&o).contains("cleaned  1 temporary files"),
        "{}",
        text(&o)
    );
}

/// Runs `atlas` with a watchdog so a regression (a FIFO blocking) fails instead of hanging.
fn run_bounded(mut c: Command) -> Output {
    let child = c
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        if rx
            .recv_timeout(std::time::Duration::from_secs(120))
            .is_err()
        {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        }
    });
    let out = child.wait_with_output().unwrap();
    let _ = tx.send(());
    out
}

#[test]
fn extract_refuses_device_links_and_fifos() {
    let d = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.path().join("zero.txt")).unwrap();
    let fifo = d.path().join("pipe.pdf");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (name, why) in [("zero.txt", "a device"), ("pipe.pdf", "a FIFO")] {
        let mut c = atlas();
        c.arg("extract").arg(d.path().join(name));
        let o = run_bounded(c);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(text(&o).contains(name), "{}", text(&o));
        assert!(text(&o).contains(why), "{}", text(&o));
        assert!(text(&o).contains("not a regular file"), "{}", text(&o));
    }
    // Ingest gives each its own line and goes on.
    docs(d.path(), 1);
    let index = tempfile::tempdir().unwrap();
    let mut c = atlas();
    c.arg("ingest")
        .arg(d.path())
        .arg("--index")
        .arg(index.path());
    c.args(["--quiet", "--council", "Test Council"]);
    let o = run_bounded(c);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("zero.txt: symbolic link to a device"), "{out}");
    assert!(out.contains("pipe.pdf: a FIFO"), "{out}");
    assert_eq!(stored(index.path()), 1);
}

#[test]
fn control_characters_in_names_cannot_forge_terminal_lines() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path()
            .join("x\n8 ingested, 0 unchanged, 0 failed\x1b[2J.txt"),
        "no framework here",
    )
    .unwrap();
    let index = tempfile::tempdir().unwrap();
    let o = ingest(d.path(), index.path(), &[]);
    let out = text(&o);
    assert!(
        !out.lines().any(|l| l.starts_with("8 ingested")),
        "forged line in\n{out}"
    );
    assert!(!out.contains('\x1b'), "{out}");
    assert!(out.contains("x\\n8 ingested"), "{out}");
}

#[test]
fn a_manifest_above_the_ingest_root_is_not_used() {
    let top = tempfile::tempdir().unwrap();
    let root = top.path().join("docs");
    std::fs::create_dir(&root).unwrap();
    std::fs::copy(corpus("medway-senior-management.txt"), root.join("m.txt")).unwrap();
    std::fs::write(
        top.path().join("manifest.csv"),
        "file,council\nm.txt,Planted Council\n",
    )
    .unwrap();
    let index = tempfile::tempdir().unwrap();
    let o = atlas()
        .arg("ingest")
        .arg(&root)
        .arg("--index")
        .arg(index.path())
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("Planted"), "{}", text(&o));
    // The one at the root is used, and named.
    std::fs::write(
        root.join("manifest.csv"),
        "file,council\nm.txt,Rooted Council\n",
    )
    .unwrap();
    let o = atlas()
        .arg("ingest")
        .arg(&root)
        .arg("--index")
        .arg(index.path())
        .args(["--quiet", "--force"])
        .output()
        .unwrap();
    assert!(text(&o).contains("Rooted Council"), "{}", text(&o));
    assert!(text(&o).contains("manifest "), "{}", text(&o));
}

#[test]
fn a_nan_timeout_is_a_usage_error_not_a_panic() {
    for cmd in ["ingest", "extract"] {
        let o = atlas()
            .args([cmd, "corpus", "--timeout", "nan"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(text(&o).contains("not a time budget"), "{}", text(&o));
    }
}

#[test]
fn a_file_over_the_memory_ceiling_fails_alone_and_the_ingest_goes_on() {
    let d = tempfile::tempdir().unwrap();
    docs(d.path(), 2);
    let index = tempfile::tempdir().unwrap();
    // Every process is over a 1 MB ceiling: each file's worker is stopped, with the reason.
    let o = ingest(d.path(), index.path(), &["--max-memory-mb", "1"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let out = text(&o);
    assert_eq!(out.matches("1 MB memory ceiling").count(), 2, "{out}");
    assert!(out.contains("0 ingested, 0 unchanged, 2 failed"), "{out}");
    let o = ingest(d.path(), index.path(), &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(stored(index.path()), 2);
}

#[test]
fn one_stray_byte_does_not_turn_a_utf8_file_into_mojibake() {
    use competency_atlas::document::text::decode;
    let mut bytes = "Team – ‘one’ and “two”".as_bytes().to_vec();
    bytes.push(0xFF);
    bytes.extend("more – text".as_bytes());
    let (t, note) = decode(&bytes);
    assert_eq!(t, "Team – ‘one’ and “two”\u{FFFD}more – text");
    assert!(note.unwrap().contains("replaced"));
    // Windows-1252 stays Windows-1252.
    let (t, note) = decode(b"team\x92s \x96 caf\xe9");
    assert_eq!(t, "team’s – café");
    assert!(note.unwrap().contains("1252"));
}

#[test]
fn the_server_closes_connections_that_send_no_headers() {
    use std::io::{BufRead, Read, Write};
    let index = tempfile::tempdir().unwrap();
    assert!(ingest(&corpus(""), index.path(), &[]).status.success());
    let mut server = atlas()
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--header-timeout",
            "0.2",
            "--index",
        ])
        .arg(index.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let connect = || {
        let s = std::net::TcpStream::connect(&addr).unwrap();
        // A watchdog, not a measurement: without the timeout this read never ends.
        s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
            .unwrap();
        s
    };
    let mut idle = connect();
    let mut slow = connect();
    slow.write_all(b"GET /search HTTP/1.1\r\nHo").unwrap();
    let mut buf = Vec::new();
    assert!(
        idle.read_to_end(&mut buf).is_ok(),
        "an idle socket is closed"
    );
    assert!(
        slow.read_to_end(&mut buf).is_ok(),
        "a slow header is cut off"
    );
    let mut ok = connect();
    ok.write_all(b"GET /search?q=coaching HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut page = String::new();
    ok.read_to_string(&mut page).unwrap();
    assert!(
        page.starts_with("HTTP/1.1 200"),
        "{}",
        &page[..page.len().min(200)]
    );
    server.kill().unwrap();
    server.wait().unwrap();
}
