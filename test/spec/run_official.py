#!/usr/bin/env python3
"""Runs the official testsuite's scripts on one engine with `strata spectest`.

Converts the top-level .wast files of the testsuite with wast2json into a temporary directory:
those that do not start with `simd_`, or with --simd the 56 that do. Then runs
`strata spectest --engine=ENGINE` over all of them and passes its report through (an engine
that does not run SIMD skips the modules that use it, and says so). Exits 0 when
nothing failed, 1 when something did (or a file did not convert), and 77 (ctest's skip code
here) when no testsuite is given.

usage: run_official.py [--strata PATH] [--wast2json PATH] [--engine NAME] [--simd] [-j N]
                       [TESTSUITE_DIR]   (defaults to $WASM_TESTSUITE)
"""

import argparse
import concurrent.futures
import glob
import os
import shlex
import subprocess
import sys
import tempfile

SKIP = 77



def engine_flags(args):
    """The strata flags that select the engine configuration under test: --engine-flags, with
    --engine=ENGINE in front unless they name an engine themselves."""
    flags = shlex.split(args.engine_flags)
    if not any(flag.startswith("--engine=") for flag in flags):
        flags.insert(0, f"--engine={args.engine}")
    return flags

def convert(wast2json, wast, out_dir):
    """Returns (json path, None) or (None, the error's first line)."""
    name = os.path.splitext(os.path.basename(wast))[0]
    json_path = os.path.join(out_dir, name + ".json")
    result = subprocess.run([wast2json, wast, "-o", json_path], capture_output=True, text=True)
    if result.returncode != 0:
        return None, (result.stderr.strip().splitlines() or ["no output"])[0]
    return json_path, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata", default="strata")
    parser.add_argument("--wast2json", default="wast2json")
    parser.add_argument("--engine", default="interp")
    parser.add_argument("--engine-flags", default="",
                        help="strata flags of the engine configuration, after --engine=ENGINE "
                             "unless they name an engine")
    parser.add_argument("--simd", action="store_true", help="the simd_* scripts instead")
    parser.add_argument("-j", type=int, default=2, help="parallel conversions")
    parser.add_argument("testsuite", nargs="?", default=os.environ.get("WASM_TESTSUITE"))
    args = parser.parse_args()
    if not args.testsuite:
        print("SKIP: set WASM_TESTSUITE to a WebAssembly/testsuite checkout (commit 3a04b2cf)")
        return SKIP
    scripts = sorted(path for path in glob.glob(os.path.join(args.testsuite, "*.wast"))
                     if os.path.basename(path).startswith("simd_") == args.simd)
    if not scripts:
        print(f"FAIL: no .wast files in {args.testsuite}")
        return 1

    with tempfile.TemporaryDirectory(prefix="strata-official-") as tmp:
        json_files, broken = [], []
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
            for index, wast in enumerate(scripts):
                # One directory per script: wast2json names modules after the script.
                out_dir = os.path.join(tmp, str(index))
                os.mkdir(out_dir)
                json_files.append(pool.submit(convert, args.wast2json, wast, out_dir))
        converted = []
        for wast, future in zip(scripts, json_files):
            path, error = future.result()
            if path:
                converted.append(path)
            else:
                broken.append(f"{os.path.basename(wast)}: wast2json failed: {error}")
        for line in broken:
            print(line)
        result = subprocess.run([args.strata, "spectest", *engine_flags(args)] + converted)
        if result.returncode not in (0, 1):
            print(f"FAIL: strata spectest exited with status {result.returncode}")
            return 1
        return 1 if broken or result.returncode != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
