#!/usr/bin/env bash
# Runs the KGFuzz mutation fuzzer on each parser that takes outside text, in a release build.
#   scripts/fuzz-all.sh [SECONDS_PER_TARGET] [SEED]
# Findings (inputs that crashed or hung) are written to .build/kgfuzz/; rebuild any input with
#   KGFuzz --target T --seed S --replay I --write FILE   and run it with   KGFuzz --target T --run FILE
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
seed="${2:-$(date +%s)}"
swift build -c release --product KGFuzz >/dev/null || exit 2
status=0
for target in wikitext frontmatter query; do
    .build/release/KGFuzz --target "$target" --seconds "$seconds" --seed "$seed" || status=1
done
exit $status
