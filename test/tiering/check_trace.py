#!/usr/bin/env python3
"""Checks the Chrome trace that `strata invoke --engine=tiered --trace=FILE` writes (docs/
profiling.md) on one long loop, with its continuation compiled on a background thread: the file
is one JSON object whose traceEvents all have the Trace Event Format's fields; the two views
(threads, functions) are named; the compilation is a complete slice on a thread other than the
one that enters the code by OSR, with its five stages nested inside it in order, and appears on
the function's track too; the tier-up request comes before it and the OSR entry after it."""
import argparse
import json
import subprocess
import sys

STAGES = ["frontend", "MLIR passes", "to LLVM IR", "LLVM optimization", "codegen and linking"]
SLACK_US = 1.0  # the stages' durations are rounded to the nanosecond each


def fail(message):
    sys.exit("trace: " + message)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--strata", required=True)
    parser.add_argument("--wasm", required=True)
    parser.add_argument("--trace", required=True)
    parser.add_argument("--n", type=int, default=200_000_000)
    args = parser.parse_args()
    command = [args.strata, "invoke", "--engine=tiered", "--policy=costbenefit:specialize=off",
               "--threads=1", f"--trace={args.trace}", args.wasm, "run", str(args.n)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        fail(f"{' '.join(command)} exited {run.returncode}:\n{run.stderr}")
    with open(args.trace) as file:
        trace = json.load(file)
    events = trace.get("traceEvents")
    if not isinstance(events, list) or not events:
        fail("no traceEvents list")
    for event in events:
        for field, kind in (("name", str), ("ph", str), ("ts", (int, float)), ("pid", int),
                            ("tid", int)):
            if not isinstance(event.get(field), kind):
                fail(f"event without a valid {field}: {event}")
        if event["ph"] not in "XiM":
            fail(f"unexpected phase: {event}")
        if event["ph"] == "X" and not (isinstance(event.get("dur"), (int, float))
                                       and event["dur"] >= 0):
            fail(f"slice without a duration: {event}")
        if event["ph"] == "i" and event.get("s") != "t":
            fail(f"instant not scoped to its thread: {event}")
    names = {e["args"]["name"] for e in events if e["name"] == "process_name"}
    if names != {"strata: threads", "strata: functions"}:
        fail(f"process names {names}")

    def on(pid, prefix):
        return [e for e in events if e["pid"] == pid and e["name"].startswith(prefix)]

    compiles = on(1, "compile f0")
    requests, entries = on(1, "tier-up request f0"), on(1, "OSR entry f0@loop0")
    if not compiles or not requests or not entries:
        fail(f"missing a compilation ({len(compiles)}), tier-up request ({len(requests)}) or "
             f"OSR entry ({len(entries)})")
    compile = next((c for c in compiles if "@loop0" in c["name"]), compiles[0])
    if compile["tid"] == entries[0]["tid"]:
        fail("the background compilation is on the thread that runs the code")
    if not requests[0]["ts"] <= compile["ts"] or not compile["ts"] + compile["dur"] <= \
            entries[0]["ts"] + SLACK_US:
        fail(f"out of order: request {requests[0]['ts']}, compile {compile['ts']}+"
             f"{compile['dur']}, OSR entry {entries[0]['ts']}")
    stages = sorted((e for e in events if e["pid"] == 1 and e["tid"] == compile["tid"]
                     and e["name"] in STAGES and compile["ts"] - SLACK_US <= e["ts"]
                     <= compile["ts"] + compile["dur"]), key=lambda e: e["ts"])
    if [s["name"] for s in stages] != STAGES:
        fail(f"stages {[s['name'] for s in stages]} in the compile slice")
    if stages[-1]["ts"] + stages[-1]["dur"] > compile["ts"] + compile["dur"] + SLACK_US:
        fail("the stages overrun their compilation")
    if not [e for e in on(2, compile["name"]) if e["ts"] == compile["ts"]]:
        fail("the compilation is not on the function's track")
    print(f"trace: {len(events)} events; {compile['name']} on thread {compile['tid']}, "
          f"{compile['dur'] / 1000:.1f} ms, OSR entry on thread {entries[0]['tid']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
