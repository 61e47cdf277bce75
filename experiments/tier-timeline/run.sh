#!/usr/bin/env bash
# Draws the tier timeline of glslang's short workload (bench/real) on the tiered engine's
# default policy: results/glslang-short.png. See README.md.
#
#   experiments/tier-timeline/run.sh [BUILD]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tests="$build/bench/real/glslang/glslang-12.0.0/Test"
shaders=$(python3 -c "import sys; sys.path.insert(0, '$root/bench/real'); import run_real; \
print(' '.join(run_real.GLSLANG_SETS[0]))")
for shader in $shaders; do cp "$tests/$shader" "$work/"; done
mkdir -p "$here/results"
(cd "$work" && "$build/bin/strata" run --engine=tiered --events="$work/events.jsonl" \
  --dir="$work::/work" --dir="$work::." "$build/bench/real/glslang.wasm" \
  -V --aml --amb -H $shaders > /dev/null)
/usr/bin/python3 "$here/plot_timeline.py" "$work/events.jsonl" "$here/results/glslang-short.png" \
  --title "glslang, short workload, tiered engine (default policy)"
