#!/usr/bin/env python3
"""Checks `strata invoke --profile` on one engine configuration (docs/profiling.md): the profile
file follows speedscope's file format (https://www.speedscope.app/file-format-schema.json, a
sampled profile), every frame carries a tier the configuration can run, and of the time not
spent compiling at least 80% lies in the hot function, below its caller. The table printed at
the end names the hot function first among the running ones."""
import argparse
import json
import re
import subprocess
import sys
import tempfile

SCHEMA = "https://www.speedscope.app/file-format-schema.json"
UNITS = {"none", "nanoseconds", "microseconds", "milliseconds", "seconds", "bytes"}
LABEL = re.compile(r"^(.+) \[(interp|mlir|mlir-osr|host|compile)\]$")


def fail(message):
    sys.exit(message)


def check_format(document):
    """The parts of speedscope's schema a sampled profile uses, with their types."""
    if not isinstance(document, dict) or document.get("$schema") != SCHEMA:
        fail(f"$schema is not {SCHEMA}")
    frames = document.get("shared", {}).get("frames")
    if not isinstance(frames, list) or not frames:
        fail("shared.frames is not a non-empty array")
    for frame in frames:
        if not isinstance(frame, dict) or not isinstance(frame.get("name"), str):
            fail(f"a frame without a name: {frame!r}")
        if "file" in frame and not isinstance(frame["file"], str):
            fail(f"a frame's file is not a string: {frame!r}")
    profiles = document.get("profiles")
    if not isinstance(profiles, list) or len(profiles) != 1:
        fail("profiles is not an array of one profile")
    profile = profiles[0]
    if profile.get("type") != "sampled" or not isinstance(profile.get("name"), str):
        fail("the profile is not a named sampled profile")
    if profile.get("unit") not in UNITS:
        fail(f"unit {profile.get('unit')!r} is not one of {sorted(UNITS)}")
    samples, weights = profile.get("samples"), profile.get("weights")
    if not isinstance(samples, list) or not isinstance(weights, list) or \
            len(samples) != len(weights) or not samples:
        fail("samples and weights are not arrays of one length")
    for stack in samples:
        if not isinstance(stack, list) or not stack or \
                not all(isinstance(i, int) and 0 <= i < len(frames) for i in stack):
            fail(f"a sample is not a stack of frame indexes: {stack!r}")
    if not all(isinstance(w, (int, float)) and w > 0 for w in weights):
        fail("a weight is not a positive number")
    span = profile.get("endValue", 0) - profile.get("startValue", 0)
    if abs(span - sum(weights)) > 1e-6 * max(span, 1):
        fail(f"endValue - startValue is {span}, the weights sum to {sum(weights)}")
    if "activeProfileIndex" in document and document["activeProfileIndex"] != 0:
        fail("activeProfileIndex does not name the profile")
    return frames, samples, weights


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--strata", required=True)
    parser.add_argument("--wasm", required=True)
    parser.add_argument("--engine", required=True, help="the configuration's name")
    parser.add_argument("flags", nargs=argparse.REMAINDER, help="its strata flags")
    args = parser.parse_args()
    flags = [flag for flag in args.flags if flag != "--"]
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        command = [args.strata, "invoke", *flags, f"--profile={output.name}", "--profile-rate=2000",
                   args.wasm, "run", "300000000"]
        run = subprocess.run(command, capture_output=True, text=True, timeout=600)
        if run.returncode != 0:
            fail(f"{' '.join(command)} exited {run.returncode}:\n{run.stderr}")
        with open(output.name) as file:
            document = json.load(file)
    frames, samples, weights = check_format(document)
    labels = []
    for frame in frames:
        match = LABEL.match(frame["name"])
        if not match or frame.get("file") != "hot_loop":
            fail(f"frame {frame!r} is not 'NAME [tier]' of module hot_loop")
        labels.append(match.groups())
    tiers = {tier for _, tier in labels}
    allowed = {"interp"} if args.engine.startswith("interp") else \
        {"mlir", "mlir-osr", "compile"} if args.engine == "jit" else \
        {"interp", "mlir", "mlir-osr", "compile"}
    if not tiers <= allowed:
        fail(f"{args.engine}: tiers {sorted(tiers - allowed)} should not appear")
    running = hot = 0.0
    for stack, weight in zip(samples, weights):
        names = [labels[i][0] for i in stack]
        if labels[stack[-1]][1] == "compile":
            continue
        running += weight
        if names[-2:] == ["driver", "hot_loop"]:
            hot += weight
    if running == 0 or hot < 0.8 * running:
        fail(f"{args.engine}: hot_loop below driver has {hot:.1f} of {running:.1f} ms running")
    # Table rows: self%, total%, tier, function.
    rows = [line.split() for line in run.stderr.splitlines()
            if re.match(r"^\s+[0-9.]+\s+[0-9.]+\s+\S+\s+\S+$", line)]
    first = next((row for row in rows if row[2] != "compile"), None)
    if not first or first[3] != "hot_loop":
        fail(f"{args.engine}: the table does not put hot_loop first:\n{run.stderr}")
    print(f"{args.engine}: {len(samples)} stacks, {sum(weights):.0f} ms, hot_loop "
          f"{100 * hot / running:.1f}% of the running time, tiers {sorted(tiers)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
