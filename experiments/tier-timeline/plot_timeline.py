#!/usr/bin/python3
"""A run's tier timeline from the tiered engine's events (--events=FILE, JSON lines; schema in
docs/profiling.md): one row per function that tiered up, the time it waited in the queue and
was compiled (bars, per compilation, continuations included), when its code was installed and
where its frames entered native code by OSR; the function ran below the MLIR tier before its
first install or OSR entry and in its code after. In the chain interp -> baseline ->
optimizing, a mark shows when the function moved from the interpreter to baseline code.
Rows in the order of their first request to the MLIR tier.

  plot_timeline.py EVENTS.jsonl OUT.png [--most N] [--title TEXT]
"""
import argparse
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

WAITING, NATIVE, COMPILE, COMPILE_OSR, OSR = "#d9d9d9", "#9ecae1", "#e6550d", "#fd8d3c", "#3182bd"
BASELINE = "#31a354"


def read_events(path):
    with open(path) as file:
        return [json.loads(line) for line in file if line.strip()]


def timelines(events):
    """{function: {"request": s, "compiles": [(start s, end s, osr)], "installs": [s],
    "osr": [s], "baseline": s or None}} in order of first request to the MLIR tier."""
    rows = {}
    starts = {}  # (function, loop) -> compile start, seconds
    for event in events:
        kind, function, seconds = event["event"], event["function"], event["t_ns"] / 1e9
        row = rows.setdefault(function, {"request": None, "compiles": [], "installs": [],
                                         "osr": [], "baseline": None})
        loop = event.get("loop", -1)
        if event.get("tier") == "baseline":
            if kind == "code-installed":
                row["baseline"] = seconds
        elif kind == "tier-up-request" and row["request"] is None:
            row["request"] = seconds
        elif kind == "compile-start":
            starts[(function, loop)] = seconds
        elif kind == "compile-end":
            start = starts.pop((function, loop), seconds - event["stages"]["total_s"])
            row["compiles"].append((start, seconds, loop != -1))
        elif kind == "code-installed":
            row["installs"].append(seconds)
        elif kind == "osr-entry":
            row["osr"].append(seconds)
    tiered = {f: r for f, r in rows.items() if r["request"] is not None}
    return dict(sorted(tiered.items(), key=lambda item: item[1]["request"]))


def plot(rows, end, target, title):
    height = 0.32 * len(rows) + 2.2
    fig, ax = plt.subplots(figsize=(10, height))
    for y, (function, row) in enumerate(rows.items()):
        native_from = min(row["installs"] + row["osr"], default=end)
        ax.barh(y, native_from - row["request"], left=row["request"], height=0.16, color=WAITING)
        ax.barh(y, end - native_from, left=native_from, height=0.16, color=NATIVE)
        for start, stop, osr in row["compiles"]:
            ax.barh(y, stop - start, left=start, height=0.5, color=COMPILE_OSR if osr else COMPILE)
        ax.plot(row["installs"], [y] * len(row["installs"]), "v", color="black", markersize=4)
        if row["osr"]:
            ax.plot(row["osr"], [y] * len(row["osr"]), "|", color=OSR, markersize=9)
        if row["baseline"] is not None:
            ax.plot([row["baseline"]], [y], "^", color=BASELINE, markersize=5)
    legend = [Patch(color=WAITING, label="requested, still interpreted"),
              Patch(color=NATIVE, label="native (installed or entered by OSR)"),
              Patch(color=COMPILE, label="compiling the function"),
              Patch(color=COMPILE_OSR, label="compiling an OSR continuation"),
              Line2D([], [], marker="v", color="black", linestyle="", label="code installed"),
              Line2D([], [], marker="|", color=OSR, linestyle="", markersize=9,
                     label="OSR entry"),
              Line2D([], [], marker="^", color=BASELINE, linestyle="",
                     label="moved to baseline code")]
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"f{function}" for function in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, end)
    ax.set_xlabel("seconds since the engine started")
    ax.set_title(title)
    fig.legend(handles=legend, loc="lower center", ncol=3, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.6 / height, 1, 1))  # room for the legend below
    fig.savefig(target, dpi=130)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("events")
    parser.add_argument("out")
    parser.add_argument("--most", type=int, default=40, help="rows at most (the first ones)")
    parser.add_argument("--title", default="tier timeline")
    args = parser.parse_args()
    events = read_events(args.events)
    if not events:
        sys.exit(f"{args.events}: no events")
    rows = timelines(events)
    if not rows:
        sys.exit(f"{args.events}: no function tiered up")
    end = max(event["t_ns"] for event in events) / 1e9
    shown = dict(list(rows.items())[:args.most])
    plot(shown, end, args.out, args.title)
    print(f"{args.out}: {len(shown)} of {len(rows)} functions that tiered up, "
          f"{sum(len(r['compiles']) for r in shown.values())} compilations, {end:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
