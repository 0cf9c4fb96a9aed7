#!/usr/bin/env bash
# Peak memory of a whole `atlas ingest` over the zip-bomb DOCX (240 MB document.xml,
# 294:1): the reader must refuse it from its declared size before inflating it.
#   benches/zip_bomb_memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp fixtures/bad/zip-bomb.docx "$work/"
/usr/bin/time -f "%e s elapsed, %M KB peak RSS" ./target/release/atlas ingest "$work" --index "$work/index" --quiet || true
