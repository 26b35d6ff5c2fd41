#!/usr/bin/env bash
# regenerate.sh: write the Quint traces that ReplayQuintTracesTest replays, with Quint's TypeScript simulator.
#
#   specs/quint/regenerate.sh [OUT_DIR]     (default: trace-checker/src/test/resources/quint)
#
# Installs the npm package @informalsystems/quint 0.33.1 into target/quint-tools (git-ignored; never committed) when
# it is not there. --backend=typescript matters: Quint's default backend downloads a binary (its Rust simulator)
# on first use; the TypeScript one needs nothing beyond the npm package.
#
# antlr4ts is pinned to 0.5.0-alpha.4: Quint asks for ^0.5.0-alpha.4, which npm resolves to the later prerelease
# 0.5.0-dev, whose module cycle makes `quint` fail at start ("Class extends value undefined", XPathLexer.js).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/trace-checker/src/test/resources/quint}"
tools="$root/target/quint-tools"
quint="$tools/node_modules/.bin/quint"

if [ ! -x "$quint" ]; then
  mkdir -p "$tools"
  cat > "$tools/package.json" <<'JSON'
{
  "name": "wberr-quint-tools",
  "private": true,
  "dependencies": { "@informalsystems/quint": "0.33.1" },
  "overrides": { "antlr4ts": "0.5.0-alpha.4" }
}
JSON
  (cd "$tools" && npm install --no-audit --no-fund >&2)
fi

spec="$root/specs/quint/fsync.qnt"
run() { "$quint" run --mbt --backend=typescript --max-samples=1 --n-traces=1 "$@" "$spec" >/dev/null; }
mkdir -p "$out"
# Each style with the seed whose trace has failed writebacks that fsync reports.
run --step=step --max-steps=40 --seed=11 --out-itf="$out/fsync-plain.itf.json"
run --step=stepTopPicks --max-steps=40 --seed=9 --out-itf="$out/fsync-top-picks.itf.json"
run --step=stepSumTypes --max-steps=40 --seed=1 --out-itf="$out/fsync-sum-types.itf.json"
run --main=fsync_page_variants --max-steps=2 --seed=1 --out-itf="$out/fsync-page-variants.itf.json"
echo "regenerate.sh: wrote $(ls "$out"/*.itf.json | wc -l) traces to $out" >&2
