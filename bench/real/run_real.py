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
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GUEST_DIR = "/work"
TIME = "/usr/bin/time"  # GNU time (Debian's `time`), for each step's peak memory
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
    # Temporary storage in memory: at scale 12 the sorts spill, and a WASI guest can reach no
    # temporary directory (SQLite then reports a disk I/O error).
    return (f"PRAGMA temp_store=MEMORY; CREATE TEMP TABLE scale(n); "
            f"INSERT INTO scale VALUES({scale});\n").encode() + workload


# glslang's shaders, from its own test suite in the unpacked source: per step, one shader of each
# stage that links with the others (vertex, tessellation, geometry, fragment, compute).
GLSLANG_TESTS = "glslang/glslang-12.0.0/Test"
GLSLANG_SETS = [
    ["spv.constConstruct.vert", "spv.debuginfo.glsl.tesc", "spv.debuginfo.glsl.tese",
     "spv.subgroup.geom", "spv.float16Fetch.frag", "spv.atomicFloat.comp"],
    ["spv.specConstantOperations.vert", "spv.450.tesc", "spv.precise.tese",
     "spv.debuginfo.glsl.geom", "spv.explicittypes.frag", "spv.shaderBallotAMD.comp"],
    ["spv.debuginfo.glsl.vert", "spv.400.tesc", "spv.400.tese", "spv.150.geom", "spv.400.frag",
     "spv.atomicFloat2.comp"],
    ["spv.specConstantComposite.vert", "spv.precise.tesc", "spv.subgroup.tese", "spv.420.geom",
     "spv.float16.frag", "spv.debuginfo.glsl.comp"],
]


def glslang_workload(sets):
    """Each set compiled to SPIR-V by one glslangValidator process: the stages' .spv files and
    their disassembly on stdout (-H), locations and bindings mapped automatically. The shaders
    are named relative to the working directory, since the SPIR-V records their paths."""
    shaders = [name for chosen in sets for name in chosen]
    return {"files": {name: ("source", f"{GLSLANG_TESTS}/{name}") for name in shaders},
            "steps": [(["-V", "--aml", "--amb", "-H", *chosen], b"") for chosen in sets]}


def spirv_opt_workload(runs):
    """Per run (shader, level), a spirv-opt process that validates the module and optimizes it
    at the level (-O for speed, -Os for size): the optimized modules. The modules are SPIR-V
    that the build compiled (spirv-tools/shaders.txt) into the programs' folder."""
    shaders = sorted({name for name, _ in runs})
    return {"files": {f"{name}.spv": ("source", f"spirv-opt-inputs/{name}.spv")
                      for name in shaders},
            "steps": [([level, f"{name}.spv", "-o", f"{name}{level}.spv"], b"")
                      for name, level in runs]}


# Per program and workload: files put in the working directory, and the steps, each the
# arguments ({dir} is the directory as the program sees it) and the bytes on stdin. A file is
# copied from this folder ("copy"), from the programs' folder, where their sources are
# unpacked ("source"), or generated text of a size ("text").
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
                 "steps": [(["-12", "-k", "{dir}/input.txt"], b""),
                           (["-d", "-c", "{dir}/input.txt.zst"], b"")]},
    },
    "glslang": {
        "short": glslang_workload(GLSLANG_SETS[:1]),
        "long": glslang_workload(GLSLANG_SETS),
    },
    "spirv-opt": {
        "short": spirv_opt_workload([("hlsl.rw.atomics.frag", "-O"),
                                     ("generated-20.comp", "-O")]),
        "long": spirv_opt_workload([("generated-160.comp", "-O"), ("generated-160.comp", "-Os"),
                                    ("spv.shaderBallotAMD.comp", "-O"),
                                    ("hlsl.rw.atomics.frag", "-O")]),
    },
    "python": {
        "short": {"files": {"bench.py": ("copy", "python/bench.py")},
                  "steps": [(["-B", "{dir}/bench.py", "1"], b"")]},
        "long": {"files": {"bench.py": ("copy", "python/bench.py")},
                 "steps": [(["-B", "{dir}/bench.py", "6"], b"")]},
    },
}


# Per program: a folder of the programs' folder that it reads besides its working directory
# (python's standard library), seen by a wasm guest at TREE_GUEST_DIR and natively at its own
# path, and the environment variables it needs ({tree} is that folder as the program sees it).
TREE_GUEST_DIR = "/tree"
TREES = {"python": "python-home"}
PROGRAM_ENV = {"python": {"PYTHONHOME": "{tree}", "PYTHONHASHSEED": "0",
                          "PYTHONDONTWRITEBYTECODE": "1"}}


def program_tree(programs, program):
    """The host folder of PROGRAM's tree, or None."""
    return os.path.join(programs, TREES[program]) if program in TREES else None


def program_env(program, tree_seen_as):
    return {name: value.replace("{tree}", tree_seen_as)
            for name, value in PROGRAM_ENV.get(program, {}).items()}


def guest_flags(programs, program):
    """The tree's preopen and the environment of a wasm guest, as flags that `strata run` and
    node_wasi.mjs both take."""
    tree = program_tree(programs, program)
    return ([f"--dir={tree}::{TREE_GUEST_DIR}"] if tree else []) + [
        f"--env={name}={value}" for name, value in program_env(program, TREE_GUEST_DIR).items()]


def populate(directory, files, programs):
    for name, (kind, what) in files.items():
        path = os.path.join(directory, name)
        if kind in ("copy", "source"):
            shutil.copyfile(os.path.join(HERE if kind == "copy" else programs, what), path)
        else:
            with open(path, "wb") as f:
                f.write(text_input(what))


def run_step(command, stdin, directory, env):
    """Runs one step; returns (exit code, stdout, stderr, its peak resident set in bytes, the
    seconds until its first byte of stdout or None).

    GNU time measures the peak: a child forked from this Python process would count Python's
    own resident pages (the generated inputs) as its peak until it runs the command."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as given, \
            tempfile.NamedTemporaryFile("r", prefix="peak-") as peak:
        given.write(stdin)
        given.seek(0)
        start = time.monotonic()
        proc = subprocess.Popen([TIME, "-q", "-f", "%M", "-o", peak.name, *command], stdin=given,
                                stdout=subprocess.PIPE, stderr=err, cwd=directory, env=env,
                                start_new_session=True)
        # Past the timeout the whole group goes: GNU time and the command it waits for.
        watchdog = threading.Timer(TIMEOUT, lambda: os.killpg(proc.pid, signal.SIGKILL))
        watchdog.start()
        chunks, first = [], None
        try:
            while chunk := proc.stdout.read1(1 << 16):
                if first is None:
                    first = time.monotonic() - start
                chunks.append(chunk)
            proc.wait()
        finally:
            watchdog.cancel()
            proc.stdout.close()
            if proc.poll() is None:  # left early (an exception): the command goes too
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        err.seek(0)
        kilobytes = peak.read().split()
        return (proc.returncode, b"".join(chunks), err.read(),
                int(kilobytes[-1]) * 1024 if kilobytes and kilobytes[-1].isdigit() else 0, first)


def run_steps(command_for, directory, steps, env):
    """Runs the steps; returns [(exit code, stdout digest, stdout bytes, stderr)], the files'
    digests, the seconds taken, the largest peak resident set of a step in bytes, and the
    seconds from the first step's start to the first byte any step wrote to stdout (the time to
    the first result; None when no step writes one)."""
    results = []
    peak = 0
    first_output = None
    start = time.monotonic()
    for args, stdin in steps:
        step_start = time.monotonic()
        code, stdout, stderr, rss, first = run_step(command_for(args), stdin, directory, env)
        if first_output is None and first is not None:
            first_output = step_start - start + first
        peak = max(peak, rss)
        results.append((code, hashlib.sha256(stdout).hexdigest(), len(stdout),
                        stderr.decode(errors="replace")))
    seconds = time.monotonic() - start
    files = {}
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), "rb") as f:
            files[name] = hashlib.sha256(f.read()).hexdigest()
    return results, files, seconds, peak, first_output


def native_side(programs, program):
    """How to run PROGRAM natively: a command prefix for a working directory, and whether the
    program sees that directory under GUEST_DIR (a wasm guest) or under its own path."""
    return (lambda directory: [os.path.join(programs, program + ".native")]), False


def strata_side(strata, engine_flags, programs, program):
    wasm = os.path.join(programs, program + ".wasm")
    # The directory is also `.`: relative paths (glslang's <stage>.spv) land in it, as natively.
    extra = guest_flags(programs, program)
    return (lambda directory: [strata, "run", *engine_flags, f"--dir={directory}::{GUEST_DIR}",
                               f"--dir={directory}::.", f"--env=HOME={GUEST_DIR}", *extra,
                               f"--argv0={program}", wasm]), True


def run_side(program, workload, side, programs):
    """Runs the workload's steps in a fresh directory; returns run_steps' results."""
    prefix, guest = side
    with tempfile.TemporaryDirectory(prefix=f"real-{program}-") as directory:
        populate(directory, workload["files"], programs)
        env = dict(os.environ)
        if not guest:
            env["HOME"] = directory
            env.update(program_env(program, program_tree(programs, program) or ""))
        seen_as = GUEST_DIR if guest else directory

        def command_for(step_args):
            return prefix(directory) + [a.replace("{dir}", seen_as) for a in step_args]
        return run_steps(command_for, directory, workload["steps"], env)


def differences(expected, actual):
    """Where run_steps' results `actual` differ from `expected` (stdout and exit code of each
    step, the files left behind): a list of lines, empty when they agree."""
    (expected_steps, expected_files, *_), (actual_steps, actual_files, *_) = expected, actual
    lines = []
    for i, (n, w) in enumerate(zip(expected_steps, actual_steps)):
        if n[:3] != w[:3]:
            lines.append(f"step {i + 1}: native exit {n[0]}, {n[2]} bytes of stdout; "
                         f"wasm exit {w[0]}, {w[2]} bytes (stdout "
                         f"{'same' if n[1] == w[1] else 'differs'})")
            lines.append("native stderr: " + n[3][-2000:])
            lines.append("wasm stderr: " + w[3][-2000:])
    if expected_files != actual_files:
        lines.append(f"files differ: native {expected_files}, wasm {actual_files}")
    return lines


def check(program, args):
    workload = WORKLOADS[program][args.workload]
    native = run_side(program, workload, native_side(args.programs, program), args.programs)
    wasm = run_side(program, workload, strata_side(args.strata, shlex.split(args.engine_flags),
                                                   args.programs, program), args.programs)
    print(f"{program} ({args.workload}): native {native[2]:.2f} s, "
          f"wasm [{args.engine_flags}] {wasm[2]:.2f} s")
    problems = differences(native, wasm)
    for line in problems:
        print("  " + line)
    return not problems


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
