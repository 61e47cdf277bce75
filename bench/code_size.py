#!/usr/bin/env python3
"""Native code size per function of the MLIR tier, on x86-64 against aarch64.

usage: code_size.py [--strata PATH] [--nm PATH] [-O N] [--bounds-checks MODE] FILE.wasm...

Compiles each module with `strata compile --emit=obj` for every target and reads the size of
each function's code (the symbols wasm_f<N>, not the thunks) with llvm-nm. Prints, per module,
the functions, the bytes per target and the aarch64/x86-64 ratio of the totals and the median
of the per-function ratios; then the same over all modules. Code size, unlike speed, does not
depend on the machine, so it is measured here for both targets on one host.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

TARGETS = ["x86_64-linux-gnu", "aarch64-linux-gnu"]
FUNCTION_SYMBOL = re.compile(r"^wasm_f\d+$")


def function_sizes(strata, nm, wasm, target, flags):
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "module.o")
        subprocess.run([strata, "compile", "--emit=obj", "--target=" + target, *flags, wasm,
                        "-o", obj], check=True)
        listing = subprocess.run([nm, "--print-size", "--defined-only", obj], check=True,
                                 capture_output=True, text=True).stdout
    sizes = {}
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) == 4 and FUNCTION_SYMBOL.match(fields[3]):
            sizes[fields[3]] = int(fields[1], 16)
    return sizes


def summary(name, per_target):
    x64, a64 = per_target[TARGETS[0]], per_target[TARGETS[1]]
    common = sorted(set(x64) & set(a64))
    ratios = [a64[f] / x64[f] for f in common if x64[f]]
    total_x64, total_a64 = sum(x64[f] for f in common), sum(a64[f] for f in common)
    median = statistics.median(ratios) if ratios else float("nan")
    return (f"{name:<24} {len(common):>9} {total_x64:>12} {total_a64:>12} "
            f"{total_a64 / total_x64 if total_x64 else float('nan'):>11.2f} {median:>14.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata", default="strata")
    parser.add_argument("--nm", default="/usr/lib/llvm-19/bin/llvm-nm")
    parser.add_argument("-O", dest="opt", default="2")
    parser.add_argument("--bounds-checks", default="guard-pages")
    parser.add_argument("wasm", nargs="+")
    args = parser.parse_args()
    flags = ["-O", args.opt, "--bounds-checks=" + args.bounds_checks]

    print(f"{'module':<24} {'functions':>9} {'x86-64 bytes':>12} {'aarch64 bytes':>12} "
          f"{'total ratio':>11} {'median ratio':>14}")
    everything = {target: {} for target in TARGETS}
    for wasm in args.wasm:
        name = os.path.basename(wasm).removesuffix(".wasm")
        per_target = {t: function_sizes(args.strata, args.nm, wasm, t, flags) for t in TARGETS}
        print(summary(name, per_target))
        for target in TARGETS:
            everything[target].update({f"{name}:{f}": s for f, s in per_target[target].items()})
    if len(args.wasm) > 1:
        print(summary("all", everything))
    return 0


if __name__ == "__main__":
    sys.exit(main())
