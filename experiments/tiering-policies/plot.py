#!/usr/bin/python3
"""Bars of time over the baseline's, per program and configuration, from end_to_end.py --csv.

  plot.py RESULTS.csv OUT.png
"""
import csv
import math
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.ticker


def main(source, target):
    ratios = defaultdict(dict)  # config -> program -> ratio
    programs, configs = [], []
    with open(source) as f:
        for row in csv.DictReader(f):
            if row["program"] not in programs:
                programs.append(row["program"])
            if row["config"] not in configs:
                configs.append(row["config"])
            ratios[row["config"]][row["program"]] = float(row["ratio"])
    baseline, others = configs[0], configs[1:]
    width = 0.8 / len(others)
    figure, axes = plt.subplots(figsize=(14, 5))
    for i, config in enumerate(others):
        values = [ratios[config][p] for p in programs]
        geomean = math.exp(sum(map(math.log, values)) / len(values))
        axes.bar([x + i * width for x in range(len(programs))], values, width,
                 label=f"{config} (geomean {geomean:.2f})")
    axes.axhline(1.0, color="black", linewidth=0.8)
    axes.axhline(1.1, color="gray", linewidth=0.8, linestyle="--")
    axes.set_yscale("log")
    axes.set_yticks([0.5, 0.75, 1, 1.1, 1.5, 2, 3])
    axes.yaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
    axes.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    axes.set_xticks([x + 0.4 - width / 2 for x in range(len(programs))], programs, rotation=45,
                    ha="right")
    axes.set_ylabel(f"time / {baseline}'s (median of paired rounds)")
    axes.set_title("End to end, strata invoke PROGRAM.wasm run")
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(target, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
