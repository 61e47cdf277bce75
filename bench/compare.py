#!/usr/bin/env python3
"""Tabulates strata-bench-programs: per program the native time and, per engine, its time and
its ratio to native, with geometric means. Runs the benchmark binary, or reads its JSON output
(--benchmark_format=json or --benchmark_out=FILE).

  bench/compare.py --binary build/bin/strata-bench-programs [-- extra benchmark flags]
  bench/compare.py --json results.json
"""
import argparse
import json
import math
import subprocess
import sys


def load(args):
    if args.json:
        with open(args.json) as f:
            return json.load(f)
    command = [args.binary, "--benchmark_format=json"] + args.extra
    print("running:", " ".join(command), file=sys.stderr)
    return json.loads(subprocess.run(command, check=True, stdout=subprocess.PIPE).stdout)


def to_ms(entry, metric):
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[entry.get("time_unit", "ns")]
    return entry[metric] * scale


def collect(report, metric):
    """{(engine, program): best time in ms}; repetitions keep their minimum."""
    times = {}
    for entry in report["benchmarks"]:
        if entry.get("run_type") == "aggregate" or entry.get("error_occurred"):
            continue
        engine, _, program = entry["run_name"].partition("/")
        key = (engine, program)
        times[key] = min(times.get(key, math.inf), to_ms(entry, metric))
    return times


def geomean(values):
    values = [v for v in values if v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default="build/bin/strata-bench-programs")
    parser.add_argument("--json", help="read this JSON output instead of running the binary")
    # CPU time by default: on a shared machine it varies far less than wall time.
    parser.add_argument("--metric", choices=["cpu_time", "real_time"], default="cpu_time")
    parser.add_argument("extra", nargs="*", help="flags for the benchmark binary")
    args = parser.parse_args()

    times = collect(load(args), args.metric)
    programs = sorted({p for e, p in times if e == "native"})
    engines = sorted({e for e, p in times if e != "native"})
    header = ["program", "native ms"]
    for engine in engines:
        header += [f"{engine} ms", f"{engine}/native"]
    rows = []
    ratios = {e: [] for e in engines}
    for program in programs:
        native = times[("native", program)]
        row = [program, f"{native:.1f}"]
        for engine in engines:
            t = times.get((engine, program))
            if t is None:
                row += ["-", "-"]
                continue
            ratios[engine].append(t / native)
            row += [f"{t:.1f}", f"{t / native:.2f}"]
        rows.append(row)
    footer = ["geomean", f"{geomean([times[('native', p)] for p in programs]):.1f}"]
    for engine in engines:
        engine_times = [times[(engine, p)] for p in programs if (engine, p) in times]
        footer += [f"{geomean(engine_times):.1f}", f"{geomean(ratios[engine]):.2f}"]
    rows.append(footer)

    print("| " + " | ".join(header) + " |")
    print("| --- |" + " ---: |" * (len(header) - 1))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
