#!/usr/bin/python3
"""Bars of whole-process time over native, per program and configuration (median over rounds),
from compare_real.py --csv.

  plot.py RESULTS.csv OUT.png
"""
import csv
import statistics
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.ticker


def main(source, target):
    seconds = defaultdict(lambda: defaultdict(list))  # config -> program -> [seconds]
    programs, configs = [], []
    with open(source) as f:
        for row in csv.DictReader(f):
            if row["program"] not in programs:
                programs.append(row["program"])
            if row["config"] not in configs:
                configs.append(row["config"])
            if row["correct"] == "1":
                seconds[row["config"]][row["program"]].append(float(row["seconds"]))
    others = [c for c in configs if c != "native"]
    width = 0.8 / len(others)
    figure, axes = plt.subplots(figsize=(12, 5))
    for index, config in enumerate(others):
        xs, ys = [], []
        for position, program in enumerate(programs):
            runs, native = seconds[config][program], seconds["native"][program]
            if runs and native:
                xs.append(position - 0.4 + width * (index + 0.5))
                ys.append(statistics.median(runs) / statistics.median(native))
        axes.bar(xs, ys, width, label=config)
    axes.set_yscale("log")
    axes.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    axes.axhline(1, color="black", linewidth=0.8)
    axes.set_xticks(range(len(programs)))
    axes.set_xticklabels(programs)
    axes.set_ylabel("whole-process time / native (log scale)")
    axes.set_title("Real programs, long workloads: time over native, compilation included")
    axes.legend(ncol=len(others), fontsize="small")
    figure.tight_layout()
    figure.savefig(target, dpi=120)


if __name__ == "__main__":
    main(*sys.argv[1:3])
