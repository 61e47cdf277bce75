#!/usr/bin/env python3
"""Plots run.sh's results: per program, the paired ratio jit-exact / jit-relaxed of each round
(dots) and its median (bar), run time alone and whole process side by side; prints the medians
and their geometric means.

  plot.py RESULTS_DIR OUT.png
"""
import csv
import glob
import math
import os
import statistics
import sys


def paired_ratios(path):
    """{program: [ratio per round]} of jit-exact over jit-relaxed in the same round."""
    seconds = {}
    for row in csv.DictReader(open(path)):
        seconds[(row["program"], row["config"], row["round"])] = float(row["seconds"])
    ratios = {}
    for (program, config, round_), value in sorted(seconds.items()):
        if config == "jit-exact" and (program, "jit-relaxed", round_) in seconds:
            ratios.setdefault(program, []).append(value / seconds[(program, "jit-relaxed", round_)])
    return ratios


def main():
    results, out = sys.argv[1], sys.argv[2]
    run_time = {}
    for path in sorted(glob.glob(os.path.join(results, "run-time-*.csv"))):
        run_time.update(paired_ratios(path))
    measures = [("run time alone", run_time),
                ("whole process", paired_ratios(os.path.join(results, "whole-process.csv")))]
    for name, ratios in measures:
        medians = {p: statistics.median(r) for p, r in ratios.items()}
        geomean = math.exp(sum(math.log(m) for m in medians.values()) / len(medians))
        cells = ", ".join(f"{p} {m:.3f} ({min(ratios[p]):.2f}-{max(ratios[p]):.2f})"
                          for p, m in medians.items())
        print(f"{name}: {cells}; geomean {geomean:.3f}")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    programs = sorted(run_time)
    fig, ax = plt.subplots(figsize=(7, 4))
    for offset, (name, ratios) in zip((-0.2, 0.2), measures):
        xs = [i + offset for i in range(len(programs))]
        ax.bar(xs, [statistics.median(ratios.get(p, [1])) - 1 for p in programs], 0.35,
               bottom=1, label=name)
        for x, p in zip(xs, programs):
            ax.plot([x] * len(ratios.get(p, [])), ratios.get(p, []), "k.", markersize=4)
    ax.axhline(1.02, color="red", linestyle="--", linewidth=1, label="+2%")
    ax.set_xticks(range(len(programs)), programs)
    ax.set_ylabel("jit exact / exact-traps=off (paired rounds)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=120)


if __name__ == "__main__":
    main()
