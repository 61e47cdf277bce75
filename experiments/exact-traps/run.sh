#!/usr/bin/env bash
# What exact traps cost the jit engine on the real-program suite (bench/real, long workloads),
# against exact-traps=off: run time alone (each program compiled ahead of time per setting) and
# the whole process (lazy compilation included); then the program suite (bench/programs), whole
# process. Writes results/ and the plot. See README.md.
#
#   experiments/exact-traps/run.sh [BUILD] [ROUNDS] [PROGRAM...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
rounds="${2:-7}"
shift $(($# > 2 ? 2 : $#))
programs=("${@:-bzip2 zstd lua sqlite3}")
programs=(${programs[@]})
strata="$build/bin/strata"
objects="$(mktemp -d)"
trap 'rm -rf "$objects"' EXIT
mkdir -p "$here/results"
for program in "${programs[@]}"; do
  wasm="$build/bench/real/$program.wasm"
  "$strata" compile --emit=obj --no-exact-traps -o "$objects/$program.relaxed.o" "$wasm"
  "$strata" compile --emit=obj -o "$objects/$program.exact.o" "$wasm"
  python3 "$root/bench/real/compare_real.py" --strata "$strata" --programs "$build/bench/real" \
    --workload long --rounds "$rounds" --no-node \
    --config jit-relaxed="--engine=jit --option=exact-traps=off --option=aot-object=$objects/$program.relaxed.o" \
    --config jit-exact="--engine=jit --option=aot-object=$objects/$program.exact.o" \
    --csv "$here/results/run-time-$program.csv" "$program"
done
python3 "$root/bench/real/compare_real.py" --strata "$strata" --programs "$build/bench/real" \
  --workload long --rounds 3 --no-node \
  --config jit-relaxed="--engine=jit --option=exact-traps=off" --config jit-exact="--engine=jit" \
  --csv "$here/results/whole-process.csv" "${programs[@]}"
python3 "$root/bench/end_to_end.py" --strata "$strata" --programs "$build/bench/programs" \
  --runs 11 --config jit-relaxed="--engine=jit --option=exact-traps=off" \
  --config jit-exact="--engine=jit" --csv "$here/results/program-suite.csv"
/usr/bin/python3 "$here/plot.py" "$here/results" "$here/results/exact-traps.png"
