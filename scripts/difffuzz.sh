#!/usr/bin/env bash
# Differential fuzzing campaign on all cores: COUNT random modules (default 1000) of SEED
# (default: from the clock, printed first) run on V8, wabt and every Strata configuration of
# test/fuzz/diff/configs.txt. Failing modules and their expected output are kept in
# $BUILD/test/fuzz/diff-failures (KEEP overrides); further arguments go to difffuzz.py
# (e.g. --reduce, --first K, --jobs J).
#
#   scripts/difffuzz.sh [COUNT] [SEED] [difffuzz.py flags...]
#
# BUILD names the build directory (default: build); the strata binary must be built.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD:-build}"
[[ "$build" = /* ]] || build="$root/$build"

count="${1:-1000}"
[ $# -gt 0 ] && shift
seed="${1:-$(date +%s)}"
[ $# -gt 0 ] && shift

strata="$build/bin/strata"
if [ ! -x "$strata" ]; then
  echo "difffuzz: $strata is missing (build the strata target first)" >&2
  exit 1
fi
echo "difffuzz: seed $seed, $count modules"
exec python3 "$root/test/fuzz/diff/difffuzz.py" --strata "$strata" --seed "$seed" \
  --count "$count" --config-file "$root/test/fuzz/diff/configs.txt" --jobs "$(nproc)" \
  --keep-failures "${KEEP:-$build/test/fuzz/diff-failures}" "$@"
