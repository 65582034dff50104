#!/usr/bin/env bash
# Kills `kg ingest` with SIGKILL at random moments, many times, and checks after each kill:
#   - PRAGMA integrity_check is ok;
#   - the graph holds exactly the first k documents, each whole: its content (every table, ingest
#     times aside) equals a clean ingest of the same k files;
#   - re-running the ingest finishes the job: the result equals one clean ingest of everything.
#
#   scripts/kill-ingest.sh [CORPUS_DIR] [KILLS]
#
# CORPUS_DIR defaults to the reliability test fixtures; KILLS to 100. Needs a built kg
# (KG=path/to/kg, default .build/debug/kg) and python3 (for the sqlite3 comparisons).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$here/Tests/KGReliabilityTests/Fixtures}"
kills="${2:-100}"
kg="${KG:-$here/.build/debug/kg}"
[ -x "$kg" ] || { echo "kill-ingest: no kg at $kg (swift build --product kg)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/kg-kill.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
# Flat copy, so the files sort the same for every run; file names as they are.
find "$corpus" -type f ! -name '.*' ! -name '*.cypher' -exec cp {} "$work/corpus/" \;
cd "$work"
files=( $(ls corpus | sort) )
echo "kill-ingest: ${#files[@]} documents from $corpus, $kills kills, kg at $kg"

# What a graph holds, as text: every table in id order, ingest times left out.
dump() {
    python3 - "$1" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
if not c.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'triple'").fetchone()[0]:
    print("no schema"); sys.exit(0)
for sql in ["SELECT id, path, format, hash, bytes, node FROM document ORDER BY id",
            "SELECT id FROM node ORDER BY id",
            "SELECT id, s, k, p, o, dt, doc, evidence, extractor, date, confidence, qual FROM triple ORDER BY id",
            "SELECT triple, doc FROM support ORDER BY triple, doc",
            "SELECT key, node FROM alias ORDER BY key, node"]:
    for row in c.execute(sql):
        print(repr(row))
EOF
}
documents() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(\"SELECT count(*) FROM sqlite_schema WHERE name='document'\").fetchone()[0] and c.execute('SELECT count(*) FROM document').fetchone()[0])" "$1"; }
integrity() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])" "$1"; }

# The reference: the graph after each of the first k documents, one `kg ingest` per file.
"$kg" ingest -q --db ref.db "corpus/${files[0]}" >/dev/null
: > ref-0.txt
dump ref.db > ref-1.txt
for ((k = 2; k <= ${#files[@]}; k++)); do
    "$kg" ingest -q --db ref.db "corpus/${files[k-1]}" >/dev/null
    dump ref.db > "ref-$k.txt"
done
start=$(date +%s.%N)
"$kg" ingest -q --db whole.db corpus >/dev/null
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
dump whole.db > whole.txt
cmp -s whole.txt "ref-${#files[@]}.txt" || { echo "FAIL: one ingest differs from file-by-file ingests"; exit 1; }
echo "kill-ingest: a clean ingest takes ${elapsed}s"

survived=0; partial=0; failures=0
for ((i = 1; i <= kills; i++)); do
    db="kill.db"
    [ $((i % 5)) -eq 1 ] && rm -f kill.db kill.db-wal kill.db-shm    # every fifth round starts afresh
    # Aim within what is left to do, so resumed runs are killed too rather than finishing first.
    before=0; [ -f "$db" ] && before=$(documents "$db")
    delay=$(python3 -c "import random; print(random.uniform(0, $elapsed * (${#files[@]} - $before) / ${#files[@]} + 0.05))")
    "$kg" ingest -q --db "$db" corpus >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then killed=1; else killed=0; fi
    wait "$pid" 2>/dev/null || true
    [ -f "$db" ] || continue
    ok=$(integrity "$db")
    if [ "$ok" != "ok" ]; then echo "FAIL round $i: integrity_check: $ok"; failures=$((failures + 1)); continue; fi
    k=$(documents "$db")
    if [ "$k" = "0" ]; then
        left="$(dump "$db")"
        if [ -n "$left" ] && [ "$left" != "no schema" ]; then echo "FAIL round $i: no documents but rows left behind"; failures=$((failures + 1)); fi
    else
        dump "$db" > now.txt
        if ! cmp -s now.txt "ref-$k.txt"; then echo "FAIL round $i: $k documents, not the clean graph of the first $k"; failures=$((failures + 1)); fi
    fi
    [ $killed -eq 1 ] && survived=$((survived + 1))
    [ $killed -eq 1 ] && [ "$k" -gt 0 ] && [ "$k" -lt ${#files[@]} ] && partial=$((partial + 1))
    # Re-running finishes the job (every fifth round; the others resume the killed file next round).
    if [ $((i % 5)) -eq 0 ]; then
        "$kg" ingest -q --db "$db" corpus >/dev/null || { echo "FAIL round $i: the resumed ingest failed"; failures=$((failures + 1)); }
        dump "$db" > now.txt
        cmp -s now.txt whole.txt || { echo "FAIL round $i: the resumed ingest differs from a clean one"; failures=$((failures + 1)); }
    fi
done
echo "kill-ingest: $survived kills survived ($partial with a partly ingested corpus), $failures failures"
[ $failures -eq 0 ]
