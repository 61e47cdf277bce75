#!/usr/bin/env bash
# Fuzzes decode + validate with libFuzzer for SECONDS (default 60) and fails on any crash,
# leak, undefined behaviour, timeout or out-of-memory. With --execute, fuzzes execution instead
# (strata-fuzz-execute: instantiate and run on interp and jit, which must agree), which needs
# the sanitizer build (`make fuzz-execute` builds and runs it).
#
#   scripts/fuzz.sh [--no-build] [--execute] [SECONDS] [extra libFuzzer flags...]
#
# BUILD names the build directory (default: build). Unless --no-build is given, the fuzzer and
# its seed corpus are built first. With WASM_TESTSUITE set, the testsuite's modules join the
# seeds. Inputs that found new coverage accumulate in $BUILD/test/fuzz/corpus; a failing input
# is saved as $BUILD/test/fuzz/artifacts/crash-* (or leak-, timeout-, oom-) and can be replayed
# with `$BUILD/bin/strata-fuzz-decode FILE`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD:-build}"
[[ "$build" = /* ]] || build="$root/$build"

run_build=1
if [ "${1:-}" = "--no-build" ]; then
  run_build=0
  shift
fi
target=strata-fuzz-decode
corpus=corpus
what="decode + validate"
timeout=10
if [ "${1:-}" = "--execute" ]; then
  target=strata-fuzz-execute
  corpus=corpus-execute
  what="execution on interp and jit"
  timeout=60 # an input compiles on jit, unoptimized code under ASan
  shift
fi
seconds="${1:-60}"
shift || true

if [ "$run_build" = 1 ]; then
  [ -f "$build/CMakeCache.txt" ] || cmake -G Ninja -S "$root" -B "$build"
  cmake --build "$build" --target "$target" strata-fuzz-corpus
fi

fuzzer="$build/bin/$target"
dir="$build/test/fuzz"
if [ ! -x "$fuzzer" ]; then
  echo "fuzz: $fuzzer is missing (decode: configure with clang++ installed and" \
    "STRATA_BUILD_FUZZERS=ON; execute: make sanitize-configure)" >&2
  exit 1
fi
mkdir -p "$dir/$corpus" "$dir/artifacts"
seed_dirs=("$dir/seeds")
if [ -n "${WASM_TESTSUITE:-}" ]; then
  if [ ! -d "$dir/seeds-testsuite" ]; then
    python3 "$root/test/fuzz/make_corpus.py" --out "$dir/seeds-testsuite" \
      --testsuite "$WASM_TESTSUITE" --testsuite-only
  fi
  seed_dirs+=("$dir/seeds-testsuite")
fi

echo "fuzz: $what for ${seconds}s (corpus $dir/$corpus)"
exec "$fuzzer" -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=2048 -timeout="$timeout" \
  -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$@" "$dir/$corpus" "${seed_dirs[@]}"
