#!/usr/bin/env python3
"""End-to-end time of the program suite per engine configuration: one `strata invoke
PROGRAM.wasm run` process per run, wall time, compile and tier-ups included.

  bench/end_to_end.py [--strata build/bin/strata] [--runs 11] [--config NAME=FLAGS ...]
                      [--csv FILE] [PROGRAM ...]

Configurations default to jit and tiered (`--engine=NAME`); `--config tiered-early="--engine=tiered
--policy=counters:calls=1,loops=1"` adds one. The first configuration is the baseline. Each round
runs every configuration once per program, back to back, so that the machine's slow phases
hit them alike; a configuration's ratio is the median over rounds of its time divided by the
baseline's in the same round, and its extra time the median of the differences. The baseline's
compile time is what the eager policy reports for compiling the whole module at once
(`--stats`), the cost jit pays before running. `--csv` also writes one row per program and
configuration: program, config, median_s, ratio, extra_s (the baseline's rows: ratio 1).
"""
import argparse
import csv
import json
import math
import os
import shlex
import statistics
import subprocess
import sys
import time


def wall_time(strata, flags, module):
    start = time.perf_counter()
    subprocess.run([strata, "invoke", *flags, module, "run"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def compile_seconds(strata, module):
    result = subprocess.run([strata, "invoke", "--engine=tiered", "--policy=eager", "--threads=0",
                             "--stats", module, "run"], check=True, capture_output=True, text=True)
    stats = json.loads(result.stderr[result.stderr.index("{"):])
    return stats["tiering"]["compilations"]["seconds"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strata", default="build/bin/strata")
    parser.add_argument("--programs", default="build/bench/programs")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--config", action="append", default=[], metavar="NAME=FLAGS")
    parser.add_argument("--margin", type=float, default=1.1,
                        help="count the programs whose ratio is at most this")
    parser.add_argument("--csv", help="also write the results here")
    parser.add_argument("programs_", nargs="*", metavar="PROGRAM")
    args = parser.parse_args()

    configs = [(name, ["--engine=" + name]) for name in ("jit", "tiered")]
    if args.config:
        configs = [(c.split("=", 1)[0], shlex.split(c.split("=", 1)[1])) for c in args.config]
    programs = args.programs_ or sorted(
        f[:-5] for f in os.listdir(args.programs)
        if f.endswith(".wasm") and not f.endswith(".small.wasm"))
    base = configs[0][0]

    print(f"{'program':13s} {base + ' s':>10s} {'compile s':>10s}" +
          "".join(f" {name + ' s':>14s} {'ratio':>6s}" for name, _ in configs[1:]))
    ratios = {name: [] for name, _ in configs[1:]}
    rows = []
    within_compile = {name: 0 for name, _ in configs[1:]}
    for program in programs:
        module = os.path.join(args.programs, program + ".wasm")
        times = {name: [] for name, _ in configs}
        for _ in range(args.runs):
            for name, flags in configs:
                times[name].append(wall_time(args.strata, flags, module))
        compile_s = compile_seconds(args.strata, module)
        base_median = statistics.median(times[base])
        line = f"{program:13s} {base_median:10.3f} {compile_s:10.3f}"
        rows.append([program, base, f"{base_median:.4f}", "1", "0"])
        for name, _ in configs[1:]:
            ratio = statistics.median(t / b for t, b in zip(times[name], times[base]))
            ratios[name].append(ratio)
            median = statistics.median(times[name])
            extra = statistics.median(t - b for t, b in zip(times[name], times[base]))
            within_compile[name] += extra <= compile_s
            line += f" {median:14.3f} {ratio:6.2f}"
            rows.append([program, name, f"{median:.4f}", f"{ratio:.4f}", f"{extra:.4f}"])
        print(line, flush=True)
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["program", "config", "median_s", "ratio", "extra_s"])
            writer.writerows(rows)
    for name, values in ratios.items():
        geomean = math.exp(sum(map(math.log, values)) / len(values))
        print(f"{name}: geometric mean ratio {geomean:.3f}; within {args.margin}x of {base}: "
              f"{sum(r <= args.margin for r in values)} of {len(values)}; slower than {base} by "
              f"at most its compile time: {within_compile[name]} of {len(values)}")


if __name__ == "__main__":
    sys.exit(main())
