//! The browser interface (`atlas serve`): server-rendered pages over the index: search with
//! facets, one framework as a grid, two councils compared, themes and shared-origin
//! families, each list downloadable as CSV or JSON (`format=csv|json` on the page's URL).
//!
//! Safety by construction: every page is built with maud's `html!`, which escapes every
//! interpolated string, so document text (untrusted) can never become markup. No file is
//! read from a path a request names: frameworks are looked up by id in the store loaded at
//! startup; the only other responses are two embedded assets. Work that touches the index
//! or the crosswalk runs on the blocking pool; a panic there becomes a 500 page, never a
//! dead server.
//!
//! The store and the search index are read at startup and again after an ingest ([`Live`]:
//! an ingest while the server runs is picked up within a second or two, requests keep the
//! previous state until the new one is read). The crosswalk model, themes and families are
//! computed on first use and kept for that state.

mod compare;
pub mod conn;
mod framework;
mod layout;
mod search;
mod themes;

use crate::crosswalk::{self, Model, SharedIndicators, Theme, Weights};
use crate::index::Index;
use crate::model::Framework;
use crate::store::Store;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::Markup;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant, SystemTime};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Hits per search page.
pub const PAGE_SIZE: usize = 20;
/// Hits reachable by paging (offset + page size) and rows in a search download.
pub const MAX_WINDOW: usize = 1000;
/// Longest raw query string accepted, in bytes (a query, filters and paging fit easily).
pub const MAX_QUERY_STRING: usize = 8192;
/// Theme clustering threshold, as `atlas map --themes` uses by default.
pub const THEME_THRESHOLD: f32 = 0.2;

/// Everything the pages read, freed as a whole when the last request holding it ends (after
/// a reload, the previous state goes with its last request; issue 19: every reload used to
/// keep the whole previous store for the life of the process).
pub struct AppState {
    pub index: Index,
    /// Borrows `frameworks` (see [`AppState::model`]); declared first so that it is dropped
    /// first, while what it borrows is still there.
    model: OnceLock<Model<'static>>,
    themes: OnceLock<Result<Vec<Theme>, String>>,
    families: OnceLock<SharedIndicators>,
    comparisons: Mutex<HashMap<(usize, usize), Arc<compare::Comparison>>>,
    by_id: HashMap<String, usize>,
    /// Problems reading the store at startup (shown on the frameworks page).
    pub store_problems: Vec<String>,
    /// Never changed nor moved after construction (a boxed slice: its elements stay put).
    frameworks: Box<[Framework]>,
}

impl AppState {
    /// Opens the index folder `root` (as written by `atlas ingest`).
    pub fn open(root: &Path) -> Result<AppState, String> {
        let index = Index::open(root)?;
        let store = Store::open(root)?;
        let (fws, problems) = store.load_all();
        Ok(Self::new(index, fws, problems))
    }

    pub fn new(index: Index, frameworks: Vec<Framework>, store_problems: Vec<String>) -> Self {
        let frameworks = frameworks.into_boxed_slice();
        let by_id = frameworks
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        AppState {
            index,
            frameworks,
            by_id,
            store_problems,
            model: OnceLock::new(),
            themes: OnceLock::new(),
            families: OnceLock::new(),
            comparisons: Mutex::new(HashMap::new()),
        }
    }

    /// Every framework of the store, sorted by id.
    pub fn frameworks(&self) -> &[Framework] {
        &self.frameworks
    }

    /// The framework with this id, if the store has it. The only way a request names one.
    pub fn framework(&self, id: &str) -> Option<(usize, &Framework)> {
        self.by_id.get(id).map(|&i| (i, &self.frameworks[i]))
    }

    /// The crosswalk model, built on first use. It borrows the frameworks; the borrow is
    /// handed out tied to `&self`, so nothing can keep it past this state.
    pub fn model(&self) -> &Model<'_> {
        self.model.get_or_init(|| {
            // SAFETY: the slice is owned by `self`, never mutated nor moved (a boxed slice's
            // elements stay where they are when the box moves), and outlives the model: the
            // `model` field is dropped before `frameworks`, and every reference handed out
            // is bounded by `&self`.
            let fws: &'static [Framework] = unsafe { &*(&*self.frameworks as *const [Framework]) };
            Model::build(fws, Weights::default())
        })
    }

    pub fn themes(&self) -> &Result<Vec<Theme>, String> {
        self.themes.get_or_init(|| {
            let all: Vec<usize> = (0..self.frameworks.len()).collect();
            crosswalk::themes(self.model(), &all, THEME_THRESHOLD)
        })
    }

    pub fn families(&self) -> &SharedIndicators {
        self.families.get_or_init(|| {
            crosswalk::shared_indicators(&self.frameworks, &crosswalk::IndicatorOptions::default())
        })
    }
}

/// The application over an index folder, read again when an ingest has written to it.
pub struct Live {
    root: PathBuf,
    /// How often, at most, the folder is looked at.
    every: Duration,
    current: RwLock<(Option<Generation>, Router)>,
    looked: Mutex<Instant>,
    reloading: AtomicBool,
}

/// What an ingest changes: the search index's commit file and the store's folder (frameworks
/// are written by rename, so the folder changes with every framework written).
type Generation = (SystemTime, SystemTime);

fn generation(root: &Path) -> Option<Generation> {
    let modified = |p: PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    Some((
        modified(Index::dir_of(root).join("meta.json"))?,
        modified(Store::frameworks_dir_of(root))?,
    ))
}

impl Live {
    /// Opens the index folder `root`; it is looked at again at most once per `every`.
    pub fn open(root: &Path, every: Duration) -> Result<Arc<Live>, String> {
        let seen = generation(root);
        let state = AppState::open(root)?;
        for p in &state.store_problems {
            eprintln!("warning: {p}");
        }
        Ok(Arc::new(Live {
            root: root.to_path_buf(),
            every,
            current: RwLock::new((seen, router(Arc::new(state)))),
            looked: Mutex::new(Instant::now()),
            reloading: AtomicBool::new(false),
        }))
    }

    /// The application for the newest state read. When the folder has changed since, it is
    /// read again on a thread of its own; this request and those until it is ready get the
    /// previous state, which is freed when the last of them ends.
    pub fn router(self: &Arc<Self>) -> Router {
        if self.due() {
            let seen = generation(&self.root);
            let stale = seen != self.current.read().map(|c| c.0).unwrap_or(None);
            if stale && !self.reloading.swap(true, Ordering::SeqCst) {
                let me = Arc::clone(self);
                std::thread::spawn(move || {
                    me.reload(seen);
                    me.reloading.store(false, Ordering::SeqCst);
                });
            }
        }
        match self.current.read() {
            Ok(c) => c.1.clone(),
            Err(poisoned) => poisoned.into_inner().1.clone(),
        }
    }

    fn due(&self) -> bool {
        let Ok(mut looked) = self.looked.lock() else {
            return false;
        };
        if looked.elapsed() < self.every {
            return false;
        }
        *looked = Instant::now();
        true
    }

    fn reload(&self, seen: Option<Generation>) {
        let next = match AppState::open(&self.root) {
            Ok(state) => {
                for p in &state.store_problems {
                    eprintln!("warning: {p}");
                }
                eprintln!(
                    "atlas serve: read {} again ({} frameworks)",
                    self.root.display(),
                    state.frameworks().len()
                );
                Some(router(Arc::new(state)))
            }
            Err(e) => {
                eprintln!(
                    "warning: cannot read {} again ({e}); still serving what was read before",
                    self.root.display()
                );
                None
            }
        };
        if let Ok(mut c) = self.current.write() {
            // A folder that could not be read is not tried again until it changes again.
            c.0 = seen;
            if let Some(r) = next {
                c.1 = r;
            }
        }
    }
}

/// The whole application; `state` is shared by every request.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(search::page))
        .route("/search", get(search::page))
        .route("/frameworks", get(framework::list))
        .route("/framework/{id}", get(framework::page))
        .route("/compare", get(compare::page))
        .route("/themes", get(themes::themes))
        .route("/families", get(themes::families))
        .route("/assets/style.css", get(layout::css))
        .route("/assets/app.js", get(layout::js))
        .fallback(not_found)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; \
             connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

async fn not_found() -> Response {
    message(
        StatusCode::NOT_FOUND,
        "Not found",
        "There is no page at this address.",
    )
}

/// A whole page that only says something (not found, bad request, server error).
pub(crate) fn message(status: StatusCode, title: &str, text: &str) -> Response {
    let body = maud::html! {
        h1 { (title) }
        p.message { (text) }
        p { a href="/search" { "Back to search" } }
    };
    (status, layout::page(title, "", body)).into_response()
}

/// Runs `f` on the blocking pool (tantivy and the crosswalk block); a panic in it becomes
/// a 500 page instead of taking the connection down.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    tokio::task::spawn_blocking(f).await.map_err(|_| {
        message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong",
            "The server could not build this page.",
        )
    })
}

/// Query-string parameters in order; repeated keys (ticked checkboxes) are all kept.
#[derive(Debug, Default, Clone)]
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    // The error is the page to answer with, as axum handlers return it.
    #[allow(clippy::result_large_err)]
    pub fn parse(raw: Option<&str>) -> Result<Params, Response> {
        let raw = raw.unwrap_or("");
        if raw.len() > MAX_QUERY_STRING {
            return Err(message(
                StatusCode::URI_TOO_LONG,
                "Address too long",
                "This address is too long. Shorten the query or untick some filters.",
            ));
        }
        Ok(Params(
            form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ))
    }

    /// The first non-empty value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value of `key`, deduplicated, in order.
    pub fn all(&self, key: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (k, v) in &self.0 {
            if k == key && !v.trim().is_empty() && !out.contains(v) {
                out.push(v.clone());
            }
        }
        out
    }

    pub fn format(&self) -> Format {
        match self.get("format") {
            Some("csv") => Format::Csv,
            Some("json") => Format::Json,
            _ => Format::Html,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Html,
    Csv,
    Json,
}

/// `path?k=v&…` with every value percent-encoded.
pub(crate) fn url(path: &str, pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    format!("{path}?{}", s.finish())
}

/// Percent-encodes everything but unreserved characters (for a path segment or fragment).
pub(crate) fn encode(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

/// Link to a framework page, at an anchor when given.
pub(crate) fn framework_url(id: &str, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) => format!("/framework/{}#{}", encode(id), encode(a)),
        None => format!("/framework/{}", encode(id)),
    }
}

/// The id attribute of an indicator or competency on the framework page; `encode` makes
/// it the same string a fragment link carries.
pub(crate) fn anchor(id: &str) -> String {
    encode(id)
}

pub(crate) fn csv_response(name: &str, header: &[&str], rows: Vec<Vec<String>>) -> Response {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(&r);
    }
    let body = w.into_inner().unwrap_or_default();
    download(name, "text/csv; charset=utf-8", body)
}

pub(crate) fn json_response(name: &str, v: &impl serde::Serialize) -> Response {
    let body = serde_json::to_vec_pretty(v).unwrap_or_default();
    download(name, "application/json", body)
}

pub(crate) fn download(name: &str, content_type: &'static str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", encode(name));
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// "CSV · JSON" download links for the page at `path` with `pairs`.
pub(crate) fn downloads(path: &str, pairs: &[(&str, &str)]) -> Markup {
    let with = |f: &'static str| {
        let mut p: Vec<(&str, &str)> = pairs.to_vec();
        p.push(("format", f));
        url(path, &p)
    };
    maud::html! {
        p.downloads { "Download: " a href=(with("csv")) { "CSV" } " · " a href=(with("json")) { "JSON" } }
    }
}

pub(crate) fn round3(x: f32) -> f64 {
    (x as f64 * 1000.0).round() / 1000.0
}

/// Starts the server on `addr` and runs until Ctrl-C or SIGTERM.
pub async fn serve(live: Arc<Live>, addr: std::net::SocketAddr) -> Result<(), String> {
    serve_with(live, addr, conn::Limits::default()).await
}

/// [`serve`] with connection limits of the caller's choosing.
pub async fn serve_with(
    live: Arc<Live>,
    addr: std::net::SocketAddr,
    limits: conn::Limits,
) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    println!("atlas serve: http://{local}/ (Ctrl-C to stop)");
    conn::accept_loop(listener, live, limits, shutdown()).await;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
