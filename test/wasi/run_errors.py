#!/usr/bin/env python3
"""`strata run`'s behaviour around the program: one-line errors for modules it cannot run,
exit codes (the guest's, 134 for a trap, 125 when the module cannot run, 2 for bad options),
proc_exit during instantiation, proc_raise, memory growth, a closed stdin, a stdout whose
reader went away (SIGPIPE must not kill strata), and --stats.

  run_errors.py --strata build/bin/strata --engine interp --modules build/test/wasi/modules \
                --programs build/test/wasi
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

from engine_config import add_engine_arguments, engine_flags

failures = []


def run(args, command, **kwargs):
    full = [args.strata, "run", *engine_flags(args)] + command
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(full, capture_output=True, timeout=120, **kwargs)


def expect(name, result, code, stderr_has=(), stdout=None, one_line=True, max_lines=None):
    err = result.stderr.decode(errors="replace")
    problems = []
    if result.returncode != code:
        problems.append(f"exit code {result.returncode}, expected {code}")
    for text in stderr_has:
        if text not in err:
            problems.append(f"stderr lacks {text!r}")
    if one_line and err.count("\n") != 1:
        problems.append("stderr is not one line")
    if max_lines is not None and err.count("\n") > max_lines:
        problems.append(f"stderr has {err.count(chr(10))} lines, at most {max_lines} expected")
    if stdout is not None and result.stdout.decode(errors="replace") != stdout:
        problems.append(f"stdout {result.stdout!r}, expected {stdout!r}")
    status = "ok" if not problems else "FAILED: " + "; ".join(problems)
    print(f"{name}: {status}\n    {err.strip().splitlines()[0] if err.strip() else ''}")
    if problems:
        failures.append(name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata", required=True)
    add_engine_arguments(parser)
    parser.add_argument("--modules", required=True)
    parser.add_argument("--programs", required=True)
    args = parser.parse_args()
    module = lambda name: os.path.join(args.modules, name + ".wasm")
    program = lambda name: os.path.join(args.programs, name + ".wasm")

    with tempfile.TemporaryDirectory(prefix="wasi-run-errors-") as scratch:
        garbage = os.path.join(scratch, "garbage.wasm")
        with open(garbage, "wb") as f:
            f.write(b"\0asm\x02\0\0\0")
        text = os.path.join(scratch, "text.wasm")
        with open(text, "w") as f:
            f.write("(module)\n")
        expect("malformed: wrong version", run(args, [garbage]), 125, ["invalid module"])
        expect("malformed: text", run(args, [text]), 125, ["invalid module"])
        expect("no such file", run(args, [os.path.join(scratch, "missing.wasm")]), 125,
               ["cannot read"])
        expect("missing import", run(args, [module("missing_import")]), 125,
               ["missing import `env`.`host_function`"])
        expect("unsupported WASI function", run(args, [module("unsupported_wasi")]), 125,
               ["unsupported import `wasi_snapshot_preview1`.`fd_fancy`"])
        expect("older snapshot", run(args, [module("wasi_unstable")]), 125,
               ["unsupported import `wasi_unstable`.`fd_write`"])
        expect("memory import", run(args, [module("wasi_memory")]), 125,
               ["unsupported import `wasi_snapshot_preview1`.`memory`"])
        expect("wrong signature", run(args, [module("wrong_type")]), 125,
               ["incompatible import type", "fd_write"])
        expect("reactor", run(args, [module("reactor")]), 125, ["not a WASI command", "_start"])
        expect("_start type", run(args, [module("start_type")]), 125, ["`_start` has type"])
        expect("trap", run(args, [module("trap")]), 134,
               ["trap: unreachable", "\n  at trap.func[0]"],
               one_line=False)
        # The trace of thousands of frames is cut to its ends.
        expect("call stack exhausted", run(args, [module("recursion")]), 134,
               ["trap: call stack exhausted"], one_line=False, max_lines=30)
        expect("proc_exit(3)", run(args, [module("exit_code")]), 3, stdout="exiting with 3\n",
               one_line=False)
        expect("proc_exit in the start function", run(args, [module("exit_in_start")]), 7,
               one_line=False)
        expect("no memory: fault", run(args, [module("no_memory")]), 21, one_line=False)
        expect("proc_raise(SIGTERM)", run(args, [module("raise")]), 143,
               ["terminated by SIGTERM"])
        expect("write from grown memory", run(args, [module("memory_grow")]), 0,
               stdout="growing\n", one_line=False)
        expect("unknown option", run(args, ["--frobnicate", module("exit_code")]), 2,
               ["unknown option --frobnicate"])
        expect("no module", run(args, []), 2, ["usage: strata run"], one_line=False)
        expect("bad --env", run(args, ["--env==x", module("exit_code")]), 2, ["--env"])
        expect("missing directory", run(args, [f"--dir={scratch}/nope", module("exit_code")]),
               125, ["cannot open directory"])
        unknown = subprocess.run([args.strata, "run", "--engine=no-such-engine",
                                  module("exit_code")], capture_output=True, timeout=60)
        expect("unknown engine", unknown, 2, ["no-such-engine"])

        # A policy is the tiered engine's; others may ignore it or refuse it in one line.
        policy = run(args, ["--policy=counters", module("exit_code")])
        if policy.returncode == 3:
            print("--policy: accepted")
        else:
            expect("--policy refused", policy, 2, ["policy"])

        if "--engine=tiered" in engine_flags(args):
            expect("unknown policy", run(args, ["--policy=nonsense", module("exit_code")]), 2,
                   ["nonsense"])
            expect("bad policy knob", run(args, ["--policy=counters:calls=x",
                                                 module("exit_code")]), 2, ["calls"])

        stats = os.path.join(scratch, "stats.json")
        result = run(args, [f"--stats={stats}", module("exit_code")])
        with open(stats) as f:
            line = json.loads(f.read())
        ok = result.returncode == 3 and line["exit_code"] == 3 and \
            f"--engine={line['engine']}" in engine_flags(args) and line["compile_ms"] >= 0
        print(f"--stats: {'ok' if ok else 'FAILED'}\n    {line}")
        if not ok:
            failures.append("stats")

        # stdin closed by the caller: the guest reads end of file.
        closed = run(args, [program("stdin_echo")], stdin=None, preexec_fn=lambda: os.close(0))
        expect("closed stdin", closed, 0, stdout=None, one_line=False)
        if b"0 lines, 0 bytes" not in closed.stdout:
            failures.append("closed stdin output")
            print(f"    stdout: {closed.stdout[:200]!r}")

        # The reader of stdout goes away: the guest gets errors, strata is not killed.
        process = subprocess.Popen([args.strata, "run", *engine_flags(args),
                                    program("bigoutput")], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        process.stdout.read(4096)
        process.stdout.close()
        code = process.wait(timeout=120)
        print(f"stdout closed early: exit code {code} "
              f"({'ok' if code >= 0 else 'FAILED: killed by signal ' + str(-code)})")
        if code < 0:
            failures.append("sigpipe")

    print(f"{len(failures)} failed" + (f": {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
