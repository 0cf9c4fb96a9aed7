#!/usr/bin/env bash
# Whole-process timing: our PDF reader (examples/pdf_blocks, release build) against
# `pdftotext -layout`, on every fixture PDF. Prints the median of RUNS runs per file and
# per page, and the totals.
#
#   cargo build --release --example pdf_blocks --example big_pdf
#   benches/pdf_vs_pdftotext.sh [RUNS]        # default 7
#
# Besides the fixtures it times a large generated PDF (several hundred pages, written by
# examples/big_pdf) and reports the word-level F1 of our text against pdftotext's on it.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-7}
OURS=${OURS:-target/release/examples/pdf_blocks}
command -v pdftotext >/dev/null || { echo "pdftotext not installed (apt-get install poppler-utils)" >&2; exit 1; }
[ -x "$OURS" ] || { echo "$OURS missing: cargo build --release --example pdf_blocks" >&2; exit 1; }

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_runs() { # command... -> median seconds
    for _ in $(seq "$RUNS"); do
        local t0 t1
        t0=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        t1=$(date +%s.%N)
        echo "$t1 - $t0" | bc -l
    done | median
}

BIG=$(mktemp -d)/big.pdf
target/release/examples/big_pdf "$BIG" 80 2>/dev/null
printf "%-42s %5s %10s %10s %12s %12s %7s\n" file pages ours_s pdftotext_s ours_ms/pg ptt_ms/pg ratio
tot_o=0; tot_p=0; tot_pages=0
for f in fixtures/*.pdf "$BIG"; do
    pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
    o=$(time_runs "$OURS" "$f")
    p=$(time_runs pdftotext -layout "$f" /dev/null)
    printf "%-42s %5d %10.4f %10.4f %12.2f %12.2f %7.2f\n" "$(basename "$f")" "$pages" "$o" "$p" \
        "$(echo "$o*1000/$pages" | bc -l)" "$(echo "$p*1000/$pages" | bc -l)" "$(echo "$o/$p" | bc -l)"
    tot_o=$(echo "$tot_o+$o" | bc -l); tot_p=$(echo "$tot_p+$p" | bc -l); tot_pages=$((tot_pages+pages))
done
printf "%-42s %5d %10.4f %10.4f %12.2f %12.2f %7.2f\n" TOTAL "$tot_pages" "$tot_o" "$tot_p" \
    "$(echo "$tot_o*1000/$tot_pages" | bc -l)" "$(echo "$tot_p*1000/$tot_pages" | bc -l)" "$(echo "$tot_o/$tot_p" | bc -l)"

# Same words? Word-level F1 of our blocks' text against pdftotext on the large PDF.
"$OURS" "$BIG" --json 2>/dev/null | python3 -c '
import json, re, sys, subprocess, collections
ours = " ".join(b.get("text", "") for b in json.load(sys.stdin))
ref = subprocess.run(["pdftotext", "-layout", sys.argv[1], "-"], capture_output=True, text=True).stdout
PUNCT = ".,;:()[]|\u2022\""
norm = lambda t: collections.Counter(w.strip(PUNCT).lower() for w in t.split() if w.strip(PUNCT))
a, b = norm(ours), norm(ref)
common = sum((a & b).values())
p, r = common / max(1, sum(a.values())), common / max(1, sum(b.values()))
print(f"large PDF word-level F1 against pdftotext: {2*p*r/max(1e-9,p+r):.4f} (precision {p:.4f}, recall {r:.4f})")
' "$BIG"
