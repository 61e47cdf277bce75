#!/usr/bin/env python3
"""Runs one long loop under `strata invoke --engine=tiered --events=FILE` with a background
compile thread, then checks the result and that the events file records the loop's way into
native code. Under the default policy, which compiles the continuation of a function's first
activation for that entry alone: a synchronous request, a finished compilation and an
osr-entry, in that order. With specialization off: a background request, a finished
compilation, the installed continuation and an osr-entry."""
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

    for policy, specialized in (("costbenefit", True), ("costbenefit:specialize=off", False)):
        check(args, policy, specialized)


def check(args, policy, specialized):
    command = [args.strata, "invoke", "--engine=tiered", f"--policy={policy}", "--threads=1",
               f"--events={args.events}", args.wasm, "run", str(args.n)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {run.returncode}:\n{run.stderr}")
    want = expected(args.n)
    if want >= 1 << 63:
        want -= 1 << 64  # printed as a signed i64
    if run.stdout.strip() != str(want):
        sys.exit(f"{policy}: result {run.stdout.strip()!r}, expected {want}")

    with open(args.events) as f:
        events = [json.loads(line) for line in f if line.strip()]
    kinds = [event["event"] for event in events]

    def first(kind, loop):
        for index, event in enumerate(events):
            if event["event"] == kind and event.get("loop") == loop:
                return index
        return None

    def need(kind, loop):
        index = first(kind, loop)
        if index is None:
            sys.exit(f"{policy}: no {kind} event for loop {loop} in:\n" + "\n".join(kinds))
        return index

    request = need("tier-up-request", 0)
    end = need("compile-end", 0)
    entry = need("osr-entry", 0)
    if not events[end]["ok"]:
        sys.exit(f"{policy}: the continuation failed to compile: {events[end]}")
    if specialized:
        # Compiled for this entry: nothing is installed for others, and the hook waits for it.
        steps = [request, end, entry]
        if first("code-installed", 0) is not None:
            sys.exit(f"{policy}: a continuation for one entry was installed: {kinds}")
        if events[request]["background"]:
            sys.exit(f"{policy}: the request was for the background thread: {events[request]}")
    else:
        steps = [request, end, need("code-installed", 0), entry]
        if not events[request]["background"]:
            sys.exit(f"{policy}: the request was not for the background thread: {events[request]}")
    if steps != sorted(steps):
        sys.exit(f"{policy}: events out of order: {kinds}")
    print(f"ok ({policy}): {len(events)} events, osr-entry at {events[entry]['t_ns'] / 1e6:.1f} ms")


if __name__ == "__main__":
    main()
