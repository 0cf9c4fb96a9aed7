#!/usr/bin/env bash
# Hostile-input stress run (issue 19): generates each probe, runs atlas on it and prints
# one line per probe: outcome, wall time, peak RSS of atlas and all its workers together
# (sampled from /proc every 20 ms, so a short spike between samples can be missed).
#
#   benches/hostile.sh            # all probes (~2 GB of scratch files in $TMPDIR, a few minutes)
#   PROBES="flood bullets" benches/hostile.sh
#
# Not part of `cargo test`: figures depend on the machine. Targets from the issue: peak RSS
# < 1 GB for any single hostile file and < 1.5 GB for a folder of them with -j 2; the
# glyph flood refused in < 5 s; 1 M bullet lines in < 5 s; no data loss with two
# concurrent ingests; a damaged index rebuilt by the next ingest.
set -uo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
ATLAS=$PWD/target/release/atlas
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PROBES=${PROBES:-"flood bullets text60 junk-folder hostile-folder zero fifo concurrent damaged nan nesting reloads"}

# measure NAME CMD...: runs CMD, prints "NAME | outcome | wall | peak RSS" (outcome: the
# exit code and the last line of output that says what happened).
measure() {
    local name=$1
    shift
    python3 - "$name" "$@" <<'PY'
import os, subprocess, sys, time
name, cmd = sys.argv[1], sys.argv[2:]
def tree_rss(root):
    kids, rss = {}, {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{pid}/statm") as f:
                rss[int(pid)] = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            kids.setdefault(ppid, []).append(int(pid))
        except (OSError, IndexError, ValueError):
            pass
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += kids.get(p, [])
    return total
start = time.monotonic()
out = open(os.environ.get("OUT", "/dev/null"), "w")
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
peak, lines = 0, []
import threading
def read():
    for l in p.stdout:
        lines.append(l.decode("utf-8", "replace").rstrip())
t = threading.Thread(target=read); t.start()
while p.poll() is None:
    peak = max(peak, tree_rss(p.pid))
    time.sleep(0.02)
t.join()
wall = time.monotonic() - start
keys = ("FAILED", "error", "ingested", "rebuilt", "skipped", "matching", "refused")
said = [l for l in lines if any(k in l for k in keys)]
what = " / ".join(s[:110] for s in said[-2:]) if said else (lines[-1][:110] if lines else "")
print(f"{name:<16} | exit {p.returncode:<3} | {wall:6.2f} s | {peak / 2**20:7.0f} MB | {what}")
PY
}

has() { [[ " $PROBES " == *" $1 "* ]]; }

# A PDF whose pages all share one content stream that paints a 20k-character form 101
# times (2 M glyphs per page, 40 pages): the glyph flood.
flood_pdf() {
    python3 - "$1" <<'PY'
import sys
line = b"(" + b"Abc def " * 2500 + b") Tj\n"
form = b"BT /F1 1 Tf 0 0 Td " + line + b"ET"
content = b"q " + b"/Fm Do " * 101 + b"Q"
pages = 40
objs = {
    1: b"<< /Type /Catalog /Pages 2 0 R >>",
    3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    4: b"<< /Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << /Font << /F1 3 0 R >> >> /Length %d >>\nstream\n" % len(form) + form + b"\nendstream",
    5: b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
}
kids = []
for i in range(pages):
    n = 6 + i
    kids.append(b"%d 0 R" % n)
    objs[n] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 5 0 R /Resources << /XObject << /Fm 4 0 R >> /Font << /F1 3 0 R >> >> >>"
objs[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
out = bytearray(b"%PDF-1.4\n")
offsets = {}
for n in sorted(objs):
    offsets[n] = len(out)
    out += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
xref = len(out)
size = max(objs) + 1
out += b"xref\n0 %d\n0000000000 65535 f \n" % size
for n in range(1, size):
    out += b"%010d 00000 n \n" % offsets[n]
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
open(sys.argv[1], "wb").write(out)
PY
}

# N bullet lines under a framework's headings.
bullets() {
    python3 - "$1" "$2" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("Hostile Borough Council\nCompetency Framework\n\nLeading people\n\nLevel 1\n")
    for i in range(n):
        f.write(f"- Shows behaviour number {i} towards colleagues and residents\n")
PY
}

echo "probe            | outcome  | wall     | peak RSS | what atlas said"
echo "-----------------|----------|----------|----------|----------------"

if has flood; then
    mkdir -p "$work/flood" && flood_pdf "$work/flood/flood.pdf"
    measure flood-extract "$ATLAS" extract "$work/flood/flood.pdf"
    measure flood-ingest "$ATLAS" ingest "$work/flood" --index "$work/ix-flood" -q
fi
if has bullets; then
    mkdir -p "$work/bullets" && bullets "$work/bullets/bullets.txt" 1000000
    measure bullets-1M "$ATLAS" extract "$work/bullets/bullets.txt" --timeout 60
fi
if has text60; then
    mkdir -p "$work/text60"
    bullets "$work/text60/big.txt" 900000   # ~60 MB
    measure text-60MB "$ATLAS" ingest "$work/text60" --index "$work/ix-text60" -q --timeout 120
fi
if has junk-folder; then
    mkdir -p "$work/junk"
    for i in $(seq 1 40); do head -c $((50 << 20)) /dev/urandom >"$work/junk/junk$i.pdf"; done
    measure junk-40x50MB-j1 "$ATLAS" ingest "$work/junk" --index "$work/ix-junk" -q -j 1
    rm -rf "$work/junk"
fi
if has hostile-folder; then
    mkdir -p "$work/hostile"
    for i in 1 2 3 4; do flood_pdf "$work/hostile/flood$i.pdf"; done
    bullets "$work/hostile/bullets.txt" 300000
    head -c $((30 << 20)) /dev/urandom >"$work/hostile/junk.docx"
    cp fixtures/bad/*.docx fixtures/bad/*.pdf "$work/hostile/" 2>/dev/null
    cp corpus/*.txt "$work/hostile/"
    measure hostile-dir-j2 "$ATLAS" ingest "$work/hostile" --index "$work/ix-hostile" -q -j 2
fi
if has zero; then
    ln -s /dev/zero "$work/zero.txt"
    measure devzero-link timeout 60 "$ATLAS" extract "$work/zero.txt"
fi
if has fifo; then
    mkfifo "$work/pipe.pdf"
    measure fifo timeout 60 "$ATLAS" extract "$work/pipe.pdf"
fi
if has concurrent; then
    mkdir -p "$work/c1" "$work/c2"
    "$ATLAS" synth --out "$work/c1" --count 50 --seed 1 >/dev/null
    "$ATLAS" synth --out "$work/c2" --count 50 --seed 2 >/dev/null
    OUT="$work/c1.out" measure concurrent-a "$ATLAS" ingest "$work/c1" --index "$work/ix-c" -q &
    sleep 0.2
    measure concurrent-b "$ATLAS" ingest "$work/c2" --index "$work/ix-c" -q
    wait
    n=$(ls "$work/ix-c/frameworks" | grep -c '\.json$')
    echo "concurrent       | $n frameworks stored; the refused run wrote nothing; re-run of the refused one:"
    measure concurrent-b2 "$ATLAS" ingest "$work/c2" --index "$work/ix-c" -q
fi
if has damaged; then
    mkdir -p "$work/d"
    "$ATLAS" synth --out "$work/d" --count 30 --seed 4 >/dev/null
    "$ATLAS" ingest "$work/d" --index "$work/ix-d" -q >/dev/null
    f=$(ls "$work"/ix-d/tantivy/*.idx | head -1)
    truncate -s 10 "$f"
    measure damaged-search "$ATLAS" search leadership --index "$work/ix-d" --limit 1
    measure damaged-reingest "$ATLAS" ingest "$work/d" --index "$work/ix-d" -q
    measure damaged-search2 "$ATLAS" search leadership --index "$work/ix-d" --limit 1
fi
if has nan; then
    measure timeout-nan "$ATLAS" ingest corpus --index "$work/ix-nan" --timeout nan
fi
if has nesting; then
    mkdir -p "$work/n" && cp corpus/*.txt corpus/manifest.csv "$work/n/"
    "$ATLAS" ingest "$work/n" --index "$work/ix-n" -q >/dev/null
    q=$(python3 -c 'print("(" * 16000 + "coaching" + ")" * 16000)')
    measure nesting-16k "$ATLAS" search "$q" --index "$work/ix-n"
    measure council-star "$ATLAS" search 'council:*' --index "$work/ix-n"
    measure long-word "$ATLAS" search "$(printf 'a%.0s' $(seq 1 40))" --index "$work/ix-n"
fi
if has reloads; then
    # Server memory over 20 reloads: each round ingests 20 more frameworks, asks a page
    # (which starts the reload) and waits for it; RSS should level off, not grow per reload.
    mkdir -p "$work/r"
    "$ATLAS" synth --out "$work/r" --count 400 --seed 5 >/dev/null
    mkdir -p "$work/rdocs" && cp "$work"/r/manifest.csv "$work/rdocs/"
    ls "$work/r" | grep -v manifest | head -20 | xargs -I{} cp "$work/r/{}" "$work/rdocs/"
    "$ATLAS" ingest "$work/rdocs" --index "$work/ix-r" -q >/dev/null
    "$ATLAS" serve --index "$work/ix-r" --addr 127.0.0.1:18711 >/dev/null 2>&1 &
    spid=$!
    sleep 1
    rss() { awk '/VmRSS/ {print int($2/1024)}' /proc/$spid/status; }
    line="reloads          | RSS MB after each:"
    for round in $(seq 1 20); do
        ls "$work/r" | grep -v manifest | sed -n "$((round * 20 + 1)),$((round * 20 + 20))p" |
            xargs -I{} cp "$work/r/{}" "$work/rdocs/"
        "$ATLAS" ingest "$work/rdocs" --index "$work/ix-r" -q >/dev/null
        curl -s -o /dev/null "http://127.0.0.1:18711/themes"
        sleep 2
        curl -s -o /dev/null "http://127.0.0.1:18711/themes"
        line="$line $(rss)"
    done
    echo "$line"
    kill $spid
fi
