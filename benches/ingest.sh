#!/usr/bin/env bash
# Whole-process ingest benchmark: generate N mixed documents (txt, docx, pdf; ~3-15 pages
# each), then time `atlas ingest` over them into a fresh index, with peak memory.
#   benches/ingest.sh [N]        (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./target/release/atlas synth --out "$work/docs" --count "$n" --formats txt,docx,pdf --seed 7 >/dev/null
pages=$(find "$work/docs" -name '*.pdf' | awk 'NR<=50' | xargs -I{} sh -c 'pdfinfo "{}" 2>/dev/null | sed -n "s/^Pages: *//p"' | awk '{s+=$1; n++} END {if (n) printf "%.1f", s/n; else print "?"}')
echo "corpus: $n documents ($(du -sh "$work/docs" | cut -f1)), PDF pages per document (sample of 50): $pages"
for run in 1 2 3; do
  rm -rf "$work/index"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%e s elapsed, %M KB peak RSS" ./target/release/atlas ingest "$work/docs" --index "$work/index" --quiet >/dev/null 2>"$work/time" || true
    t=$(tail -1 "$work/time")
  else
    start=$(date +%s.%N)
    ./target/release/atlas ingest "$work/docs" --index "$work/index" --quiet >/dev/null || true
    t="$(echo "$(date +%s.%N) - $start" | bc) s elapsed"
  fi
  secs=${t%% s*}
  echo "run $run: $t, $(echo "scale=1; $n / $secs" | bc) documents/s"
done
