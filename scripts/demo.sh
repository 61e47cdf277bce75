#!/usr/bin/env bash
# The main job: the bundled program suite (bench/programs, 16 programs, full size) run natively
# and on every engine built in, one timed run each, tabulated by bench/compare.py: time per
# engine, ratio to native, and what each engine reports of its compile time (lazy and
# background compiles included), tier-ups and OSR entries ("-" where it reports nothing); the
# same programs as whole processes (bench/end_to_end.py: compilation and instantiation
# included); and the real-program suite (bench/real, short workloads) natively, on every engine
# and on node's V8 when node is installed, whole process with peak memory
# (bench/real/compare_real.py). Before it, a quick check: the embedding example (docs/examples)
# on every engine. About six minutes on a 2-core machine.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
strata=$build/bin/strata
bench=$build/bin/strata-bench-programs
example=$build/bin/strata-embed-example

engines=$("$strata" engines --names)
echo "== engines"
"$strata" engines

if [ -x "$example" ]; then
  for engine in $engines; do
    echo "== embedding example (docs/examples/embed.cpp) on '$engine'"
    "$example" "$build/examples/greet.wasm" "$engine"
  done
fi

if [ ! -x "$bench" ]; then
  echo "demo: $bench is not built (it needs clang-19 for wasm32 and STRATA_BUILD_BENCHMARKS)" >&2
  exit 1
fi
out=$build/demo
mkdir -p "$out"
echo "== program suite: 16 programs natively and on $(echo $engines | tr ' ' ','), one timed run each"
inputs=()
for engine in native $engines; do
  printf '   %-8s ' "$engine"
  start=$SECONDS
  # One engine per run, so each line reports as it finishes; compare.py merges the files and
  # keeps the best repetition. Native times are the denominators: they get three.
  repetitions=1
  [ "$engine" = native ] && repetitions=3
  if ! STRATA_BENCH_ENGINES=${engine/native/interp} "$bench" --benchmark_filter="^$engine/" \
      --benchmark_min_time=0.2 --benchmark_repetitions=$repetitions --benchmark_format=json \
      >"$out/$engine.json" 2>"$out/$engine.log"; then
    echo "failed:"
    cat "$out/$engine.log" >&2
    exit 1
  fi
  echo "$((SECONDS - start)) s"
  inputs+=(--json "$out/$engine.json")
done
echo
python3 "$root/bench/compare.py" --stats "${inputs[@]}"
echo
echo "CPU time of one call to each program's run(), in ms; '-' where an engine reports no such"
echo "figure. Full results: $out/*.json; more repetitions: bench/README.md."

echo
echo "== program suite as whole processes (strata invoke X.wasm run): seconds, ratio to interp"
configs=()
for engine in $engines; do configs+=(--config "$engine=--engine=$engine"); done
python3 "$root/bench/end_to_end.py" --strata "$strata" --programs "$build/bench/programs" \
  --runs 1 "${configs[@]}"

if [ -f "$build/bench/real/lua.wasm" ]; then
  echo
  echo "== real programs (bench/real, short workloads), one run each"
  python3 "$root/bench/real/compare_real.py" --strata "$strata" --programs "$build/bench/real" \
    --workload short --rounds 1 2>/dev/null
else
  echo "demo: the real-program suite is not built (it needs wasi-libc, libc++ for wasm32, tclsh, spirv-headers and python3.11)" >&2
fi
