#!/usr/bin/env bash
# Times the real-program suite (bench/real, long workloads) natively, on Strata's engines and on
# node's V8 (when node is installed); writes results/ and the plot. See README.md.
#
#   experiments/real-programs/run.sh [BUILD] [ROUNDS] [PROGRAM...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
rounds="${2:-3}"
shift $(($# > 2 ? 2 : $#))
mkdir -p "$here/results"
python3 "$root/bench/real/compare_real.py" --strata "$build/bin/strata" \
  --programs "$build/bench/real" --workload long --rounds "$rounds" \
  --csv "$here/results/real.csv" --markdown "$here/results/real.md" "$@"
/usr/bin/python3 "$here/plot.py" "$here/results/real.csv" "$here/results/real.png"
