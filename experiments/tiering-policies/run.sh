#!/usr/bin/env bash
# Times the program suite under jit and six tiered configurations; see README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
runs="${2:-3}"
mkdir -p "$here/results"
python3 "$root/bench/end_to_end.py" --strata "$build/bin/strata" \
  --programs "$build/bench/programs" --runs "$runs" --csv "$here/results/policies.csv" \
  --config jit="--engine=jit" \
  --config tiered="--engine=tiered" \
  --config callees-off="--engine=tiered --policy=costbenefit:callees=off" \
  --config specialize-off="--engine=tiered --policy=costbenefit:specialize=off" \
  --config early="--engine=tiered --policy=counters:calls=1,loops=1 --threads=0" \
  --config entry="--engine=tiered --policy=counters:calls=1000,loops=1,specialize=on,root-wait=0 --threads=0" \
  --config budget="--engine=tiered --policy=budget:osr=on" \
  | tee "$here/results/policies.txt"
/usr/bin/python3 "$here/plot.py" "$here/results/policies.csv" "$here/results/policies.png"
