#!/usr/bin/env python3
"""Where each tiered configuration spends its compile time on the real-program suite: one run
per program and configuration with `--stats`, summed over the workload's steps, every output
checked against the native build's (bench/real/run_real.py).

Per run: whole-process seconds; functions the baseline tier compiled and its time (translation
and stencils, the `compilation` statistics); the MLIR tier's compilations, their time and how
many were OSR continuations; OSR entries (docs/profiling.md).

  tier_stats.py --strata BUILD/bin/strata --programs BUILD/bench/real \\
      [--workload long] [--csv FILE] [--markdown FILE] NAME=FLAGS...
"""
import argparse
import csv
import json
import os
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bench", "real"))
import run_real  # noqa: E402

FIELDS = ["program", "config", "seconds", "baseline_functions", "baseline_ms",
          "mlir_compilations", "mlir_osr", "mlir_compile_s", "osr_entries"]


def stats_lines(stderr):
    """The `--stats` JSON objects a step printed on stderr."""
    for line in stderr.splitlines():
        line = line.strip()
        if line.startswith("{") and '"engine"' in line:
            yield json.loads(line)


def measure(args, program, name, flags, native):
    workload = run_real.WORKLOADS[program][args.workload]
    side = run_real.strata_side(args.strata, [*flags, "--stats"], args.programs, program)
    outcome = run_real.run_side(program, workload, side, args.programs)
    problems = run_real.differences(native, outcome)
    if problems:
        sys.exit(f"{program} {name}: output differs from the native build's:\n" +
                 "\n".join(problems))
    row = dict.fromkeys(FIELDS, 0)
    row.update(program=program, config=name, seconds=round(outcome[2], 3))
    for step in outcome[0]:
        for stats in stats_lines(step[3]):
            compilation = stats.get("compilation", {})
            if "stencils_ms" in compilation:  # the baseline tier's
                row["baseline_functions"] += compilation["units"]
                row["baseline_ms"] += compilation["total_ms"]
            tiering = stats.get("tiering", {})
            compiled = tiering.get("compilations", {})
            row["mlir_compilations"] += compiled.get("count", 0)
            row["mlir_osr"] += compiled.get("osr", 0)
            row["mlir_compile_s"] += compiled.get("seconds", 0)
            row["osr_entries"] += tiering.get("osr_entries", 0)
    row["baseline_ms"] = round(row["baseline_ms"], 1)
    row["mlir_compile_s"] = round(row["mlir_compile_s"], 2)
    return row


def markdown(rows, workload):
    out = [f"Workload `{workload}`, one run each, summed over the workload's steps.", "",
           "| program | config | seconds | baseline functions | baseline ms | MLIR compilations "
           "(OSR) | MLIR compile s | OSR entries |",
           "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        out.append(f"| {r['program']} | {r['config']} | {r['seconds']:.2f} | "
                   f"{r['baseline_functions']} | {r['baseline_ms']:.1f} | "
                   f"{r['mlir_compilations']} ({r['mlir_osr']}) | {r['mlir_compile_s']:.2f} | "
                   f"{r['osr_entries']} |")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--strata", required=True)
    parser.add_argument("--programs", required=True)
    parser.add_argument("--workload", choices=["short", "long"], default="long")
    parser.add_argument("--csv")
    parser.add_argument("--markdown")
    parser.add_argument("configs", nargs="+", metavar="NAME=FLAGS")
    args = parser.parse_args()
    configs = []
    for spec in args.configs:
        name, sep, flags = spec.partition("=")
        if not sep or not name:
            parser.error(f"a configuration is NAME=FLAGS, got `{spec}`")
        configs.append((name, shlex.split(flags)))
    rows = []
    for program in sorted(run_real.WORKLOADS):
        workload = run_real.WORKLOADS[program][args.workload]
        native = run_real.run_side(program, workload,
                                   run_real.native_side(args.programs, program), args.programs)
        for name, flags in configs:
            rows.append(measure(args, program, name, flags, native))
            print(" ".join(f"{k}={rows[-1][k]}" for k in FIELDS), flush=True)
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(rows)
    text = markdown(rows, args.workload)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
