//! The page frame (navigation, stylesheet, script) and the two embedded assets.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

const NAV: [(&str, &str, &str); 5] = [
    ("search", "/search", "Search"),
    ("frameworks", "/frameworks", "Frameworks"),
    ("compare", "/compare", "Compare"),
    ("themes", "/themes", "Themes"),
    ("families", "/families", "Shared origin"),
];

/// A whole page; `active` names the navigation entry to mark.
pub fn page(title: &str, active: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Competency atlas" }
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/search" { "Competency atlas" }
                    nav {
                        @for (key, href, label) in NAV {
                            a href=(href) class=[(key == active).then_some("active")] { (label) }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

pub async fn css() -> Response {
    asset("text/css; charset=utf-8", CSS)
}

pub async fn js() -> Response {
    asset("text/javascript; charset=utf-8", JS)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    r
}

const CSS: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#fafafa;font-size:15px;line-height:1.4}
header.top{background:#1f3a5f;color:#fff;padding:.6em 1.2em;display:flex;gap:2em;align-items:center;flex-wrap:wrap}
header.top a{color:#fff;text-decoration:none}
.brand{font-weight:700;font-size:1.1em}
nav a{margin-right:1.2em;opacity:.85}
nav a.active{opacity:1;border-bottom:2px solid #fff}
main{padding:1em 1.5em;max-width:1400px}
h1{font-size:1.4em;margin:.3em 0 .6em}
h2{font-size:1.15em;margin:1.2em 0 .4em}
a{color:#1f5fa8}
.searchbar{display:flex;gap:.5em;margin-bottom:1em}
.searchbar input[type=search]{flex:1;font-size:1.05em;padding:.45em .6em;border:1px solid #999;border-radius:4px}
button{font-size:1em;padding:.4em 1em;border-radius:4px;border:1px solid #1f3a5f;background:#1f3a5f;color:#fff;cursor:pointer}
.layout{display:grid;grid-template-columns:260px 1fr;gap:1.5em}
@media (max-width:800px){.layout{grid-template-columns:1fr}}
aside fieldset{border:1px solid #ddd;border-radius:4px;margin:0 0 1em;padding:.4em .7em;background:#fff}
aside legend{font-weight:600}
aside label{display:block;font-size:.92em;margin:.15em 0}
aside .count{color:#666}
ol.hits{list-style:none;padding:0;margin:0}
ol.hits li{background:#fff;border:1px solid #e3e3e3;border-radius:4px;padding:.6em .8em;margin-bottom:.6em}
.hit .meta{font-size:.9em;color:#444}
.hit .text{margin:.3em 0}
.hit .src{font-size:.8em;color:#777}
mark{background:#ffe27a;padding:0 1px}
.tag{display:inline-block;font-size:.8em;padding:0 .4em;border-radius:3px;background:#eef;margin-left:.3em}
.tag.negative{background:#fde2e2}
.summary{color:#444}
.message{background:#fff4e5;border:1px solid #f0b86e;padding:.6em .8em;border-radius:4px}
.pager a,.pager span{margin-right:.6em}
.downloads{font-size:.9em}
table{border-collapse:collapse;background:#fff;margin-bottom:1.5em}
th,td{border:1px solid #ddd;padding:.35em .5em;vertical-align:top;text-align:left;font-size:.92em}
th{background:#f0f2f5}
table.grid td ul{margin:0;padding-left:1.1em}
table.grid td li{margin-bottom:.25em}
table.grid.negative th{background:#fbeaea}
.page{color:#777;font-size:.85em}
:target{background:#fff3b0;outline:2px solid #e0b000}
.warnings li{color:#8a4b00}
.score{text-align:right;font-variant-numeric:tabular-nums}
.s0{background:#f6f6f6}.s1{background:#e3ecf8}.s2{background:#c9dbf2}.s3{background:#a9c6ea}.s4{background:#86afe0}.s5{background:#6398d6;color:#fff}
.picker select{min-width:20em;font-size:1em;margin-right:.5em}
.terms{color:#555;font-size:.88em}
.sideby{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}
@media (max-width:900px){.sideby{grid-template-columns:1fr}}
"#;

/// Progressive enhancement only: live search as you type and on ticking a filter. Every
/// page works without it (the form submits normally).
const JS: &str = r#"
(function () {
  var form = document.getElementById('search-form');
  var live = document.getElementById('live');
  if (!form || !live || !window.fetch || !window.URLSearchParams) return;
  var q = form.querySelector('input[name=q]');
  var timer = null, ctl = null;
  function params() {
    var p = new URLSearchParams(new FormData(form));
    p.delete('page');
    return p;
  }
  function go() {
    var p = params();
    history.replaceState(null, '', '/search?' + p.toString());
    p.set('fragment', '1');
    if (ctl && ctl.abort) ctl.abort();
    ctl = window.AbortController ? new AbortController() : null;
    fetch('/search?' + p.toString(), ctl ? { signal: ctl.signal } : {})
      .then(function (r) { return r.text(); })
      .then(function (html) { live.innerHTML = html; live.setAttribute('data-live', '1'); })
      .catch(function () {});
  }
  q.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(go, 250);
  });
  form.addEventListener('change', function (e) {
    if (e.target && e.target.name !== 'q') go();
  });
})();
"#;
