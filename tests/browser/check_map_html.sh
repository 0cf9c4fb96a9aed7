#!/usr/bin/env bash
# Renders the `atlas map --html` page in headless Chromium and checks that document text
# containing markup shows as text (is escaped), not as live elements.
#
# Installs nothing. Needs: a built `atlas` (cargo build), python3, and Chromium at
# $CHROMIUM (default /usr/bin/chromium; `apt-get install -y chromium` provides it).
#
#   tests/browser/check_map_html.sh            # uses target/debug/atlas
#   ATLAS=target/release/atlas tests/browser/check_map_html.sh
#
# Exit 0: page rendered, the injected name is visible as text, no <script> from the
# document reached the DOM, and the injected script did not run. Exit 1: a check failed.
# Exit 77: Chromium or python3 missing (skipped).
set -euo pipefail
cd "$(dirname "$0")/../.."
ATLAS=${ATLAS:-target/debug/atlas}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "skip: $CHROMIUM not found (apt-get install -y chromium)"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 not found"; exit 77; }
[ -x "$ATLAS" ] || { echo "error: $ATLAS not built (cargo build)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ATLAS" ingest corpus --index "$work/idx" >/dev/null
# Poison one stored framework: a competency name and the council carry markup. If escaping
# failed, the script would run and set the page title to PWNED.
python3 - "$work/idx/frameworks/mansfield-leadership.json" <<'PY'
import json, sys
p = sys.argv[1]
fw = json.load(open(p))
fw["competencies"][0]["name"] = "<script>document.title='PWNED'</script><script>alert(1)</script>"
fw["council"] = "Mansfield <b id=injected>bold</b> Council"
json.dump(fw, open(p, "w"))
PY
"$ATLAS" map --index "$work/idx" --html "$work/map.html" >/dev/null 2>&1
"$CHROMIUM" --headless --no-sandbox --disable-gpu --virtual-time-budget=2000 \
    --dump-dom "file://$work/map.html" >"$work/dom.html" 2>"$work/chromium.log" || {
    echo "FAIL: chromium could not render the page"; cat "$work/chromium.log"; exit 1; }

python3 - "$work/dom.html" <<'PY'
import sys, html.parser
dom = open(sys.argv[1], encoding="utf-8").read()
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.scripts = 0; self.injected = False; self.text = []; self.title = ""
        self._in_title = False
    def handle_starttag(self, tag, attrs):
        if tag == "script": self.scripts += 1
        if dict(attrs).get("id") == "injected": self.injected = True
        self._in_title = tag == "title"
    def handle_endtag(self, tag): self._in_title = False
    def handle_data(self, d):
        self.text.append(d)
        if self._in_title: self.title += d
p = P(); p.feed(dom)
text = "".join(p.text)
fails = []
if p.scripts: fails.append(f"{p.scripts} <script> element(s) in the rendered DOM")
if p.injected: fails.append("injected <b id=injected> became an element")
if "PWNED" in p.title: fails.append("injected script ran (title changed)")
if "<script>alert(1)</script>" not in text: fails.append("injected name not shown as text")
if "Competency crosswalk" not in text: fails.append("page did not render")
if fails:
    print("FAIL: " + "; ".join(fails)); sys.exit(1)
print("ok: markup in document text is rendered as text; no script ran")
PY
