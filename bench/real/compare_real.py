#!/usr/bin/env python3
"""The real-program suite on every engine side by side: whole-process time (compilation
included) and peak memory per program and configuration, every output checked against the
native build's.

  compare_real.py --strata build/bin/strata --programs build/bench/real
                  [--workload short|long] [--rounds 3] [--config NAME=FLAGS ...] [--no-node]
                  [--csv FILE] [--markdown FILE] [PROGRAM ...]
  compare_real.py --from-csv FILE... [--markdown FILE]    (the tables of earlier runs)

Configurations: native; Strata's interp, baseline, jit and tiered (`--config NAME=FLAGS`
replaces them, FLAGS being `strata run` flags); and, when `node` is on PATH, node's V8 in three
configurations: node (its default tiering), node-liftoff (Liftoff only) and node-turbofan
(TurboFan only). Each round runs every configuration once per program, back to back, so that
the machine's slow phases hit them alike; a figure is the median over the rounds. A run is
one process per step of the workload: its time is the sum of the steps' wall times, its
memory the largest peak resident set of a step, its time to the first result the seconds from
the first step's start to the first byte a step writes to standard output. Exits 1 when any output differs from native.
"""
import argparse
import csv
import math
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import run_real  # noqa: E402

STRATA_CONFIGS = [("interp", "--engine=interp"), ("baseline", "--engine=baseline"),
                  ("jit", "--engine=jit"), ("tiered", "--engine=tiered")]
# node 20: fast API calls crash it after a WASI program ends; --liftoff --no-wasm-tier-up still
# tiers up unless dynamic tiering is off too.
NODE_BASE = ["--no-turbo-fast-api-calls", "--no-warnings"]
NODE_CONFIGS = [("node", []),
                ("node-liftoff", ["--liftoff", "--no-wasm-tier-up", "--no-wasm-dynamic-tiering"]),
                ("node-turbofan", ["--no-liftoff"])]


def node_side(node, flags, programs, program):
    wasm = os.path.join(programs, program + ".wasm")
    runner = os.path.join(HERE, "node_wasi.mjs")
    extra = run_real.guest_flags(programs, program)
    return (lambda directory: [node, *NODE_BASE, *flags, runner, *extra, wasm, directory,
                               run_real.GUEST_DIR, program]), True


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def machine_description():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f
                          if line.startswith("model name")), "")
    except OSError:
        pass
    return f"{platform.machine()}, {os.cpu_count()} cores, {model}, {platform.platform()}"


def source_commit():
    try:
        return subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def measure(args, configs):
    """{(program, config): [(seconds, peak bytes, correct, seconds to the first output) per
    round]} and the failures."""
    results, failures = {}, []
    for round_index in range(args.rounds):
        for program in args.programs_:
            workload = run_real.WORKLOADS[program][args.workload]
            native = None
            for name, side in configs(program):
                outcome = run_real.run_side(program, workload, side, args.programs)
                if native is None:
                    native = outcome
                problems = run_real.differences(native, outcome)
                if problems:
                    failures.append((program, name, problems))
                    print(f"  {program} on {name}: output differs from native", file=sys.stderr)
                    for line in problems:
                        print("    " + line, file=sys.stderr)
                results.setdefault((program, name), []).append(
                    (outcome[2], outcome[3], not problems, outcome[4]))
                print(f"round {round_index + 1}: {program} {name} {outcome[2]:.2f} s "
                      f"{outcome[3] / 2**20:.0f} MB", file=sys.stderr, flush=True)
    return results, failures


def table(args, names, results):
    def median(program, name, index):
        runs = results.get((program, name))
        if not runs or not all(run[2] for run in runs) or any(run[index] is None for run in runs):
            return None
        return statistics.median(run[index] for run in runs)

    def cell(value, digits=2):
        return "wrong" if value is None else f"{value:.{digits}f}"

    ratio_columns = []
    if {"interp", "jit", "tiered"} <= set(names):
        ratio_columns.append(("tiered / min(interp, jit)",
                              lambda p: ratio(median(p, "tiered", 0),
                                              min_of(median(p, "interp", 0), median(p, "jit", 0)))))
    if "tiered" in names and "node" in names:
        ratio_columns.append(("tiered / node",
                              lambda p: ratio(median(p, "tiered", 0), median(p, "node", 0))))
    origin = (f"from {', '.join(map(os.path.basename, args.from_csv))}" if args.from_csv else
              f"machine: {machine_description()}; Strata commit {source_commit()}")
    lines = [f"Workload `{args.workload}`, median of {args.rounds} round(s); {origin}.", "",
             "Whole-process seconds (compilation included):", "",
             "| program | " + " | ".join(names) + "".join(f" | {c}" for c, _ in ratio_columns) + " |",
             "| --- |" + " ---: |" * (len(names) + len(ratio_columns))]
    for program in args.programs_:
        row = [cell(median(program, name, 0)) for name in names]
        row += [cell(f(program)) for _, f in ratio_columns]
        lines.append(f"| {program} | " + " | ".join(row) + " |")
    if len(args.programs_) > 1:
        row = [""] * len(names)
        row += [cell(geomean([f(p) for p in args.programs_])) for _, f in ratio_columns]
        lines.append("| geomean | " + " | ".join(row) + " |")
    if any(run[3] is not None for runs in results.values() for run in runs):
        lines += ["", "Seconds to the first result (the first byte on standard output):", "",
                  "| program | " + " | ".join(names) + " |", "| --- |" + " ---: |" * len(names)]
        def first_output(program, name):
            runs = results.get((program, name)) or []
            if runs and all(run[2] and run[3] is None for run in runs):
                return "none"  # a program whose steps write files only
            return cell(median(program, name, 3))

        for program in args.programs_:
            lines.append(f"| {program} | " +
                         " | ".join(first_output(program, n) for n in names) + " |")
    if not any(run[1] for runs in results.values() for run in runs):
        return "\n".join(lines) + "\n"
    lines += ["", "Peak resident memory, MB (the largest of a workload's steps):", "",
              "| program | " + " | ".join(names) + " |", "| --- |" + " ---: |" * len(names)]
    for program in args.programs_:
        row = [cell(None if median(program, n, 1) is None else median(program, n, 1) / 2**20, 0)
               for n in names]
        lines.append(f"| {program} | " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def print_from_csv(args):
    results, names, programs, rounds = {}, [], [], set()
    for path in args.from_csv:
        with open(path) as f:
            for row in csv.DictReader(f):
                key = (row["program"], row["config"])
                first = row.get("first_output_seconds") or None
                results.setdefault(key, []).append(
                    (float(row["seconds"]), int(row["peak_bytes"] or 0), row["correct"] == "1",
                     None if first is None else float(first)))
                rounds.add(row["round"])
                if row["config"] not in names:
                    names.append(row["config"])
                if row["program"] not in programs:
                    programs.append(row["program"])
    args.programs_, args.rounds = programs, len(rounds)
    text = table(args, names, results)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)


def ratio(a, b):
    return a / b if a is not None and b else None


def min_of(a, b):
    return None if a is None or b is None else min(a, b)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strata", default="build/bin/strata")
    parser.add_argument("--programs", default="build/bench/real")
    parser.add_argument("--workload", choices=("short", "long"), default="long")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--config", action="append", default=[], metavar="NAME=FLAGS")
    parser.add_argument("--no-node", action="store_true", help="leave node's V8 out")
    parser.add_argument("--csv", help="also write every run here")
    parser.add_argument("--markdown", help="also write the tables here")
    parser.add_argument("--from-csv", nargs="+", metavar="FILE",
                        help="print the tables of these --csv files instead of running")
    parser.add_argument("programs_", nargs="*", metavar="PROGRAM")
    args = parser.parse_args()
    if args.from_csv:
        return print_from_csv(args)
    args.strata = os.path.abspath(args.strata)
    args.programs = os.path.abspath(args.programs)
    args.programs_ = args.programs_ or sorted(run_real.WORKLOADS)
    unknown = [p for p in args.programs_ if p not in run_real.WORKLOADS]
    if unknown:
        parser.error("unknown program(s): " + " ".join(unknown))
    strata_configs = [tuple(c.split("=", 1)) for c in args.config] or STRATA_CONFIGS
    node = None if args.no_node else shutil.which("node")

    def configs(program):
        yield "native", run_real.native_side(args.programs, program)
        for name, flags in strata_configs:
            yield name, run_real.strata_side(args.strata, shlex.split(flags), args.programs,
                                             program)
        if node:
            for name, flags in NODE_CONFIGS:
                yield name, node_side(node, flags, args.programs, program)

    names = ["native"] + [n for n, _ in strata_configs] + ([n for n, _ in NODE_CONFIGS]
                                                           if node else [])
    results, failures = measure(args, configs)
    text = table(args, names, results)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["program", "config", "round", "seconds", "peak_bytes", "correct",
                             "first_output_seconds"])
            for (program, name), runs in results.items():
                for index, (seconds, peak, correct, first) in enumerate(runs):
                    writer.writerow([program, name, index + 1, f"{seconds:.4f}", peak,
                                     int(correct), "" if first is None else f"{first:.4f}"])
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
