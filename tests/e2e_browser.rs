//! End to end in a real browser: the real `atlas` binary ingests `corpus/` and serves it on
//! a free loopback port; headless Chromium, driven over WebDriver (chromedriver), searches,
//! ticks a council, follows a result to the framework page and opens a comparison, checking
//! the page at each step. Screenshots are saved under `target/e2e/` (test artifacts).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them when CI=true).
//! Without them the test fails under CI=true and is skipped (with a message) otherwise.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_exe(names: &[&str]) -> Option<PathBuf> {
    for n in names {
        for dir in ["/usr/bin", "/usr/lib/chromium", "/usr/local/bin"] {
            let p = Path::new(dir).join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Kills (and reaps) a child process this test started when the test ends, however it ends.
struct Reaper(Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Driver {
    agent: ureq::Agent,
    base: String,
    session: String,
}

impl Driver {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        let mut res = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, b) => self.agent.post(&url).send_json(b.unwrap_or(json!({}))),
        }
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = res.status();
        let v: Value = res.body_mut().read_json().unwrap_or(Value::Null);
        assert!(status.is_success(), "{method} {path}: {status} {v}");
        v["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT].as_str().unwrap().to_string()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), None);
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn script(&self, js: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": js, "args": []})),
        )
    }

    /// Polls `js` (a boolean expression) until true; panics with `what` after 15 s.
    fn wait(&self, what: &str, js: &str) {
        let t = Instant::now();
        loop {
            if self.script(&format!("return !!({js});")) == Value::Bool(true) {
                return;
            }
            if t.elapsed() > Duration::from_secs(15) {
                let body = self.script("return document.body ? document.body.innerText : ''");
                panic!("timed out waiting for {what}; page text:\n{body}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, path: &Path) {
        let v = self.call("GET", "/screenshot", None);
        let png = base64_decode(v.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "screenshot is a PNG");
        std::fs::write(path, png).unwrap();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter_map(val) {
        acc = (acc << 6) | u32::from(c);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn search_filter_framework_and_compare_in_headless_chromium() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) = (
        find_exe(&["chromium", "chromium-browser", "chrome"]),
        find_exe(&["chromedriver"]),
    ) else {
        let msg =
            "chromium and chromedriver are needed (apt-get install -y chromium chromium-driver)";
        if ci {
            panic!("{msg}");
        }
        eprintln!("SKIPPED search_filter_framework_and_compare_in_headless_chromium: {msg}");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shots = root.join("target/e2e");
    std::fs::create_dir_all(&shots).unwrap();
    let work = tempfile::tempdir().unwrap();
    let idx = work.path().join("idx");
    let atlas = env!("CARGO_BIN_EXE_atlas");
    let o = Command::new(atlas)
        .args(["ingest", "-q", "--index"])
        .arg(&idx)
        .arg(root.join("corpus"))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "ingest: {}",
        String::from_utf8_lossy(&o.stderr)
    );

    // The server on a free loopback port; it prints its address first.
    let mut server = Command::new(atlas)
        .args(["serve", "--addr", "127.0.0.1:0", "--index"])
        .arg(&idx)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Reaper(server);
    let site = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_string();

    let port = free_port();
    let driver = Command::new(&chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _driver = Reaper(driver);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let base = format!("http://127.0.0.1:{port}");
    let t = Instant::now();
    while agent
        .get(format!("{base}/status"))
        .call()
        .map(|mut r| {
            r.body_mut().read_json::<Value>().unwrap_or_default()["value"]["ready"] != true
        })
        .unwrap_or(true)
    {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = tempfile::tempdir().unwrap();
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium.to_str().unwrap(),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }
    }}});
    let mut res = agent
        .post(format!("{base}/session"))
        .send_json(&caps)
        .unwrap();
    let v: Value = res.body_mut().read_json().unwrap();
    let session = v["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {v}"))
        .to_string();
    let d = Driver {
        agent: agent.clone(),
        base: base.clone(),
        session,
    };
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| steps(&d, &site, &shots)));
    let _ = d.call("DELETE", "", None);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

fn steps(d: &Driver, site: &str, shots: &Path) {
    // 1. Search: type "coaching" and submit the form.
    d.goto(&format!("{site}/search"));
    d.wait("the search page", "document.querySelector('#search-form')");
    d.type_into("input[name=q]", "coaching");
    // Live search: results appear as you type, and the address follows.
    d.wait(
        "live results while typing",
        "document.querySelector('#live[data-live]') && document.querySelectorAll('li.hit').length > 0 && \
         location.search.includes('q=coaching')",
    );
    // Submitting still works: the page the server renders, no script involved.
    d.click("#search-form button[type=submit]");
    d.wait(
        "results for coaching",
        "document.readyState === 'complete' && !document.querySelector('#live[data-live]') && \
         location.search.includes('q=coaching') && document.querySelectorAll('li.hit').length > 0",
    );
    let n = d.script("return document.querySelectorAll('li.hit').length");
    assert!(n.as_u64().unwrap() >= 2, "{n}");
    assert_eq!(
        d.script("return document.querySelectorAll('li.hit mark').length > 0"),
        true,
        "highlighted"
    );
    let councils = d.script(
        "return Array.from(new Set(Array.from(document.querySelectorAll('li.hit .council')).map(e => e.textContent)))",
    );
    assert!(
        councils.as_array().unwrap().len() >= 2,
        "several councils: {councils}"
    );
    d.screenshot(&shots.join("search.png"));

    // 2. Tick a council facet: live search narrows the results and the URL keeps the filter.
    d.click("input[name=council][value='Medway Council']");
    d.wait(
        "results filtered to Medway",
        "location.search.includes('council=Medway') && document.querySelectorAll('li.hit').length > 0 && \
         Array.from(document.querySelectorAll('li.hit .council')).every(e => e.textContent === 'Medway Council')",
    );
    assert_eq!(
        d.script(
            "return document.querySelector(\"input[name=council][value='Medway Council']\").checked"
        ),
        true
    );
    d.screenshot(&shots.join("search-filtered.png"));
    // Reload the shared URL: the same filtered search, without any script help.
    let shared = d.script("return location.href");
    d.goto(shared.as_str().unwrap());
    d.wait(
        "the filtered search from its URL",
        "document.readyState === 'complete' && document.querySelectorAll('li.hit').length > 0 && \
         Array.from(document.querySelectorAll('li.hit .council')).every(e => e.textContent === 'Medway Council')",
    );

    // 3. Follow the first result to the framework page, at the indicator.
    let want = d.script("return document.querySelector('li.hit .text').textContent");
    d.click("li.hit a.competency");
    d.wait(
        "the framework page",
        "location.pathname.startsWith('/framework/') && document.querySelector('table.grid')",
    );
    let h1 = d.script("return document.querySelector('h1').textContent");
    assert!(h1.as_str().unwrap().contains("Medway Council"), "{h1}");
    let target =
        d.script("var t = document.querySelector(':target'); return t ? t.textContent : null");
    assert!(
        target
            .as_str()
            .is_some_and(|t| t.contains(want.as_str().unwrap().trim())),
        "the linked indicator is the target: {target} / {want}"
    );
    assert_eq!(
        d.script("return document.querySelectorAll('table.grid th').length > 2"),
        true
    );
    d.screenshot(&shots.join("framework.png"));

    // 4. Compare two councils picked in the form.
    d.goto(&format!("{site}/compare"));
    d.wait(
        "the compare form",
        "document.querySelector('#compare-form')",
    );
    d.click("select[name=a] option[value='medway-senior-management']");
    d.click("select[name=b] option[value='derbyshire-senior-leaders']");
    d.click("#compare-form button[type=submit]");
    d.wait(
        "the comparison",
        "document.querySelector('h1') && document.querySelector('h1').textContent.includes('Derbyshire') && document.querySelector('#a-to-b table')",
    );
    let rows = d.script("return document.querySelectorAll('#a-to-b table tr').length");
    assert!(rows.as_u64().unwrap() >= 2, "matches listed: {rows}");
    assert_eq!(
        d.script("return document.body.innerText.includes('No counterpart in')"),
        true
    );
    d.screenshot(&shots.join("compare.png"));
}
