#!/usr/bin/env python3
"""The wabt reference of the differential fuzzer: runs one module in wabt's spectest-interp and
prints the common output protocol (README.md), without memory and global lines.

spectest-interp prints floats with "%f" and references as store indices, so the module runs
between two small modules of our own: a shim registered as "fuzzing-support" whose log-*
functions pass bit patterns to the spectest print functions, and a wrapper with one export per
exported function that calls it with zero arguments and returns floats as integer bit patterns
and references as ref.is_null. Prints `unsupported` for a module wabt cannot load.

usage: wabt_exec.py FILE.wasm
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

VALUE_TYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64", 0x7B: "v128",
               0x70: "funcref", 0x6F: "externref"}
LOG_IMPORTS = {"log-i32", "log-i64", "log-f32", "log-f64"}
HANG_LIMIT = "hangLimitInitializer"

SHIM = """(module
  (import "spectest" "print_i32" (func $i32 (param i32)))
  (import "spectest" "print_i64" (func $i64 (param i64)))
  (import "spectest" "print_i32_f32" (func $f32 (param i32 f32)))
  (import "spectest" "print" (func $f64_next))
  (func (export "log-i32") (param i32) local.get 0 call $i32)
  (func (export "log-i64") (param i64) local.get 0 call $i64)
  (func (export "log-f32") (param f32) local.get 0 i32.reinterpret_f32 f32.const 0 call $f32)
  (func (export "log-f64") (param f64)
    call $f64_next local.get 0 i64.reinterpret_f64 call $i64))
"""

# wabt's trap messages, in the canonical kinds of the protocol.
TRAP_KINDS = [
    ("unreachable", "unreachable"),
    ("out of bounds memory access", "memory-out-of-bounds"),
    ("out of bounds table access", "table-out-of-bounds"),
    ("undefined table index", "table-out-of-bounds"),
    ("uninitialized table element", "indirect-call"),
    ("indirect call signature mismatch", "indirect-call"),
    ("null reference", "null-reference"),
    ("integer divide by zero", "integer-divide-by-zero"),
    ("integer overflow", "integer-overflow"),
    ("invalid conversion to integer", "invalid-conversion"),
    ("call stack exhausted", "call-stack-exhausted"),
    ("value stack exhausted", "call-stack-exhausted"),
]


class Reader:
    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def byte(self):
        self.pos += 1
        return self.data[self.pos - 1]

    def uleb(self):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return result

    def name(self):
        length = self.uleb()
        self.pos += length
        return self.data[self.pos - length:self.pos].decode("utf-8", "replace")

    def value_type(self):
        code = self.byte()
        if code not in VALUE_TYPES:
            raise ValueError(f"unknown value type 0x{code:02x}")
        return VALUE_TYPES[code]

    def limits(self):
        flags = self.byte()
        self.uleb()
        if flags & 1:
            self.uleb()


def parse_module(data):
    """Returns (imports, function types, exports) of a binary module."""
    reader = Reader(data, 8)
    types, functions, imports, exports = [], [], [], []
    while reader.pos < len(data):
        section = reader.byte()
        size = reader.uleb()
        end = reader.pos + size
        if section == 1:
            for _ in range(reader.uleb()):
                if reader.byte() != 0x60:
                    raise ValueError("unknown type form")
                params = [reader.value_type() for _ in range(reader.uleb())]
                results = [reader.value_type() for _ in range(reader.uleb())]
                types.append((params, results))
        elif section == 2:
            for _ in range(reader.uleb()):
                module, field, kind = reader.name(), reader.name(), reader.byte()
                imports.append((module, field, kind))
                if kind == 0:
                    functions.append(types[reader.uleb()])
                elif kind == 1:
                    reader.byte()
                    reader.limits()
                elif kind == 2:
                    reader.limits()
                else:
                    reader.value_type()
                    reader.byte()
        elif section == 3:
            functions.extend(types[reader.uleb()] for _ in range(reader.uleb()))
        elif section == 7:
            for _ in range(reader.uleb()):
                exports.append((reader.name(), reader.byte(), reader.uleb()))
        reader.pos = end
    return imports, functions, exports


def wat_string(text):
    return '"' + "".join(chr(b) if 0x20 <= b < 0x7F and b not in b'"\\' else f"\\{b:02x}"
                         for b in text.encode("utf-8")) + '"'


ZERO = {"i32": "i32.const 0", "i64": "i64.const 0", "f32": "f32.const 0", "f64": "f64.const 0",
        "funcref": "ref.null func", "externref": "ref.null extern"}
WRAPPED = {"i32": ("i32", ""), "i64": ("i64", ""), "f32": ("i32", "i32.reinterpret_f32"),
           "f64": ("i64", "i64.reinterpret_f64"), "funcref": ("i32", "ref.is_null"),
           "externref": ("i32", "ref.is_null")}


def wrapper_wat(calls):
    """One export "wN" per (name, (params, results)): calls it and returns plain integers."""
    imports, funcs = [], []
    for n, (name, (params, results)) in enumerate(calls):
        signature = "".join(f" (param {t})" for t in params) + "".join(
            f" (result {t})" for t in results)
        imports.append(f'  (import "fuzz" {wat_string(name)} (func $f{n}{signature}))')
        body = [ZERO[t] for t in params] + [f"call $f{n}"]
        body += [f"local.set {i}" for i in reversed(range(len(results)))]
        for i, t in enumerate(results):
            body += [f"local.get {i}"] + ([WRAPPED[t][1]] if WRAPPED[t][1] else [])
        result_types = "".join(f" (result {WRAPPED[t][0]})" for t in results)
        local_types = "".join(f" (local {t})" for t in results)
        funcs.append(f'  (func (export "w{n}"){result_types}{local_types}\n    '
                     + "\n    ".join(body) + ")")
    return "(module\n" + "\n".join(imports + funcs) + ")\n"


def trap_kind(message):
    for text, kind in TRAP_KINDS:
        if message.startswith(text):
            return kind
    return "other:" + " ".join(message.split())


def to_signed(value, bits):
    value = int(value)
    return value - (1 << bits) if value >= 1 << (bits - 1) else value


def format_value(type_name, raw):
    """raw: the wrapper's integer for a value of type_name, as spectest-interp prints it."""
    if type_name in ("i32", "i64"):
        return f"{type_name}:{to_signed(raw, int(type_name[1:]))}"
    if type_name == "f32":
        bits = int(raw) & 0xFFFFFFFF
        return "f32:nan" if (bits & 0x7F800000) == 0x7F800000 and bits & 0x7FFFFF \
            else f"f32:0x{bits:08x}"
    if type_name == "f64":
        bits = int(raw) & 0xFFFFFFFFFFFFFFFF
        nan = (bits >> 52) & 0x7FF == 0x7FF and bits & ((1 << 52) - 1)
        return "f64:nan" if nan else f"f64:0x{bits:016x}"
    return f"{type_name}:{'null' if int(raw) else 'nonnull'}"


def strip_type(value):
    """'i32:42' -> '42'."""
    return value.split(":", 1)[1]


def parse_output(stdout, calls, out):
    """Turns spectest-interp's lines into protocol lines; returns False if instantiation failed."""
    next_is_f64 = False
    for line in stdout.splitlines():
        if line.startswith("called host spectest."):
            function, _, rest = line[len("called host spectest."):].partition("(")
            args = rest.rsplit(")", 1)[0].split(", ")
            if function == "print":
                next_is_f64 = True
            elif function == "print_i32":
                out.append("log " + format_value("i32", strip_type(args[0])))
            elif function == "print_i32_f32":
                out.append("log " + format_value("f32", strip_type(args[0])))
            elif function == "print_i64":
                out.append("log " + format_value("f64" if next_is_f64 else "i64",
                                                 strip_type(args[0])))
                next_is_f64 = False
        elif line.startswith("w") and "() =>" in line:
            index = int(line[1:line.index("(")])
            results = calls[index][1][1]
            text = line.split("() =>", 1)[1].strip()
            if text.startswith("error: "):
                out.append("trap " + trap_kind(text[len("error: "):]))
            else:
                raws = [strip_type(v) for v in text.split(", ")] if text else []
                out.append(" ".join(["result"] + [format_value(t, raw)
                                                  for t, raw in zip(results, raws)]))
        elif line.startswith("fuzz.wast:3: error instantiating module"):
            message = line.split(": ", 2)[-1].strip('"')
            kind = trap_kind(message)
            out[:] = [("instantiate-trap " + kind) if not kind.startswith("other:")
                      else "instantiate-error"]
            return False
    return True


def run(path):
    data = open(path, "rb").read()
    try:
        imports, functions, exports = parse_module(data)
    except (ValueError, IndexError) as error:
        print(f"cannot parse {path}: {error}", file=sys.stderr)
        return ["unsupported"]
    if any(module != "fuzzing-support" or field not in LOG_IMPORTS or kind != 0
           for module, field, kind in imports):
        return ["unsupported"]
    calls = [(name, functions[index]) for name, kind, index in exports
             if kind == 0 and name != HANG_LIMIT]
    # Like JavaScript, this harness passes no v128 (generate.make_js_compatible removes such
    # exports); inside the module v128 is fine.
    if any(t == "v128" for _, (params, results) in calls for t in params + results):
        return ["unsupported"]
    has_hang_limit = any(kind == 0 and name == HANG_LIMIT for name, kind, _ in exports)

    work = tempfile.mkdtemp(prefix="wabt-exec-")
    try:
        for name, text in (("shim", SHIM), ("wrapper", wrapper_wat(calls))):
            with open(os.path.join(work, name + ".wat"), "w") as f:
                f.write(text)
            subprocess.run(["wat2wasm", name + ".wat", "-o", name + ".wasm"], cwd=work,
                           check=True, capture_output=True)
        shutil.copyfile(path, os.path.join(work, "fuzz.wasm"))
        commands = [
            {"type": "module", "line": 1, "name": "$shim", "filename": "shim.wasm"},
            {"type": "register", "line": 2, "name": "$shim", "as": "fuzzing-support"},
            {"type": "module", "line": 3, "name": "$fuzz", "filename": "fuzz.wasm"},
            {"type": "register", "line": 4, "name": "$fuzz", "as": "fuzz"},
            {"type": "module", "line": 5, "name": "$wrapper", "filename": "wrapper.wasm"},
        ]
        for n in range(len(calls)):
            if has_hang_limit:
                commands.append(_invoke("$fuzz", HANG_LIMIT))
            commands.append(_invoke("$wrapper", f"w{n}"))
        with open(os.path.join(work, "script.json"), "w") as f:
            json.dump({"source_filename": "fuzz.wast", "commands": commands}, f)
        interp = subprocess.run(["spectest-interp", "script.json"], cwd=work,
                                capture_output=True, text=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if interp.returncode < 0:
        sys.stderr.write(interp.stderr)
        sys.exit(f"spectest-interp died with signal {-interp.returncode}")
    raw = []
    if not parse_output(interp.stdout, calls, raw):
        return raw
    if "fuzz.wast:3:" in interp.stdout or "fuzz.wast:5:" in interp.stdout:
        return ["unsupported"]
    out, call_index = [], 0
    for line in raw:  # put a `call` line before each call's logs
        if call_index < len(calls) and (not out or out[-1].startswith(("result", "trap"))):
            out.append(f"call {calls[call_index][0]}")
            call_index += 1
        out.append(line)
    for name, _ in calls[call_index:]:
        out.append(f"call {name}")
    return out


def _invoke(module, field):
    return {"type": "action", "line": 10, "action": {"type": "invoke", "module": module,
                                                     "field": field, "args": []},
            "expected": []}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print("\n".join(run(sys.argv[1])))


if __name__ == "__main__":
    main()
