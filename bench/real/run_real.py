#!/usr/bin/env python3
"""Runs a real program's workload natively and as wasm on one engine configuration, each in a
fresh directory, and fails unless every step's stdout and exit code and the files left behind
are the same. Prints each run's time (whole process, for information; the benchmarks are
bench/end_to_end.py's).

  run_real.py --strata build/bin/strata --engine-flags="--engine=jit" \
              --programs build/bench/real [--workload short|long] PROGRAM...

PROGRAM is a name of WORKLOADS below; --programs holds PROGRAM.wasm and PROGRAM.native.
"""
import argparse
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GUEST_DIR = "/work"
TIMEOUT = 1800


def text_input(size):
    """Deterministic text of `size` bytes: lines of words from a fixed vocabulary."""
    state = 12345

    def random():
        nonlocal state
        state = (state * 1103515245 + 12345) % 2147483648
        return state >> 8

    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(letters[random() % 26] for _ in range(2 + random() % 8))
             for _ in range(2000)]
    lines, length = [], 0
    while length < size:
        line = " ".join(words[random() % len(words)] for _ in range(3 + random() % 12)) + "\n"
        lines.append(line)
        length += len(line)
    return "".join(lines).encode()


def sqlite_script(scale):
    with open(os.path.join(HERE, "sqlite", "workload.sql"), "rb") as f:
        workload = f.read()
    return f"CREATE TEMP TABLE scale(n); INSERT INTO scale VALUES({scale});\n".encode() + workload


# Per program and workload: files put in the working directory, and the steps, each the
# arguments ({dir} is the directory as the program sees it) and the bytes on stdin.
WORKLOADS = {
    "lua": {
        "short": {"files": {"bench.lua": ("copy", "lua/bench.lua")},
                  "steps": [(["{dir}/bench.lua", "1"], b"")]},
        "long": {"files": {"bench.lua": ("copy", "lua/bench.lua")},
                 "steps": [(["{dir}/bench.lua", "6"], b"")]},
    },
    "sqlite3": {
        "short": {"files": {}, "steps": [(["-batch"], sqlite_script(1))]},
        "long": {"files": {}, "steps": [(["-batch"], sqlite_script(12))]},
    },
    "bzip2": {
        "short": {"files": {"input.txt": ("text", 1 << 20)},
                  "steps": [(["-9", "-k", "{dir}/input.txt"], b""),
                            (["-d", "-c", "{dir}/input.txt.bz2"], b"")]},
        "long": {"files": {"input.txt": ("text", 24 << 20)},
                 "steps": [(["-9", "-k", "{dir}/input.txt"], b""),
                           (["-d", "-c", "{dir}/input.txt.bz2"], b"")]},
    },
    "zstd": {
        "short": {"files": {"input.txt": ("text", 1 << 20)},
                  "steps": [(["-9", "-k", "{dir}/input.txt"], b""),
                            (["-d", "-c", "{dir}/input.txt.zst"], b"")]},
        "long": {"files": {"input.txt": ("text", 8 << 20)},
                 "steps": [(["-19", "-k", "{dir}/input.txt"], b""),
                           (["-d", "-c", "{dir}/input.txt.zst"], b"")]},
    },
}


def populate(directory, files):
    for name, (kind, what) in files.items():
        path = os.path.join(directory, name)
        if kind == "copy":
            shutil.copyfile(os.path.join(HERE, what), path)
        else:
            with open(path, "wb") as f:
                f.write(text_input(what))


def run_steps(command_for, directory, steps, env):
    """Runs the steps; returns [(exit code, stdout digest, stderr)], the files' digests and the
    seconds taken."""
    results = []
    start = time.monotonic()
    for args, stdin in steps:
        proc = subprocess.run(command_for(args), input=stdin, capture_output=True,
                              timeout=TIMEOUT, cwd=directory, env=env)
        results.append((proc.returncode, hashlib.sha256(proc.stdout).hexdigest(),
                        len(proc.stdout), proc.stderr.decode(errors="replace")))
    seconds = time.monotonic() - start
    files = {}
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), "rb") as f:
            files[name] = hashlib.sha256(f.read()).hexdigest()
    return results, files, seconds


def check(program, args):
    workload = WORKLOADS[program][args.workload]
    wasm = os.path.join(args.programs, program + ".wasm")
    native = os.path.join(args.programs, program + ".native")
    engine_flags = shlex.split(args.engine_flags)
    outcomes = {}
    for side in ("native", "wasm"):
        with tempfile.TemporaryDirectory(prefix=f"real-{program}-") as directory:
            populate(directory, workload["files"])
            env = dict(os.environ)
            if side == "native":
                def command_for(step_args, d=directory):
                    return [native] + [a.replace("{dir}", d) for a in step_args]
                env["HOME"] = directory
            else:
                def command_for(step_args):
                    return ([args.strata, "run"] + engine_flags +
                            [f"--dir={directory}::{GUEST_DIR}", f"--env=HOME={GUEST_DIR}",
                             f"--argv0={program}", wasm] +
                            [a.replace("{dir}", GUEST_DIR) for a in step_args])
            outcomes[side] = run_steps(command_for, directory, workload["steps"], env)
    (native_steps, native_files, native_s), (wasm_steps, wasm_files, wasm_s) = \
        outcomes["native"], outcomes["wasm"]
    print(f"{program} ({args.workload}): native {native_s:.2f} s, "
          f"wasm [{args.engine_flags}] {wasm_s:.2f} s")
    ok = True
    for i, (n, w) in enumerate(zip(native_steps, wasm_steps)):
        if n[:3] != w[:3]:
            ok = False
            print(f"  step {i + 1}: native exit {n[0]}, {n[2]} bytes of stdout; "
                  f"wasm exit {w[0]}, {w[2]} bytes (stdout {'same' if n[1] == w[1] else 'differs'})")
            print("  native stderr: " + n[3][-2000:])
            print("  wasm stderr: " + w[3][-2000:])
    if native_files != wasm_files:
        ok = False
        print(f"  files differ: native {native_files}, wasm {wasm_files}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata", required=True)
    parser.add_argument("--engine-flags", default="")
    parser.add_argument("--programs", required=True, help="folder of PROGRAM.wasm/.native")
    parser.add_argument("--workload", choices=("short", "long"), default="short")
    parser.add_argument("program", nargs="+", choices=sorted(WORKLOADS))
    args = parser.parse_args()
    args.strata = os.path.abspath(args.strata)
    args.programs = os.path.abspath(args.programs)
    failed = [p for p in args.program if not check(p, args)]
    if failed:
        print("FAILED: " + " ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
