#!/usr/bin/env python3
"""Generates random WebAssembly 2.0 modules (no SIMD) with binaryen's `wasm-opt -ttf`.

Module N of seed S is a pure function of (S, N): its random input bytes come from
random.Random(f"{S}:{N}") and its feature set is FEATURE_SETS[N % len(FEATURE_SETS)]. Each module
is checked with wabt's wasm-validate under the same features; one that does not validate is
reported and skipped.

usage: generate.py --seed S --count N [--first K] --out DIR
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile

INPUT_BYTES = 4096  # gives modules of a few tens of functions

# (name, wasm-opt flags, wasm-validate flags); each set adds to the one before.
_SIGN_EXT_ETC = ["--enable-sign-ext", "--enable-mutable-globals",
                 "--enable-nontrapping-float-to-int"]
_WABT_OFF = {
    "sign-ext": "--disable-sign-extension",
    "mutable-globals": "--disable-mutable-globals",
    "sat-float": "--disable-saturating-float-to-int",
    "bulk-memory": "--disable-bulk-memory",
    "multivalue": "--disable-multi-value",
    "reference-types": "--disable-reference-types",
}


def _wabt_flags(enabled):
    return ["--disable-simd"] + [flag for name, flag in _WABT_OFF.items() if name not in enabled]


FEATURE_SETS = [
    ("mvp", ["--mvp-features"], _wabt_flags(set())),
    ("sign-ext", ["--mvp-features"] + _SIGN_EXT_ETC,
     _wabt_flags({"sign-ext", "mutable-globals", "sat-float"})),
    ("bulk-memory", ["--mvp-features"] + _SIGN_EXT_ETC + ["--enable-bulk-memory"],
     _wabt_flags({"sign-ext", "mutable-globals", "sat-float", "bulk-memory"})),
    ("multivalue",
     ["--mvp-features"] + _SIGN_EXT_ETC + ["--enable-bulk-memory", "--enable-multivalue"],
     _wabt_flags({"sign-ext", "mutable-globals", "sat-float", "bulk-memory", "multivalue"})),
    ("reference-types",
     ["--mvp-features"] + _SIGN_EXT_ETC
     + ["--enable-bulk-memory", "--enable-multivalue", "--enable-reference-types"],
     _wabt_flags(set(_WABT_OFF))),
]


def feature_set(index):
    return FEATURE_SETS[index % len(FEATURE_SETS)]


def module_name(seed, index):
    return f"s{seed}-n{index}.wasm"


def generate(seed, index, out_dir):
    """Writes module `index` of `seed` into out_dir.

    Returns (path, None) on success, or (None, reason) when wasm-opt fails or the module does not
    validate.
    """
    name, opt_flags, validate_flags = feature_set(index)
    rng = random.Random(f"{seed}:{index}")
    out = os.path.join(out_dir, module_name(seed, index))
    with tempfile.NamedTemporaryFile(suffix=".bin", dir=out_dir) as input_file:
        input_file.write(rng.randbytes(INPUT_BYTES))
        input_file.flush()
        opt = subprocess.run(["wasm-opt", "-ttf", input_file.name, "--denan", *opt_flags,
                              "-o", out], capture_output=True, text=True)
    if opt.returncode != 0:
        return None, f"wasm-opt failed ({name}): {_first_line(opt.stderr)}"
    check = subprocess.run(["wasm-validate", *validate_flags, out], capture_output=True,
                           text=True)
    if check.returncode != 0:
        os.unlink(out)
        return None, f"invalid ({name}): {_first_line(check.stderr)}"
    return out, None


def _first_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0].strip() if lines else "no output"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    skipped = 0
    for index in range(args.first, args.first + args.count):
        path, reason = generate(args.seed, index, args.out)
        if path:
            print(path)
        else:
            skipped += 1
            print(f"skipped {module_name(args.seed, index)}: {reason}", file=sys.stderr)
    print(f"{args.count - skipped} generated, {skipped} skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
