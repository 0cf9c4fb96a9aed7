#!/usr/bin/env bash
# Load test of `atlas serve` on loopback: an index of 100,000 synthetic indicators, wrk for
# 30 s rotating search URLs (single term, phrase, filters, page 2), latency percentiles.
#
#   benches/serve_load.sh                 # defaults: 100 frameworks x 1000 indicators, 30 s
#   DURATION=10s CONNECTIONS=8 benches/serve_load.sh
#
# Needs wrk (apt-get install -y wrk). Only 127.0.0.1 is contacted; the server is stopped at
# the end however the script exits.
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMEWORKS=${FRAMEWORKS:-100}
INDICATORS=${INDICATORS:-1000}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk"; exit 1; }
cargo build --release -j1 --bin atlas
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
target/release/atlas debug-synthetic --index "$work/idx" --frameworks "$FRAMEWORKS" --indicators "$INDICATORS"
target/release/atlas serve --index "$work/idx" --addr "127.0.0.1:$PORT" > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$PORT/assets/style.css" >/dev/null 2>&1 && break
  sleep 0.1
done
total=$(curl -s "http://127.0.0.1:$PORT/search?q=*&format=json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "index: $total indicators"
# One framework's council, for the filter URLs.
council=$(curl -s "http://127.0.0.1:$PORT/frameworks?format=json" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["council"])')
enc() { python3 -c 'import sys,urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$1"; }
C=$(enc "$council")
cat > "$work/urls.lua" <<LUA
local paths = {
  "/search?q=coaching",
  "/search?q=suppliers",
  "/search?q=%22value+for+money%22",
  "/search?q=%22shares+feedback%22",
  "/search?q=coaching&council=$C",
  "/search?q=feedback&polarity=negative",
  "/search?q=coaching&page=2",
  "/search?q=competency%3Aleadership+-polarity%3Anegative",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
local errors = 0
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx %d, socket errors %d/%d/%d/%d\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
# Warm up (opens the reader, pages the index in).
for p in "/search?q=coaching" "/search?q=coaching&council=$C"; do curl -sf "http://127.0.0.1:$PORT$p" >/dev/null; done
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s urls.lua http://127.0.0.1:$PORT ($FRAMEWORKS frameworks x $INDICATORS indicators)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/urls.lua" "http://127.0.0.1:$PORT"
