#!/usr/bin/env python3
"""Runs sandbox/chaos.wasm (thousands of WASI calls with arbitrary arguments) in a fresh
sandbox and fails unless it reaches its end, exits 0, and nothing outside the sandbox changed.

  run_chaos.py --strata build/bin/strata --engine interp --wasm chaos.wasm
"""
import argparse
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_sandbox import snapshot  # noqa: E402

from engine_config import add_engine_arguments, engine_flags


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata", required=True)
    add_engine_arguments(parser)
    parser.add_argument("--wasm", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wasi-chaos-") as scratch:
        os.makedirs(os.path.join(scratch, "outside", "dir"))
        os.makedirs(os.path.join(scratch, "sandbox", "a"))
        with open(os.path.join(scratch, "outside", "secret.txt"), "w") as f:
            f.write("secret\n")
        os.symlink("../outside", os.path.join(scratch, "sandbox", "b"))
        before = snapshot(os.path.join(scratch, "outside"))
        command = [os.path.abspath(args.strata), "run", *engine_flags(args),
                   "--dir=sandbox::.", "--ro-dir=outside::ro", "--env=A=b",
                   os.path.abspath(args.wasm)]
        result = subprocess.run(command, cwd=scratch, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
        err = result.stderr.decode(errors="replace")
        failures = []
        if result.returncode != 0 or "every function called: yes\ndone" not in err:
            failures.append(f"exit code {result.returncode}, stderr: {err[-2000:]}")
        if snapshot(os.path.join(scratch, "outside")) != before:
            failures.append("outside/ changed")
        if sorted(os.listdir(scratch)) != ["outside", "sandbox"]:
            failures.append(f"something appeared next to the sandbox: {os.listdir(scratch)}")
        made = sum(len(dirs) + len(files) for _, dirs, files in
                   os.walk(os.path.join(scratch, "sandbox")))
        for failure in failures:
            print(failure)
        print(f"random calls on {args.engine}: {made} paths left in the sandbox, "
              f"{'nothing outside touched' if not failures else 'FAILED'}")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
