#!/usr/bin/env python3
"""Writes cmake/symbol-order.txt, the order in which lld lays out the functions of statically
linked executables (docs/building.md, "Code layout").

Runs workloads that cover what a process does (compiling at each level and for both targets,
an OSR continuation, every engine running a program, a WASI program's start) under callgrind,
and lists every function of the executable they ran: those that more of them ran first, then
those that ran the most instructions. Placing those functions together keeps the code pages a
process touches few: without it, LLVM's and MLIR's functions that one compile runs lie
scattered over nearly all of the 37 MB of code.

usage: scripts/symbol-order.py [BUILD]    (default: build; needs its strata and program suite)
Run it again when LLVM, MLIR or the pipeline changes much; names it no longer finds are
ignored by the linker.
"""
import collections
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "cmake", "symbol-order.txt")
# Functions of the real-program suite's builds: a mid-sized one of lua, one of lua's with a
# loop, and CPython's interpreter loop (49 KB of Wasm, a large switch).
LUA_FUNCTION = "644"
LUA_LOOP_FUNCTION = "635"
PYTHON_FUNCTION = "3048"


def workloads(build):
    strata = os.path.join(build, "bin", "strata")
    lua = os.path.join(build, "bench", "real", "lua.wasm")
    programs = os.path.join(build, "bench", "programs")
    program = os.path.join(programs, "crc32.small.wasm")
    compile_lua = [strata, "compile", "--emit=obj", "-o", os.devnull, lua]
    yield compile_lua + ["-O", "2", f"--func={LUA_FUNCTION}"]
    yield compile_lua + ["-O", "0", f"--func={LUA_FUNCTION}"]
    yield compile_lua + ["-O", "2", f"--func={LUA_LOOP_FUNCTION}", "--osr-loop=outer"]
    yield compile_lua + ["-O", "2", f"--func={LUA_FUNCTION}", "--target=aarch64-linux-gnu"]
    yield [strata, "compile", "--emit=obj", "-o", os.devnull, "-O", "2",
           f"--func={PYTHON_FUNCTION}", os.path.join(build, "bench", "real", "python.wasm")]
    # tiered-early (cmake/EngineConfigs.cmake) on the program suite: the loops' code at -O2
    for name in sorted(os.listdir(programs)):
        if name.endswith(".small.wasm") and ".simd." not in name:
            yield [strata, "invoke", "--engine=tiered", "--policy=counters:calls=1,loops=1",
                   "--threads=0", os.path.join(programs, name), "run"]
    for engine in ("interp", "baseline", "jit"):
        yield [strata, "invoke", f"--engine={engine}", program, "run"]
    # tiered-chain (cmake/EngineConfigs.cmake): through baseline code to the MLIR tier's
    yield [strata, "invoke", "--engine=tiered", "--option=tiers=interp,baseline,optimizing",
           "--policy=counters:calls=2,loops=2,baseline-calls=1,baseline-loops=1", "--threads=0",
           program, "run"]
    yield [strata, "run", "--engine=tiered", lua, "-e", "print(1)"]


def self_costs(profile, executable):
    """Instructions per function of `executable`, from a callgrind profile."""
    annotated = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100",
                                profile], check=True, capture_output=True, text=True).stdout
    line = re.compile(r"^\s*([\d,]+)\s+\([^)]*\)\s+\S*?:(\S+)\s+\[(.+)\]$")
    costs = {}
    for text in annotated.splitlines():
        match = line.match(text)
        if match and os.path.realpath(match.group(3)) == executable:
            costs[match.group(2)] = int(match.group(1).replace(",", ""))
    return costs


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build"))
    executable = os.path.realpath(os.path.join(build, "bin", "strata"))
    total = collections.Counter()
    workloads_run = collections.Counter()
    with tempfile.TemporaryDirectory() as scratch:
        for index, command in enumerate(workloads(build)):
            profile = os.path.join(scratch, f"callgrind.{index}")
            print("profiling:", " ".join(command[1:]), file=sys.stderr)
            subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no",
                            f"--callgrind-out-file={profile}", *command],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            costs = self_costs(profile, executable)
            total.update(costs)
            workloads_run.update(costs.keys())
    # Functions most workloads run first, so that what only some run (the other target's code
    # generator, the interpreter's slow paths) lies together at the end; by instructions within.
    # Only names lld can place: callgrind shows a function without a symbol by its address.
    names = sorted((name for name in total if not name.startswith("0x")),
                   key=lambda name: (-workloads_run[name], -total[name], name))
    with open(OUTPUT, "w") as out:
        out.write("\n".join(names) + "\n")
    print(f"{len(names)} functions -> {os.path.relpath(OUTPUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
