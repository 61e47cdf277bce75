#!/usr/bin/env python3
"""Runs one long loop under `strata invoke --engine=tiered --events=FILE` with the default
policy and a background compile thread, then checks the result and that the events file
records the loop's way into native code: a request, a finished compilation, the installed
continuation and an osr-entry, in that order."""
import argparse
import json
import subprocess
import sys


def expected(n):
    """sum(i * (i & 7) for i < n), in closed form: i = 8q + r contributes r * i."""
    total = 0
    for r in range(8):
        count = (n - r + 7) // 8 if n > r else 0  # the i < n with i % 8 == r
        total += r * (r * count + 8 * count * (count - 1) // 2)
    return total % (1 << 64)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--strata", required=True)
    parser.add_argument("--wasm", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--n", type=int, default=200_000_000)
    args = parser.parse_args()

    command = [args.strata, "invoke", "--engine=tiered", "--threads=1",
               f"--events={args.events}", args.wasm, "run", str(args.n)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {run.returncode}:\n{run.stderr}")
    want = expected(args.n)
    if want >= 1 << 63:
        want -= 1 << 64  # printed as a signed i64
    if run.stdout.strip() != str(want):
        sys.exit(f"result {run.stdout.strip()!r}, expected {want}")

    with open(args.events) as f:
        events = [json.loads(line) for line in f if line.strip()]
    kinds = [event["event"] for event in events]

    def first(kind, loop):
        for index, event in enumerate(events):
            if event["event"] == kind and event.get("loop") == loop:
                return index
        sys.exit(f"no {kind} event for loop {loop} in:\n" + "\n".join(kinds))

    request = first("tier-up-request", 0)
    end = first("compile-end", 0)
    installed = first("code-installed", 0)
    entry = first("osr-entry", 0)
    if not events[end]["ok"]:
        sys.exit(f"the continuation failed to compile: {events[end]}")
    if not request < end < installed < entry:
        sys.exit(f"events out of order: {kinds}")
    if not events[request]["background"]:
        sys.exit(f"the request was not for the background thread: {events[request]}")
    print(f"ok: {len(events)} events, osr-entry at {events[entry]['t_ns'] / 1e6:.1f} ms")


if __name__ == "__main__":
    main()
