#!/usr/bin/env python3
"""Draws results/real.csv (bench/real/compare_real.py --csv) as grouped bar charts in SVG:
per program, each configuration's median whole-process time over node's default tiering, on a
log scale, with the line at 1 marking node; and beside it (NAME-first.svg) the same for the
time to the first result, the first byte on standard output. Plain SVG, so it needs nothing
beyond Python.

  plot.py [results/real.csv] [results/real.svg]
"""
import csv
import math
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
          "#ff9da7", "#9c755f", "#bab0ac", "#1b9e77", "#7570b3"]
WIDTH, HEIGHT = 900, 420
LEFT, RIGHT, TOP, BOTTOM = 60, 170, 30, 50
LOWEST, HIGHEST = 0.25, 16.0  # the ratio axis, log scale


def medians(path, column):
    """{program: {config: median of column}} of the correct runs that have it, programs and
    configs in order."""
    runs = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            if row["correct"] == "1" and row.get(column):
                runs.setdefault(row["program"], {}).setdefault(row["config"], []).append(
                    float(row[column]))
    return {program: {config: statistics.median(times) for config, times in configs.items()}
            for program, configs in runs.items()}


def y_of(ratio):
    ratio = min(max(ratio, LOWEST), HIGHEST)
    span = math.log(HIGHEST) - math.log(LOWEST)
    return TOP + (HEIGHT - TOP - BOTTOM) * (math.log(HIGHEST) - math.log(ratio)) / span


def draw(times, what):
    programs = [p for p in times if "node" in times[p]]
    configs = []
    for program in programs:
        configs += [c for c in times[program] if c not in configs and c != "node"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{LEFT}" y="18">{what} over node\'s default tiering '
           '(log scale; below 1 is faster than node)</text>']
    ratio = LOWEST
    while ratio <= HIGHEST:
        y = y_of(ratio)
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="{"black" if ratio == 1 else "#ddd"}"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{ratio:g}</text>')
        ratio *= 2
    group = (WIDTH - LEFT - RIGHT) / max(len(programs), 1)
    bar = group * 0.8 / max(len(configs), 1)
    for p, program in enumerate(programs):
        x0 = LEFT + p * group + group * 0.1
        for c, config in enumerate(configs):
            if config not in times[program]:
                continue
            r = times[program][config] / times[program]["node"]
            y = y_of(r)
            top, bottom = min(y, y_of(1)), max(y, y_of(1))
            out.append(f'<rect x="{x0 + c * bar:.1f}" y="{top:.1f}" width="{bar * 0.9:.1f}" '
                       f'height="{max(bottom - top, 1):.1f}" fill="{COLORS[c % len(COLORS)]}">'
                       f'<title>{program} {config}: {r:.2f}x node</title></rect>')
        out.append(f'<text x="{LEFT + (p + 0.5) * group:.1f}" y="{HEIGHT - BOTTOM + 18}" '
                   f'text-anchor="middle">{program}</text>')
    for c, config in enumerate(configs):
        y = TOP + 10 + c * 18
        out.append(f'<rect x="{WIDTH - RIGHT + 15}" y="{y - 9}" width="12" height="12" '
                   f'fill="{COLORS[c % len(COLORS)]}"/>')
        out.append(f'<text x="{WIDTH - RIGHT + 32}" y="{y + 1}">{config}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "results", "real.csv")
    target = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "results", "real.svg")
    figures = [(target, "seconds", "whole-process time"),
               (os.path.splitext(target)[0] + "-first.svg", "first_output_seconds",
                "time to the first result")]
    for path, column, what in figures:
        times = medians(source, column)
        if not times:
            continue
        with open(path, "w") as f:
            f.write(draw(times, what))
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
