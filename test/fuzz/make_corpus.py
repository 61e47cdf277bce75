#!/usr/bin/env python3
"""Writes the seed corpus of the decode + validate fuzzer.

Seeds, one binary module per file:
  wat-*        every .wat file of the repository, assembled with wat2wasm
  op-*         one small module per instruction of the opcode table (Opcodes.def) whose type
               the table states, plus hand-written modules for the instructions typed by hand
  edge-*       crafted binaries at the edges of the binary format (LEB128 lengths, section
               order and sizes, counts, names) that no assembler writes
  suite-*      with --testsuite DIR: the binary modules of DIR's top-level .wast files

usage: make_corpus.py --out DIR [--source-root DIR] [--wat2wasm PATH] [--wast2json PATH]
                      [--testsuite DIR] [--testsuite-only]
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

TYPES = {"i": "i32", "l": "i64", "f": "f32", "d": "f64", "v": "v128"}

# The module around every per-opcode function: a memory, a passive data segment, a table with
# a declared element segment, so that any immediate index 0 is in range.
PRELUDE = """
  (memory 1)
  (data "seed")
  (table 2 funcref)
  (elem func $f)
"""

# Instructions the table types by hand ("*"), in functions that use them validly.
HAND_WRITTEN = {
    "control": """(func $f (param i32) (result i32)
      (block $b (result i32)
        (loop $l (result i32)
          (if (result i32) (local.get 0)
            (then (br_if $l (i32.eqz (local.get 0))) (i32.const 1))
            (else (br_table $b $b (i32.const 7) (local.get 0)))))))
    (func (param i32) (loop $l (block $b (br_table $l $b $l (local.get 0)))))
    (func (result i32) (unreachable))
    (func (param i32 i64) (result i64 i32)
      (local.get 0) (local.get 1)
      (block (param i32 i64) (result i64 i32)
        (drop) (drop) (i64.const 1) (i32.const 2))
      (return (i64.const 3) (i32.const 4)))
    (func (param i32) (block (br 0)) (nop) (local.get 0) (drop))""",
    "calls": """(type $t (func (param i32) (result i32)))
    (table 1 funcref)
    (elem declare func $f)
    (func $f (type $t) (call $f (local.get 0)))
    (func (param i32) (result i32)
      (call_indirect (type $t) (local.get 0) (i32.const 0)))
    (func (result funcref) (ref.func $f))""",
    "variables": """(global $g (mut i64) (i64.const 0))
    (global $h f64 (f64.const 1.5))
    (func $f (param i32 f32) (result i64) (local v128 funcref externref)
      (local.set 0 (local.tee 0 (local.get 0)))
      (global.set $g (i64.extend_i32_u (local.get 0)))
      (select (global.get $g) (i64.const 2) (local.get 0)))
    (func (param externref externref i32) (result externref)
      (select (result externref) (local.get 0) (local.get 1) (local.get 2)))""",
    "tables": """(table $e 1 10 externref)
    (table $t 1 funcref)
    (elem funcref (ref.func $f))
    (func $f (param i32 externref) (result i32)
      (table.set $e (local.get 0) (local.get 1))
      (drop (table.get $e (local.get 0)))
      (drop (table.grow $e (ref.null extern) (i32.const 1)))
      (table.fill $e (i32.const 0) (ref.null extern) (i32.const 1))
      (table.init $t 0 (i32.const 0) (i32.const 0) (i32.const 0))
      (elem.drop 0)
      (ref.is_null (local.get 1)))""",
    "module": """(import "env" "f" (func $imp (param i32)))
    (import "env" "m" (memory 1 2))
    (import "env" "t" (table 1 funcref))
    (import "env" "g" (global i32))
    (func $f (call $imp (global.get 0)))
    (start $f)
    (export "f" (func $f)) (export "m" (memory 0))
    (elem (i32.const 0) $f)
    (elem funcref (ref.func $f) (ref.null func))
    (data (i32.const 8) "active")""",
}


def parse_opcode_table(path):
    rows = []
    pattern = re.compile(r'WASM_OP\((\w+),\s*(\w+),\s*(\w+),\s*"([^"]+)",\s*(\w+),\s*"([^"]*)"')
    with open(path) as f:
        for line in f:
            m = pattern.match(line.strip())
            if m:
                rows.append({"name": m.group(1), "text": m.group(4), "imm": m.group(5),
                             "sig": m.group(6)})
    return rows


def immediate_text(row):
    imm, text = row["imm"], row["text"]
    if imm in ("Lane", "MemArgLane"):
        return " 0"
    if imm == "Shuffle":
        return " " + " ".join(str(i) for i in range(16))
    if imm == "I32" or imm == "I64":
        return " -7"
    if imm == "F32" or imm == "F64":
        return " 1.5"
    if imm == "V128":
        return " i32x4 1 2 3 4"
    if imm in ("Data", "Elem", "MemoryInit"):
        return " 0"
    if imm in ("TableInit", "TableCopy"):
        return " 0 0"
    if imm == "Table":
        return " 0"
    return ""


def opcode_module(row):
    """A module whose one function pops the operands of `row` from its parameters."""
    params, _, result = row["sig"].partition(">")
    param_types = " ".join(TYPES[c] for c in params)
    result_text = f" (result {TYPES[result]})" if result else ""
    gets = " ".join(f"local.get {i}" for i in range(len(params)))
    body = f"{gets} {row['text']}{immediate_text(row)}"
    return f"(module {PRELUDE} (func $f (param {param_types}){result_text} {body}))"


def assemble(wat2wasm, text, out, extra=()):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "m.wat")
        with open(src, "w") as f:
            f.write(text)
        result = subprocess.run([wat2wasm, "--enable-all", "--no-check", *extra, src, "-o", out],
                                capture_output=True, text=True)
        return result.returncode == 0, result.stderr


# Crafted binaries -------------------------------------------------------------------------------

def leb_u(value, pad_to=0):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value or len(out) + 1 < pad_to:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def section(sid, payload, size=None):
    return bytes([sid]) + leb_u(len(payload) if size is None else size) + payload


def vec(items):
    return leb_u(len(items)) + b"".join(items)


def name(data):
    """A length-prefixed byte string (names, data segment contents)."""
    return leb_u(len(data)) + data


def body(code, locals_=b"\x00"):
    content = locals_ + code
    return leb_u(len(content)) + content


HEADER = b"\x00asm\x01\x00\x00\x00"
TYPE_VOID = section(1, vec([b"\x60\x00\x00"]))
FUNC_ONE = section(3, vec([b"\x00"]))


def module(*sections):
    return HEADER + b"".join(sections)


def code_module(code, locals_=b"\x00"):
    return module(TYPE_VOID, FUNC_ONE, section(10, vec([body(code, locals_)])))


def edge_cases():
    """Binaries the fuzzer should start from: each sits at one rule of the binary format."""
    many_locals = leb_u(2) + leb_u(0xFFFFFFF0) + b"\x7f" + leb_u(0x20) + b"\x7e"
    deep = b"\x02\x40" * 500 + b"\x0b" * 500 + b"\x0b"
    return {
        "empty": b"",
        "header-only": HEADER,
        "bad-magic": b"\x00asn\x01\x00\x00\x00",
        "bad-version": b"\x00asm\x02\x00\x00\x00",
        "truncated-header": HEADER[:6],
        "padded-section-size": HEADER + b"\x01" + leb_u(len(vec([b"\x60\x00\x00"])), 5) +
        vec([b"\x60\x00\x00"]),
        "overlong-section-size": HEADER + b"\x01\x80\x80\x80\x80\x80\x00",
        "section-size-too-big": HEADER + section(1, vec([b"\x60\x00\x00"]), size=100),
        "section-size-too-small": HEADER + section(1, vec([b"\x60\x00\x00"]), size=2) + b"\x00",
        "sections-out-of-order": module(FUNC_ONE, TYPE_VOID),
        "duplicate-section": module(TYPE_VOID, TYPE_VOID),
        "unknown-section": HEADER + section(13, b""),
        "huge-count": module(section(1, leb_u(0xFFFFFFFF))),
        "func-without-code": module(TYPE_VOID, FUNC_ONE),
        "code-without-func": module(TYPE_VOID, section(10, vec([body(b"\x0b")]))),
        "datacount-mismatch": module(section(12, leb_u(2)), section(11, vec([]))),
        "datacount-no-data": module(section(12, leb_u(1))),
        "memory-init-no-datacount": module(
            TYPE_VOID, FUNC_ONE, section(5, vec([b"\x00\x01"])),
            section(10, vec([body(b"\x41\x00\x41\x00\x41\x00\xfc\x08\x00\x00\x0b")])),
            section(11, vec([b"\x01" + name(b"xy")]))),
        "custom-bad-utf8": HEADER + section(0, b"\x02\xc0\x80"),
        "custom-empty-name": HEADER + section(0, b"\x00payload"),
        "name-section": HEADER + section(0, b"\x04name" + b"\x00\x02\x01m" +
                                         b"\x01" + leb_u(4) + vec([b"\x00\x01f"]) +
                                         b"\x02" + leb_u(6) + vec([b"\x00" + vec([b"\x00\x01x"])])),
        "name-section-truncated": HEADER + section(0, b"\x04name\x01\x7f\x01"),
        "too-many-locals": code_module(b"\x0b", many_locals),
        "locals-overflow": code_module(b"\x0b", leb_u(2) + (leb_u(0xFFFFFFFF) + b"\x7f") * 2),
        "deep-blocks": code_module(deep),
        "missing-end": code_module(b"\x01"),
        "end-before-body-end": code_module(b"\x0b\x01"),
        "br-table-huge": code_module(b"\x41\x00\x0e" + leb_u(0xFFFFFF) + b"\x00\x0b"),
        "br-table-padded": code_module(b"\x02\x40\x41\x00\x0e" + leb_u(2, 5) + b"\x00" +
                                       leb_u(0, 5) + leb_u(1, 5) + b"\x0b\x0b"),
        "i32-const-max-leb": code_module(b"\x41\xff\xff\xff\xff\x07\x1a\x0b"),
        "i32-const-unused-bits": code_module(b"\x41\xff\xff\xff\xff\x4f\x1a\x0b"),
        "i64-const-ten-bytes": code_module(b"\x42" + b"\x80" * 9 + b"\x7f\x1a\x0b"),
        "block-type-index": module(section(1, vec([b"\x60\x00\x00", b"\x60\x01\x7f\x01\x7e"])),
                                   FUNC_ONE, section(10, vec([body(
                                       b"\x41\x00\x02\x01\x1a\x42\x00\x0b\x1a\x0b")]))),
        "block-type-negative": code_module(b"\x02\x7a\x0b\x0b"),
        "fc-prefix-unknown": code_module(b"\xfc" + leb_u(0x7fff) + b"\x0b"),
        "fd-prefix-padded": code_module(b"\xfd" + leb_u(12, 5) + b"\x00" * 16 + b"\x1a\x0b"),
        "memarg-big-align": module(TYPE_VOID, FUNC_ONE, section(5, vec([b"\x00\x01"])),
                                   section(10, vec([body(b"\x41\x00\x28\x20\x00\x1a\x0b")]))),
        "memory-index-nonzero": module(TYPE_VOID, FUNC_ONE, section(5, vec([b"\x00\x01"])),
                                       section(10, vec([body(b"\x3f\x01\x1a\x0b")]))),
        "limits-flag-2": module(section(5, vec([b"\x02\x00"]))),
        "two-memories": module(section(5, vec([b"\x00\x01", b"\x00\x01"]))),
        "elem-all-kinds": module(
            TYPE_VOID, FUNC_ONE, section(4, vec([b"\x70\x00\x01"])),
            section(9, vec([b"\x00\x41\x00\x0b" + vec([b"\x00"]),
                            b"\x01\x00" + vec([b"\x00"]),
                            b"\x02\x00\x41\x00\x0b\x00" + vec([b"\x00"]),
                            b"\x03\x00" + vec([b"\x00"]),
                            b"\x04\x41\x00\x0b" + vec([b"\xd2\x00\x0b"]),
                            b"\x05\x70" + vec([b"\xd0\x70\x0b"]),
                            b"\x06\x00\x41\x00\x0b\x70" + vec([b"\xd2\x00\x0b"]),
                            b"\x07\x70" + vec([b"\xd2\x00\x0b"])])),
            section(10, vec([body(b"\x0b")]))),
        "data-all-kinds": module(section(5, vec([b"\x00\x01"])), section(12, leb_u(3)),
                                 section(11, vec([b"\x00\x41\x00\x0b" + name(b"a"),
                                                  b"\x01" + name(b"bc"),
                                                  b"\x02\x00\x41\x08\x0b" + name(b"d")]))),
        "data-size-too-big": module(section(5, vec([b"\x00\x01"])),
                                    section(11, vec([b"\x01" + leb_u(1000) + b"x"]))),
        "global-const-exprs": module(section(6, vec([b"\x7f\x00\x41\x05\x0b",
                                                     b"\x7e\x01\x42\x05\x0b",
                                                     b"\x7d\x00\x43\x00\x00\x80\x3f\x0b",
                                                     b"\x7c\x00\x44" + b"\x00" * 8 + b"\x0b",
                                                     b"\x70\x00\xd0\x70\x0b"]))),
        "global-bad-mutability": module(section(6, vec([b"\x7f\x02\x41\x00\x0b"]))),
        "import-all-kinds": module(TYPE_VOID, section(2, vec([
            b"\x01e\x01f\x00\x00",
            b"\x01e\x01t\x01\x70\x00\x01",
            b"\x01e\x01m\x02\x01\x01\x02",
            b"\x01e\x01g\x03\x7f\x00"]))),
        "import-bad-kind": module(section(2, vec([b"\x01e\x01x\x04\x00"]))),
        "export-duplicate": module(TYPE_VOID, FUNC_ONE,
                                   section(7, vec([b"\x01a\x00\x00", b"\x01a\x00\x00"])),
                                   section(10, vec([body(b"\x0b")]))),
        "start-bad-index": module(TYPE_VOID, FUNC_ONE, section(8, leb_u(5)),
                                  section(10, vec([body(b"\x0b")]))),
        "v128-const": code_module(b"\xfd\x0c" + bytes(range(16)) + b"\x1a\x0b"),
    }


# The official testsuite -------------------------------------------------------------------------

def testsuite_seeds(testsuite, wast2json, out_dir):
    count = 0
    for wast in sorted(glob.glob(os.path.join(testsuite, "*.wast"))):
        stem = os.path.splitext(os.path.basename(wast))[0]
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run([wast2json, "--no-check", wast, "-o",
                                     os.path.join(tmp, "t.json")], capture_output=True)
            if result.returncode != 0:
                continue
            with open(os.path.join(tmp, "t.json")) as f:
                commands = json.load(f)["commands"]
            for command in commands:
                name = command.get("filename")
                if not name or command.get("module_type", "binary") != "binary":
                    continue
                path = os.path.join(tmp, name)
                if os.path.exists(path) and os.path.getsize(path) <= 65536:
                    shutil.copyfile(path, os.path.join(out_dir, f"suite-{stem}-{name}"))
                    count += 1
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--source-root", default=os.path.join(here, "..", ".."))
    parser.add_argument("--wat2wasm", default="wat2wasm")
    parser.add_argument("--wast2json", default="wast2json")
    parser.add_argument("--testsuite", help="add the binary modules of this testsuite checkout")
    parser.add_argument("--testsuite-only", action="store_true",
                        help="write only the testsuite's modules")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    counts = {}

    if args.testsuite:
        counts["testsuite"] = testsuite_seeds(args.testsuite, args.wast2json, args.out)
    if args.testsuite_only:
        print(f"fuzz corpus: {counts.get('testsuite', 0)} testsuite modules in {args.out}")
        return

    # Stale seeds of a previous run would linger otherwise.
    for old in glob.glob(os.path.join(args.out, "*")):
        if not os.path.basename(old).startswith("suite-"):
            os.remove(old)

    root = os.path.abspath(args.source_root)
    failures = []
    wat_files = []
    for top in ("test", "docs", "bench"):
        wat_files += glob.glob(os.path.join(root, top, "**", "*.wat"), recursive=True)
    for path in sorted(wat_files):
        rel = os.path.relpath(path, root).replace(os.sep, "_")
        with open(path) as f:
            ok, err = assemble(args.wat2wasm, f.read(), os.path.join(args.out, f"wat-{rel}.wasm"))
        if not ok:
            failures.append(f"{path}: {err.strip().splitlines()[0] if err else 'failed'}")
    counts["wat"] = len(wat_files) - len(failures)

    table = parse_opcode_table(os.path.join(root, "include", "strata", "wasm", "Opcodes.def"))
    made = 0
    for row in table:
        if row["sig"] == "*":
            continue
        ok, err = assemble(args.wat2wasm, opcode_module(row),
                           os.path.join(args.out, f"op-{row['name']}.wasm"))
        if ok:
            made += 1
        else:
            failures.append(f"opcode {row['text']}: {err.strip().splitlines()[0]}")
    for name, text in HAND_WRITTEN.items():
        ok, err = assemble(args.wat2wasm, f"(module {text})",
                           os.path.join(args.out, f"op-{name}.wasm"), ["--debug-names"])
        if ok:
            made += 1
        else:
            failures.append(f"hand-written {name}: {err.strip()}")
    counts["opcodes"] = made

    for name, data in edge_cases().items():
        with open(os.path.join(args.out, f"edge-{name}.wasm"), "wb") as f:
            f.write(data)
    counts["edge"] = len(edge_cases())

    for failure in failures:
        print(f"fuzz corpus: skipped {failure}", file=sys.stderr)
    print("fuzz corpus: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + f" in {args.out}")


if __name__ == "__main__":
    main()
