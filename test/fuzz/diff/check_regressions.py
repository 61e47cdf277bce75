#!/usr/bin/env python3
"""Runs every DIR/*.wasm (and DIR/*.wat, through wat2wasm) under every Strata configuration and
compares the output with its DIR/*.expected (the reference output saved by difffuzz.py
--keep-failures), with the rules of difffuzz.py. Closes with `N passed, N failed`; exits 1 on
any failure.

usage: check_regressions.py --strata PATH (--config NAME=FLAGS ... | --config-file FILE) DIR
"""

import argparse
import concurrent.futures
import glob
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import difffuzz  # noqa: E402

BATCH = 16


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    difffuzz.add_config_arguments(parser)
    parser.add_argument("dir")
    args = parser.parse_args()
    configs = difffuzz.configs_from(args)
    strata = os.path.abspath(args.strata)
    if not os.path.isdir(args.dir):
        sys.exit(f"check_regressions: {args.dir} is not a directory")
    source = os.path.abspath(args.dir)
    built = tempfile.mkdtemp(prefix="strata-regressions-")
    modules = sorted(glob.glob(os.path.join(source, "*.wasm")))
    for text in sorted(glob.glob(os.path.join(source, "*.wat"))):
        binary = os.path.join(built, os.path.basename(text)[:-len(".wat")] + ".wasm")
        subprocess.run(["wat2wasm", text, "-o", binary], check=True)
        modules.append(binary)
    references = {}
    for path in modules:
        expected = os.path.join(source, os.path.basename(path)[:-len(".wasm")] + ".expected")
        if not os.path.exists(expected):
            sys.exit(f"check_regressions: {expected} is missing")
        with open(expected) as f:
            references[path] = difffuzz.Reference.from_v8(f.read().splitlines())

    batches = [modules[i:i + BATCH] for i in range(0, len(modules), BATCH)]
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        runs = {pool.submit(difffuzz.run_strata, strata, flags, batch, args.timeout): name
                for name, flags in configs for batch in batches}
        for run in concurrent.futures.as_completed(runs):
            for path, outcome in sorted(run.result().items()):
                name = os.path.basename(path)
                if outcome.lines is None:
                    problem = outcome.failure
                else:
                    difference = difffuzz.first_difference(references[path], outcome.lines)
                    problem = difference and difffuzz.describe(difference)
                if problem:
                    failed += 1
                    print(f"FAIL {name} {runs[run]}: {problem}", flush=True)
                else:
                    passed += 1
    print(f"{passed} passed, {failed} failed ({len(modules)} modules x {len(configs)} "
          "configurations)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
