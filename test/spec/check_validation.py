#!/usr/bin/env python3
"""Checks `strata validate` against the official testsuite's module assertions.

For every top-level .wast file of the testsuite (not proposals/), wast2json writes the modules
as binaries; then each must meet its command:

  module                                   accepted (exit 0)
  assert_invalid                           rejected (exit 1)
  assert_malformed, binary modules         rejected (exit 1)
  assert_malformed, text modules           skipped: Strata reads binaries only
  assert_unlinkable, assert_uninstantiable accepted: they are valid modules

Any other exit status (a signal, an abort) is a crash and fails. Prints one line per failure and
per file, and ends with "N passed, N failed, N skipped". Exits 0 when nothing failed, 1 when
something did, and 77 (ctest's skip code here) when no testsuite is given.

usage: check_validation.py [--strata PATH] [--wast2json PATH] [-j N] [TESTSUITE_DIR]
       (TESTSUITE_DIR defaults to $WASM_TESTSUITE)
"""

import argparse
import concurrent.futures
import glob
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77

EXPECT_VALID = {"module", "assert_unlinkable", "assert_uninstantiable"}
EXPECT_INVALID = {"assert_invalid", "assert_malformed"}


def run_strata(strata, path):
    """Returns (exit status, first line of the error output)."""
    result = subprocess.run([strata, "validate", path], capture_output=True, text=True,
                            errors="replace")
    message = result.stderr.strip().splitlines()
    return result.returncode, message[0] if message else ""


def describe_status(status):
    if status < 0:
        return f"crashed with signal {-status}"
    return f"exited with status {status}"


def check_file(wast, strata, wast2json, pool):
    """Returns (passed, failed, skipped, failure lines) for one .wast file."""
    name = os.path.basename(wast)
    with tempfile.TemporaryDirectory(prefix="strata-spec-") as tmp:
        json_path = os.path.join(tmp, os.path.splitext(name)[0] + ".json")
        converted = subprocess.run([wast2json, wast, "-o", json_path], capture_output=True,
                                   text=True)
        if converted.returncode != 0:
            reason = (converted.stderr.strip().splitlines() or ["no output"])[0]
            return 0, 1, 0, [f"FAIL {name}: wast2json failed: {reason}"]
        with open(json_path) as f:
            commands = json.load(f)["commands"]

        checks = []
        skipped = 0
        for command in commands:
            kind = command["type"]
            if kind not in EXPECT_VALID and kind not in EXPECT_INVALID:
                continue
            if command.get("module_type", "binary") != "binary":
                skipped += 1
                continue
            path = os.path.join(tmp, command["filename"])
            checks.append((command, pool.submit(run_strata, strata, path)))

        passed, failed, lines = 0, 0, []
        for command, future in checks:
            status, message = future.result()
            kind = command["type"]
            where = f"{name}:{command['line']}: {kind} {command['filename']}"
            if status not in (0, 1):
                problem = describe_status(status)
            elif kind in EXPECT_VALID and status != 0:
                problem = f"rejected: {message}"
            elif kind in EXPECT_INVALID and status != 1:
                problem = f"accepted (expected \"{command.get('text', '')}\")"
            else:
                passed += 1
                continue
            failed += 1
            lines.append(f"FAIL {where}: {problem}")
        return passed, failed, skipped, lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("testsuite", nargs="?", default=os.environ.get("WASM_TESTSUITE"))
    parser.add_argument("--strata", default="strata")
    parser.add_argument("--wast2json", default="wast2json")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    if not args.testsuite:
        print("official-testsuite-validate: SKIPPED: set WASM_TESTSUITE to a checkout of "
              "WebAssembly/testsuite (commit 3a04b2cf) to run it")
        return SKIP
    files = sorted(glob.glob(os.path.join(args.testsuite, "*.wast")))
    if not files:
        print(f"error: no .wast files in {args.testsuite}", file=sys.stderr)
        return 1

    total = [0, 0, 0]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for wast in files:
            passed, failed, skipped, lines = check_file(wast, args.strata, args.wast2json, pool)
            for line in lines:
                print(line)
            print(f"{os.path.basename(wast)}: {passed} passed, {failed} failed, {skipped} skipped")
            total = [a + b for a, b in zip(total, (passed, failed, skipped))]
            sys.stdout.flush()
    print(f"{total[0]} passed, {total[1]} failed, {total[2]} skipped")
    return 1 if total[1] else 0


if __name__ == "__main__":
    sys.exit(main())
