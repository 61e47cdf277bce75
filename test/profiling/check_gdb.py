#!/usr/bin/env python3
"""Checks that gdb names native Wasm frames (docs/profiling.md): `strata invoke --gdb` on jit and
tiered (compiling at the first call) under gdb in batch mode, stopped in the runtime's trap
function, whose backtrace must name the trapping function by its Wasm name
(wasm:trap_in_callee!inner, or its thunk ...$array into which LLVM may inline it) and its
caller (wasm:trap_in_callee!outer), unwound through their native frames. Without --gdb gdb knows
no name of theirs. Exits 77 (skipped) without gdb."""
import argparse
import re
import shutil
import subprocess
import sys

SKIPPED = 77
ENGINES = {"jit": ["--engine=jit"],
           "tiered": ["--engine=tiered", "--policy=counters:calls=1", "--threads=0"]}


def backtrace(gdb, args, engine_flags):
    command = [gdb, "-batch", "-nx", "-ex", "set breakpoint pending on",
               "-ex", "break strata_rt_trap", "-ex", "run", "-ex", "bt", "--args",
               args.strata, "invoke", *engine_flags, args.wasm, "run", "3"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    return [line for line in run.stdout.splitlines() if re.match(r"#\d+ ", line)], run


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--strata", required=True)
    parser.add_argument("--wasm", required=True)
    args = parser.parse_args()
    gdb = shutil.which("gdb")
    if not gdb:
        print("SKIP: gdb is not installed")
        return SKIPPED
    for engine, flags in ENGINES.items():
        frames, run = backtrace(gdb, args, [*flags, "--gdb"])
        functions = {m[1] for line in frames
                     if (m := re.search(r" in wasm:trap_in_callee!(\w+)\S* \(", line))}
        if not frames or not {"inner", "outer"} <= functions:
            sys.exit(f"{engine}: gdb's backtrace does not name inner and outer:\n"
                     + "\n".join(frames) + run.stderr[-2000:])
        print(f"{engine}: " + ", ".join(sorted(functions)))
    frames, _ = backtrace(gdb, args, ENGINES["jit"])
    if any("wasm" in line for line in frames):
        sys.exit("without --gdb, gdb should not know the JIT's code:\n" + "\n".join(frames))
    return 0


if __name__ == "__main__":
    sys.exit(main())
