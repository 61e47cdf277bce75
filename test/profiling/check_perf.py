#!/usr/bin/env python3
"""Checks what perf sees of Strata's native code (docs/profiling.md).

map:    `strata invoke --perf-map` on every engine. jit, baseline and tiered list their code in
        /tmp/perf-PID.map as `START SIZE wasm:MODULE!NAME[$osr<L>|$array] [TIER]`, named by the
        module's file name and the name section, TIER the tier that made it (mlir or baseline);
        the ranges lie apart. interp has no native code and writes no map.
report: `perf record` of a jit run, then `perf report`: the hot function's name (or its
        thunk's, which LLVM may inline it into) carries the most samples of the run. Exits 77 (skipped) when perf is missing or may not sample.
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

ENTRY = re.compile(r"^([0-9a-f]+) ([0-9a-f]+) wasm:(\S+) \[(mlir|baseline)\]$")
SKIPPED = 77


def invoke(args, engine, n, extra=(), prefix=(), export="run"):
    """Runs the hot loop n times; returns its output and the pid of the process started."""
    command = [*prefix, args.strata, "invoke", f"--engine={engine}", "--perf-map", "--jitdump",
               *extra, args.wasm, export, str(n)]
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


def read_jitdump(pid):
    """The code-load records of /tmp/jit-PID.dump as (start, size, name, code), or None."""
    path = f"/tmp/jit-{pid}.dump"
    if not os.path.exists(path):
        return None
    with open(path, "rb") as file:
        data = file.read()
    os.remove(path)
    magic, version, header_size, _, _, dump_pid, _, _ = struct.unpack_from("<6I2Q", data)
    if (magic, version, header_size, dump_pid) != (0x4A695444, 1, 40, pid):
        sys.exit(f"jitdump {path}: bad header {(hex(magic), version, header_size, dump_pid)}")
    records, at = [], header_size
    while at < len(data):
        kind, size = struct.unpack_from("<2I", data, at)
        if kind != 0 or size < 56 or at + size > len(data):
            sys.exit(f"jitdump {path}: bad record (kind {kind}, size {size}) at byte {at}")
        _, _, start, _, code_size, _ = struct.unpack_from("<2I4Q", data, at + 16)
        name_end = data.index(b"\0", at + 56)
        code = data[name_end + 1:at + size]
        if len(code) != code_size:
            sys.exit(f"jitdump {path}: record at byte {at} holds {len(code)} of {code_size} bytes")
        records.append((start, code_size, data[at + 56:name_end].decode(), code))
        at += size
    return records


def perf_files():
    return {os.path.join("/tmp", name) for name in os.listdir("/tmp")
            if re.fullmatch(r"perf-\d+\.map|jit-\d+\.dump", name)}


def check_map(args):
    for engine, extra, wanted in (
            ("jit", [], {("hot_loop!hot_loop", "mlir"), ("hot_loop!hot_loop$array", "mlir"),
                         ("hot_loop!driver", "mlir"), ("hot_loop!driver$array", "mlir")}),
            ("baseline", [], {("hot_loop!hot_loop", "baseline"), ("hot_loop!driver", "baseline")}),
            # Its only activation starts interpreted, moves to baseline code at its loop's
            # 100th back-edge and tiers up at the 1000th: an OSR continuation and its thunk.
            ("tiered", ["--threads=0", "--policy=counters:loops=1000,baseline-loops=100"],
             {("hot_loop!hot_loop", "baseline"), ("hot_loop!hot_loop$osr0", "mlir")})):
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
            names.add((match[3], match[4]))
            ranges.append((start, start + size))
        missing = wanted - names
        if missing:
            sys.exit(f"{engine}: the perf map lacks {sorted(missing)}; it has {sorted(names)}")
        records = read_jitdump(pid)
        entries = sorted((int(match[1], 16), int(match[2], 16), f"wasm:{match[3]} [{match[4]}]")
                         for match in map(ENTRY.match, lines))
        if records is None or sorted(r[:3] for r in records) != entries:
            sys.exit(f"{engine}: the jitdump's records {records and [r[:3] for r in records]} "
                     f"are not the perf map's {entries}")
        if any(not any(r[3]) for r in records):
            sys.exit(f"{engine}: a jitdump record holds no code")
        ranges.sort()
        for (_, end), (start, _) in zip(ranges, ranges[1:]):
            if start < end:
                sys.exit(f"{engine}: overlapping ranges in the perf map: {lines}")
        print(f"{engine}: {len(lines)} entries, {sorted(names)}")
    _, pid = invoke(args, "interp", 3_000_000)
    if read_map(pid) is not None or read_jitdump(pid) is not None:
        sys.exit("interp: wrote a perf map or jitdump, but it has no native code")
    print("interp: no perf map, no jitdump")


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
        files_before = perf_files()
        invoke(args, "jit", 2_000_000_000, ["--option=compilation=eager"], export="hot_loop",
               prefix=[perf, "record", "-q", "-k", "mono", "-o", data, "--"])
        report = subprocess.run([perf, "report", "-i", data, "--sort", "sym", "--stdio"],
                                capture_output=True, text=True, timeout=300)
        # perf inject writes an ELF file per function under $HOME/.debug: keep them here.
        home = dict(os.environ, HOME=work)
        injected = os.path.join(work, "injected.data")
        inject = subprocess.run([perf, "inject", "--jit", "-i", data, "-o", injected],
                                capture_output=True, text=True, timeout=300, env=home)
        rows = [line for line in report.stdout.splitlines() if re.match(r"^\s+\d", line)]
        hottest = re.search(r"\[\.\] (.*)$", rows[0])[1] if rows else ""
        annotate = subprocess.run([perf, "annotate", "-i", injected, "--stdio", hottest],
                                  capture_output=True, text=True, timeout=300, env=home)
        # strata ran as perf's child, under a pid of its own: remove the files it wrote.
        for path in perf_files() - files_before:
            os.remove(path)
    if not rows:
        sys.exit(f"perf report printed no samples:\n{report.stdout}\n{report.stderr}")
    # LLVM may inline the function into its thunk: both are hot_loop's code.
    if not re.search(r"wasm:hot_loop!hot_loop(\$array)? \[mlir\]", rows[0]):
        sys.exit("perf report does not put wasm:hot_loop!hot_loop first:\n" +
                 "\n".join(rows[:10]))
    print("perf report: " + rows[0].strip())
    if inject.returncode != 0:
        sys.exit(f"perf inject --jit failed:\n{inject.stderr}")
    # The hot function's disassembly, its samples on its instructions.
    listing = re.search(r"Disassembly of jitted-\d+-\d+\.so.*?(?=\n\s*Percent \||\Z)",
                        annotate.stdout, re.S)
    sampled = listing and re.findall(r"^\s+([0-9.]+) :\s+[0-9a-f]+:\s+\S", listing[0], re.M)
    if not sampled or "wasm:hot_loop!hot_loop" not in listing[0] or max(map(float, sampled)) == 0:
        sys.exit("perf annotate shows no sampled machine code of wasm:hot_loop:\n" +
                 annotate.stdout[:3000] + annotate.stderr[-2000:])
    print(f"perf annotate: {len(sampled)} instructions of wasm:hot_loop")
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
