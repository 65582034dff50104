#!/usr/bin/env bash
# Regenerates the pictures in graphs/ from the sample documents in seeds/.
# Run after `swift build` (or set KG to a kg binary); needs Graphviz's dot for the SVGs.
# Tests/KGExportTests/GraphsFolderTests.swift fails when the committed DOT files are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
kg="${KG:-$(swift build --show-bin-path)/kg}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/seeds.db"

# Relative paths: the documents' paths are part of the graph (Document nodes show them).
"$kg" --db "$db" ingest -q seeds
"$kg" --db "$db" export --format dot --rankdir LR -o graphs/seeds.dot
"$kg" --db "$db" export --format dot --rankdir LR --around SenseTime --depth 1 -o graphs/sensetime.dot
dot -Tsvg graphs/seeds.dot -o graphs/seeds.svg
dot -Tsvg graphs/sensetime.dot -o graphs/sensetime.svg
echo "graphs/: seeds.dot, seeds.svg, sensetime.dot, sensetime.svg"
