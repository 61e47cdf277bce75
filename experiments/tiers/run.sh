#!/usr/bin/env bash
# Sweeps the tier chains over the real-program suite (long workloads, with node's V8 when it is
# installed) and the program suite: the interpreter and the baseline tier alone, the tiered
# engine's three chains, and the policies over the default chain; then where each chain spends
# its compile time (tier_stats.py). Writes results/ (tables, and real.svg by plot.py). See
# README.md.
#
#   experiments/tiers/run.sh [BUILD] [ROUNDS] [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
rounds="${2:-3}"
runs="${3:-5}"
mkdir -p "$here/results"
tiered=("tiered-interp=--engine=tiered --option=tiers=interp,optimizing"
        "tiered-baseline=--engine=tiered --option=tiers=baseline,optimizing"
        "tiered=--engine=tiered")
chains=(--config "interp=--engine=interp" --config "baseline=--engine=baseline")
for config in "${tiered[@]}"; do chains+=(--config "$config"); done
# The policies other than the default (costbenefit) over the default chain.
chains+=(--config "tiered-counters=--engine=tiered --policy=counters"
         --config "tiered-budget=--engine=tiered --policy=budget")
python3 "$root/bench/real/compare_real.py" --strata "$build/bin/strata" \
  --programs "$build/bench/real" --workload long --rounds "$rounds" "${chains[@]}" \
  --csv "$here/results/real.csv" --markdown "$here/results/real.md"
python3 "$root/bench/end_to_end.py" --strata "$build/bin/strata" \
  --programs "$build/bench/programs" --runs "$runs" --config "jit=--engine=jit" "${chains[@]}" \
  --csv "$here/results/programs.csv" | tee "$here/results/programs.txt"
python3 "$here/tier_stats.py" --strata "$build/bin/strata" --programs "$build/bench/real" \
  --csv "$here/results/tier-stats.csv" --markdown "$here/results/tier-stats.md" "${tiered[@]}"
python3 "$here/plot.py" "$here/results/real.csv" "$here/results/real.svg"
