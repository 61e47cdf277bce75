#!/usr/bin/env python3
"""Checks what perf sees of Strata's native code (docs/profiling.md).

map:    `strata invoke --perf-map` on every engine. jit and tiered list their code in
        /tmp/perf-PID.map as `START SIZE wasm:NAME[$osr<L>|$array] [mlir]`, named by the name
        section; the ranges lie apart. interp has no native code and writes no map.
report: `perf record` of a jit run, then `perf report`: the hot function's name (or its
        thunk's, which LLVM may inline it into) carries the most samples of the run. Exits 77 (skipped) when perf is missing or may not sample.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ENTRY = re.compile(r"^([0-9a-f]+) ([0-9a-f]+) wasm:(\S+) \[mlir\]$")
SKIPPED = 77


def invoke(args, engine, n, extra=(), prefix=(), export="run"):
    """Runs the hot loop n times; returns its output and the pid of the process started."""
    command = [*prefix, args.strata, "invoke", f"--engine={engine}", "--perf-map", *extra,
               args.wasm, export, str(n)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=600)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {process.returncode}:\n{err}")
    return out, process.pid


def read_map(pid):
    path = f"/tmp/perf-{pid}.map"
    if not os.path.exists(path):
        return None
    with open(path) as file:
        lines = file.read().splitlines()
    os.remove(path)
    return lines


def perf_maps():
    return {os.path.join("/tmp", name) for name in os.listdir("/tmp")
            if re.fullmatch(r"perf-\d+\.map", name)}


def check_map(args):
    for engine, extra, wanted in (
            ("jit", [], {"hot_loop", "hot_loop$array", "driver", "driver$array"}),
            # Its only activation tiers up in its loop: an OSR continuation and its thunk.
            ("tiered", ["--threads=0", "--policy=counters:loops=1000"],
             {"hot_loop$osr0"})):
        _, pid = invoke(args, engine, 3_000_000, extra)
        lines = read_map(pid)
        if lines is None:
            sys.exit(f"{engine}: no perf map /tmp/perf-{pid}.map")
        names, ranges = set(), []
        for line in lines:
            match = ENTRY.match(line)
            if not match:
                sys.exit(f"{engine}: malformed perf map line: {line!r}")
            start, size = int(match[1], 16), int(match[2], 16)
            if size == 0:
                sys.exit(f"{engine}: empty range: {line!r}")
            names.add(match[3])
            ranges.append((start, start + size))
        missing = wanted - names
        if missing:
            sys.exit(f"{engine}: the perf map lacks {sorted(missing)}; it has {sorted(names)}")
        ranges.sort()
        for (_, end), (start, _) in zip(ranges, ranges[1:]):
            if start < end:
                sys.exit(f"{engine}: overlapping ranges in the perf map: {lines}")
        print(f"{engine}: {len(lines)} entries, {sorted(names)}")
    _, pid = invoke(args, "interp", 3_000_000)
    if read_map(pid) is not None:
        sys.exit("interp: wrote a perf map, but it has no native code")
    print("interp: no perf map")


def check_report(args):
    perf = shutil.which("perf")
    if not perf:
        print("SKIP: perf is not installed (linux-perf)")
        return SKIPPED
    with tempfile.TemporaryDirectory() as work:
        data = os.path.join(work, "perf.data")
        probe = subprocess.run([perf, "record", "-q", "-o", data, "--", "true"],
                               capture_output=True, text=True)
        if probe.returncode != 0:
            print(f"SKIP: perf may not sample here (perf_event_open): {probe.stderr.strip()}")
            return SKIPPED
        maps_before = perf_maps()
        invoke(args, "jit", 2_000_000_000, ["--option=compilation=eager"], export="hot_loop",
               prefix=[perf, "record", "-q", "-o", data, "--"])
        report = subprocess.run([perf, "report", "-i", data, "--sort", "sym", "--stdio"],
                                capture_output=True, text=True, timeout=300)
        # strata ran as perf's child, under a pid of its own: remove the map it wrote.
        for path in perf_maps() - maps_before:
            os.remove(path)
    rows = [line for line in report.stdout.splitlines() if re.match(r"^\s+\d", line)]
    if not rows:
        sys.exit(f"perf report printed no samples:\n{report.stdout}\n{report.stderr}")
    # LLVM may inline the function into its thunk: both are hot_loop's code.
    if not re.search(r"wasm:hot_loop(\$array)? \[mlir\]", rows[0]):
        sys.exit("perf report does not put wasm:hot_loop first:\n" + "\n".join(rows[:10]))
    print("perf report: " + rows[0].strip())
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--strata", required=True)
    parser.add_argument("--wasm", required=True)
    parser.add_argument("--check", choices=["map", "report"], required=True)
    args = parser.parse_args()
    if args.check == "map":
        check_map(args)
        return 0
    return check_report(args)


if __name__ == "__main__":
    sys.exit(main())
