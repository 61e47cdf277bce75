#!/usr/bin/env python3
"""Tabulates strata-bench-programs: per program the native time and, per engine, its time and
its ratio to native, with geometric means. Runs the benchmark binary, or reads its JSON output
(--benchmark_format=json or --benchmark_out=FILE).

  bench/compare.py --binary build/bin/strata-bench-programs [-- extra benchmark flags]
  bench/compare.py --json results.json [--json v8.json ...]

Several --json files are merged, e.g. a peer's results from bench/node_programs.mjs.

--stats adds, per engine, what the engine reports as benchmark counters: compile time
(compile_ms), tier-ups (tier_ups) and OSR entries (osr_entries); "-" where a row has none.

--simd adds a second table: per engine and program, how much faster the -msimd128 build
(NAME.simd) runs than the scalar one (NAME), with geometric means over the programs in
VECTORIZED and over all.
"""
import argparse
import json
import math
import subprocess
import sys


def load(args):
    if args.json:
        merged = {"benchmarks": []}
        for path in args.json:
            with open(path) as f:
                merged["benchmarks"] += json.load(f)["benchmarks"]
        return merged
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


# Counters an engine row may carry, and their column titles.
STATS = [("compile_ms", "compile ms"), ("tier_ups", "tier-ups"), ("osr_entries", "OSR")]


def collect_stats(report):
    """{(engine, program): {counter: value}} for the counters in STATS."""
    stats = {}
    for entry in report["benchmarks"]:
        if entry.get("run_type") == "aggregate" or entry.get("error_occurred"):
            continue
        engine, _, program = entry["run_name"].partition("/")
        found = {key: entry[key] for key, _ in STATS if key in entry}
        stats.setdefault((engine, program), {}).update(found)
    return stats


# The programs whose -msimd128 build computes with v128 in its loops (clang's auto-vectorizer,
# or the simd_* kernels' intrinsics); the others' builds differ by a vector constant stored in
# an initialization loop at most (bytecode, spectralnorm) or not at all.
VECTORIZED = ["crc32", "fannkuch", "fft", "lu", "matmul", "memkernel", "nbody", "sha256",
              "simd_dot", "simd_filter", "simd_search", "strsearch"]


def format_stat(key, value):
    if value is None:
        return "-"
    return f"{value:.1f}" if key == "compile_ms" else f"{value:.0f}"


def geomean(values):
    values = [v for v in values if v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default="build/bin/strata-bench-programs")
    parser.add_argument("--json", action="append",
                        help="read this JSON output instead of running the binary (repeatable)")
    # CPU time by default: on a shared machine it varies far less than wall time.
    parser.add_argument("--metric", choices=["cpu_time", "real_time"], default="cpu_time")
    parser.add_argument("--stats", action="store_true",
                        help="add each engine's compile time, tier-ups and OSR entries")
    parser.add_argument("--simd", action="store_true",
                        help="add the speedup of each -msimd128 build over the scalar build")
    parser.add_argument("extra", nargs="*", help="flags for the benchmark binary")
    args = parser.parse_args()

    report = load(args)
    for entry in report["benchmarks"]:  # a failed row shows as "-": say why
        if entry.get("error_occurred"):
            print(f"error: {entry['run_name']}: {entry.get('error_message', '')}", file=sys.stderr)
    times = collect(report, args.metric)
    stats = collect_stats(report) if args.stats else {}
    stat_keys = [key for key, _ in STATS] if args.stats else []
    programs = sorted({p for e, p in times if e == "native"})
    engines = sorted({e for e, p in times if e != "native"})
    header = ["program", "native ms"]
    for engine in engines:
        header += [f"{engine} ms", f"{engine}/native"]
        header += [f"{engine} {title}" for key, title in STATS if key in stat_keys]
    rows = []
    ratios = {e: [] for e in engines}
    for program in programs:
        native = times[("native", program)]
        row = [program, f"{native:.1f}"]
        for engine in engines:
            t = times.get((engine, program))
            engine_stats = stats.get((engine, program), {})
            extras = [format_stat(key, engine_stats.get(key)) for key in stat_keys]
            if t is None:
                row += ["-", "-"] + extras
                continue
            ratios[engine].append(t / native)
            row += [f"{t:.1f}", f"{t / native:.2f}"] + extras
        rows.append(row)
    footer = ["geomean", f"{geomean([times[('native', p)] for p in programs]):.1f}"]
    for engine in engines:
        engine_times = [times[(engine, p)] for p in programs if (engine, p) in times]
        footer += [f"{geomean(engine_times):.1f}", f"{geomean(ratios[engine]):.2f}"]
        for key in stat_keys:  # compile time: geometric mean; counts: totals
            values = [stats[(engine, p)][key] for p in programs
                      if key in stats.get((engine, p), {})]
            total = geomean(values) if key == "compile_ms" else sum(values)
            footer.append(format_stat(key, total) if values else "-")
    rows.append(footer)

    print_table(header, rows)
    if args.simd:
        print()
        print_simd_gains(times, engines)


def print_simd_gains(times, engines):
    """Per engine: scalar ms, -msimd128 ms and their ratio per program, and geometric means."""
    pairs = sorted(p for e, p in times if e == "native" and ("native", p + ".simd") in times)
    header = ["program"]
    for engine in engines:
        header += [f"{engine} ms", f"{engine} simd ms", f"{engine} speedup"]
    rows = []
    gains = {e: {} for e in engines}
    for program in pairs:
        row = [program + (" *" if program in VECTORIZED else "")]
        for engine in engines:
            scalar, simd = times.get((engine, program)), times.get((engine, program + ".simd"))
            if scalar is None or simd is None:
                row += ["-", "-", "-"]
                continue
            gains[engine][program] = scalar / simd
            row += [f"{scalar:.1f}", f"{simd:.1f}", f"{scalar / simd:.2f}"]
        rows.append(row)
    for title, chosen in [("geomean *", VECTORIZED), ("geomean", pairs)]:
        footer = [title]
        for engine in engines:
            values = [g for p, g in gains[engine].items() if p in chosen]
            footer += ["", "", f"{geomean(values):.2f}"]
        rows.append(footer)
    print_table(header, rows)
    print("\n* vectorized: the -msimd128 build computes with v128 in its loops")


def print_table(header, rows):
    """Markdown, padded so it also reads as a table in a terminal."""
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    pad = lambda row: [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
    print("| " + " | ".join(pad(header)) + " |")
    print("| " + " | ".join(["-" * widths[0]] + ["-" * (w - 1) + ":" for w in widths[1:]]) + " |")
    for row in rows:
        print("| " + " | ".join(pad(row)) + " |")


if __name__ == "__main__":
    main()
