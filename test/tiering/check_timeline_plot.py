#!/usr/bin/env python3
"""Runs one long loop under the tiered engine with --events, draws its tier timeline with
experiments/tier-timeline/plot_timeline.py and checks that a PNG of the function that tiered
up came out (one row, its OSR continuation compiled)."""
import argparse
import os
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--strata", required=True)
    parser.add_argument("--wasm", required=True)
    parser.add_argument("--plot", required=True)
    parser.add_argument("--out", required=True, help="folder for the events and the picture")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    events, picture = os.path.join(args.out, "events.jsonl"), os.path.join(args.out, "tiers.png")
    subprocess.run([args.strata, "invoke", "--engine=tiered", f"--events={events}", args.wasm,
                    "run", "200000000"], check=True, capture_output=True, timeout=300)
    if os.path.exists(picture):
        os.remove(picture)
    drawn = subprocess.run(["/usr/bin/python3", args.plot, events, picture], capture_output=True,
                           text=True, timeout=300)
    if drawn.returncode != 0:
        sys.exit(f"plot_timeline.py failed:\n{drawn.stderr}")
    with open(picture, "rb") as file:
        if file.read(8) != b"\x89PNG\r\n\x1a\n":
            sys.exit(f"{picture} is not a PNG")
    if not drawn.stdout.startswith(f"{picture}: 1 of 1 functions that tiered up, 1 compilations"):
        sys.exit(f"unexpected summary: {drawn.stdout}")
    print(drawn.stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
