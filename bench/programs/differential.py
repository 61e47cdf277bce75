#!/usr/bin/env python3
"""Differential test of the engines on the program suite: runs every program's small module
on each engine configuration (strata invoke FLAGS NAME.small.wasm run, and the -msimd128 build
NAME.simd.small.wasm) and fails unless all of them print the same result as each other and as
the native build.

  differential.py --strata build/bin/strata --dir build/bench/programs \
      --config=interp=--engine=interp "--config=tiered-early=--engine=tiered --threads=0"
"""
import argparse
import shlex
import subprocess
import sys
from pathlib import Path


def run(command):
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        return f"<exit {done.returncode}: {done.stderr.strip()}>"
    return done.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata", required=True)
    parser.add_argument("--dir", required=True, help="the build's bench/programs directory")
    parser.add_argument("--config", action="append", required=True, metavar="NAME=FLAGS",
                        help="an engine configuration and its strata flags")
    args = parser.parse_args()
    configs = {}
    for config in args.config:
        name, _, flags = config.partition("=")
        configs[name] = shlex.split(flags)
    engines = list(configs)
    modules = sorted(Path(args.dir).glob("*.small.wasm"))
    if not modules:
        print(f"no *.small.wasm in {args.dir}", file=sys.stderr)
        return 1
    failures = 0
    for module in modules:
        name = module.name[: -len(".small.wasm")]
        # NAME.simd.small.wasm (the -msimd128 build) checks against NAME's native build.
        program = name[: -len(".simd")] if name.endswith(".simd") else name
        results = {"native": run([str(module.with_name(program + ".small.native"))])}
        for engine in engines:
            results[engine] = run([args.strata, "invoke", *configs[engine], str(module), "run"])
        agree = len(set(results.values())) == 1
        failures += not agree
        shown = ", ".join(f"{k}={v}" for k, v in results.items())
        print(f"{'ok  ' if agree else 'DIFF'} {name}: {shown}")
    print(f"{len(modules) - failures}/{len(modules)} programs agree on {', '.join(engines)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
