#!/usr/bin/env python3
"""Generates random WebAssembly 2.0 modules with binaryen's `wasm-opt -ttf`.

Module N of seed S is a pure function of (S, N): its random input bytes come from
random.Random(f"{S}:{N}") and its feature set is FEATURE_SETS[N % len(FEATURE_SETS)], or with
--simd SIMD_SET (every 2.0 feature binaryen 108 and wabt agree on, SIMD included; such modules are
made callable from JavaScript, see make_js_compatible). Each module is checked with wabt's
wasm-validate under the same features; one that does not validate is reported and skipped.

usage: generate.py --seed S --count N [--first K] [--simd] --out DIR
"""

import argparse
import re
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


# Reference types and multi-value stay out: with SIMD, binaryen 108 often emits modules wabt
# rejects.
SIMD_SET = ("simd", ["--mvp-features"] + _SIGN_EXT_ETC + ["--enable-bulk-memory", "--enable-simd"],
            [flag for name, flag in _WABT_OFF.items()
             if name not in {"sign-ext", "mutable-globals", "sat-float", "bulk-memory"}])


def feature_set(index, simd=False):
    return SIMD_SET if simd else FEATURE_SETS[index % len(FEATURE_SETS)]


def validate_flags_of(name):
    """wasm-validate's flags for the feature set called `name`."""
    return next(s[2] for s in FEATURE_SETS + [SIMD_SET] if s[0] == name)


def module_name(seed, index, simd=False):
    return f"s{seed}-n{index}{'-simd' if simd else ''}.wasm"


_LOG_V128 = re.compile(
    r'^\s*\(import "fuzzing-support" "log-v128" \(func \(;(\d+);\) \(type (\d+)\)\)\)\n', re.M)
_TYPE = re.compile(r'^\s*\(type \(;(\d+);\) \(func(.*)\)\)$', re.M)
_FUNC = re.compile(r'^\s*\(func \(;(\d+);\) \(type (\d+)\)', re.M)
_GLOBAL = re.compile(r'^\s*\(global \(;(\d+);\) (\(mut )?(\w+)', re.M)
_EXPORT = re.compile(r'^\s*\(export "[^"]*" \((func|global) (\d+)\)\)\n', re.M)


def make_js_compatible(path):
    """Makes a SIMD module callable from JavaScript, as V8's reference needs: JS cannot pass a
    v128. binaryen's log-v128 import (the last function import) becomes a defined function,
    first in the code so that it keeps its index, which logs the two i64 halves through log-i64
    (import 1); exports of functions with v128 in their type, and of v128 globals, go."""
    text = subprocess.run(["wasm2wat", "--enable-all", path], capture_output=True, text=True,
                          check=True).stdout
    match = _LOG_V128.search(text)
    if match:
        index, type_index = match.groups()
        text = text[:match.start()] + text[match.end():]
        stub = (f"  (func (;{index};) (type {type_index}) (param v128)\n"
                "    (call 1 (i64x2.extract_lane 0 (local.get 0)))\n"
                "    (call 1 (i64x2.extract_lane 1 (local.get 0))))\n")
        first = text.index("\n  (func ") + 1
        text = text[:first] + stub + text[first:]
    vector_types = {m[1] for m in _TYPE.finditer(text) if "v128" in m[2]}
    vector_funcs = {m[1] for m in _FUNC.finditer(text) if m[2] in vector_types}
    vector_globals = {m[1] for m in _GLOBAL.finditer(text) if m[3] == "v128"}
    text = _EXPORT.sub(lambda m: "" if m[2] in (vector_funcs if m[1] == "func" else
                                                 vector_globals) else m[0], text)
    subprocess.run(["wat2wasm", "--enable-all", "-", "-o", path], input=text, text=True,
                   capture_output=True, check=True)


def generate(seed, index, out_dir, simd=False):
    """Writes module `index` of `seed` into out_dir.

    Returns (path, None) on success, or (None, reason) when wasm-opt fails or the module does not
    validate.
    """
    name, opt_flags, validate_flags = feature_set(index, simd)
    rng = random.Random(f"{seed}:{index}")
    out = os.path.join(out_dir, module_name(seed, index, simd))
    with tempfile.NamedTemporaryFile(suffix=".bin", dir=out_dir) as input_file:
        input_file.write(rng.randbytes(INPUT_BYTES))
        input_file.flush()
        opt = subprocess.run(["wasm-opt", "-ttf", input_file.name, "--denan", *opt_flags,
                              "-o", out], capture_output=True, text=True)
    if opt.returncode != 0:
        return None, f"wasm-opt failed ({name}): {_first_line(opt.stderr)}"
    if simd:
        try:
            make_js_compatible(out)
        except subprocess.CalledProcessError as error:
            os.unlink(out)
            return None, f"not made JS-compatible ({name}): {_first_line(error.stderr or '')}"
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
    parser.add_argument("--simd", action="store_true", help="SIMD_SET for every module")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    skipped = 0
    for index in range(args.first, args.first + args.count):
        path, reason = generate(args.seed, index, args.out, args.simd)
        if path:
            print(path)
        else:
            skipped += 1
            print(f"skipped {module_name(args.seed, index, args.simd)}: {reason}", file=sys.stderr)
    print(f"{args.count - skipped} generated, {skipped} skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
