#!/usr/bin/env python3
"""Writes a large, deterministic C program for the decode/validate benchmarks.

The program is never run; it exists so that clang turns it into a WebAssembly module whose code
looks like a real compiled program: loops, dense and sparse switches, arithmetic on every
numeric type, loads and stores of every width, structs, direct calls and calls through function
pointer tables, and floating point. The output is a header, a runtime unit (globals, tables,
memcpy/memset, since the module links without libc) and UNITS program units.

usage: gen_program.py OUT_DIR [--units N] [--functions N] [--seed N]
"""

import argparse
import bisect
import os
import random

CTYPES = {
    "i32": "int32_t", "u32": "uint32_t", "i64": "int64_t", "u64": "uint64_t",
    "f32": "float", "f64": "double",
}
INTS = ["i32", "u32", "i64", "u64"]
FLOATS = ["f32", "f64"]
NUMS = INTS + FLOATS
BITS = {"i32": 32, "u32": 32, "i64": 64, "u64": 64}

# Global arrays: (name, element type, length). Lengths are powers of two for index masking.
ARRAYS = [
    ("g_u32", "u32", 1024), ("g_i32", "i32", 1024), ("g_i64", "i64", 512),
    ("g_u64", "u64", 512), ("g_f32", "f32", 512), ("g_f64", "f64", 512),
]
# Narrow arrays read with sign or zero extension and written with wrapping stores.
NARROW = [("g_u8", "uint8_t", 4096), ("g_i8", "int8_t", 4096), ("g_u16", "uint16_t", 2048),
          ("g_i16", "int16_t", 2048)]

# Structs with mixed field types; every field is (name, kind, ctype).
STRUCTS = [
    ("Vec3", [("x", "f32"), ("y", "f32"), ("z", "f32")]),
    ("Particle", [("px", "f64"), ("py", "f64"), ("vx", "f32"), ("vy", "f32"), ("id", "u32"),
                  ("flags", "u8"), ("mass", "f64")]),
    ("Node", [("key", "i64"), ("hash", "u32"), ("left", "i32"), ("right", "i32"),
              ("weight", "f32"), ("tag", "i16")]),
    ("Account", [("balance", "i64"), ("limit", "i64"), ("rate", "f64"), ("owner", "u32"),
                 ("state", "u8"), ("history", "u32x8")]),
]
FIELD_CTYPE = {"u8": "uint8_t", "i16": "int16_t", "u32x8": "uint32_t"}
FIELD_KIND = {"u8": "u32", "i16": "i32"}

# Function pointer signatures that have dispatch tables: (name, return, params).
FNSIGS = [
    ("unop_u32", "u32", ["u32"]), ("binop_i32", "i32", ["i32", "i32"]),
    ("binop_i64", "i64", ["i64", "i64"]), ("map_f64", "f64", ["f64", "i32"]),
    ("mix_f32", "f32", ["f32", "f32", "u32"]), ("hash_u64", "u64", ["u64", "u32"]),
]
TABLE_SIZE = 64


def field_kind(kind):
    return FIELD_KIND.get(kind, kind)


class Function:
    def __init__(self, index, ret, params, sig=None):
        self.name = f"fn{index}"
        self.index = index
        self.ret = ret  # a numeric kind or None for void
        self.params = params  # list of (name, kind); kinds are numeric or "S:<struct>" / "buf"
        self.sig = sig  # FNSIGS name when the function fills a dispatch table

    def prototype(self):
        ret = CTYPES[self.ret] if self.ret else "void"
        params = ", ".join(f"{param_ctype(k)} {n}" for n, k in self.params) or "void"
        return f"{ret} {self.name}({params})"


def param_ctype(kind):
    if kind.startswith("S:"):
        return f"struct {kind[2:]} *"
    if kind == "buf":
        return "const uint8_t *"
    return CTYPES[kind]


class BodyWriter:
    """Generates one function body with random but well-typed statements and expressions."""

    def __init__(self, rng, fn, program):
        self.rng = rng
        self.fn = fn
        self.program = program
        self.lines = []
        self.vars = {k: [] for k in NUMS}
        self.structs = []  # (name, struct)
        self.bufs = []
        self.counter = 0
        self.loop_depth = 0
        for name, kind in fn.params:
            if kind.startswith("S:"):
                self.structs.append((name, kind[2:]))
            elif kind == "buf":
                self.bufs.append(name)
            else:
                self.vars[kind].append(name)

    def fresh(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def emit(self, depth, text):
        self.lines.append("  " * depth + text)

    # Expressions -------------------------------------------------------------------------------

    def const(self, kind):
        r = self.rng
        if kind in FLOATS:
            value = r.choice([0.5, 1.0, 2.0, 3.25, 0.125, 1e-3, 6.02e3, r.uniform(-100, 100)])
            return f"{value!r}f" if kind == "f32" else repr(value)
        value = r.choice([0, 1, 2, 3, 7, 8, 16, 31, 255, 1000, r.randrange(1 << 16),
                          r.randrange(1 << 31)])
        suffix = {"i32": "", "u32": "u", "i64": "ll", "u64": "ull"}[kind]
        return f"{value}{suffix}"

    def leaf(self, kind):
        r = self.rng
        choice = r.random()
        if self.vars[kind] and choice < 0.55:
            return r.choice(self.vars[kind])
        if choice < 0.70:
            name, elem, length = r.choice([a for a in ARRAYS if a[1] == kind] or ARRAYS)
            index = self.expr("u32", 1) if r.random() < 0.5 else self.any_int_var_or_const()
            load = f"{name}[({index}) & {length - 1}u]"
            return load if elem == kind else f"({CTYPES[kind]}){load}"
        if choice < 0.78 and kind in INTS:
            name, ctype, length = r.choice(NARROW)
            return f"({CTYPES[kind]}){name}[({self.any_int_var_or_const()}) & {length - 1}u]"
        if choice < 0.86 and self.structs:
            return self.struct_read(kind)
        if choice < 0.90 and self.bufs and kind in INTS:
            buf = r.choice(self.bufs)
            return f"({CTYPES[kind]}){buf}[({self.any_int_var_or_const()}) & 63u]"
        return self.const(kind)

    def any_int_var_or_const(self):
        pool = [v for k in INTS for v in self.vars[k]]
        if pool and self.rng.random() < 0.8:
            return f"(uint32_t){self.rng.choice(pool)}"
        return self.const("u32")

    def struct_read(self, kind):
        r = self.rng
        name, sname = r.choice(self.structs)
        fields = self.program.structs[sname]
        fname, fkind = r.choice(fields)
        base = name if r.random() < 0.6 else f"{name}[({self.any_int_var_or_const()}) & 3u]"
        access = f"{base}{'->' if base == name else '.'}{fname}"
        if fkind == "u32x8":
            access += f"[({self.any_int_var_or_const()}) & 7u]"
        return f"({CTYPES[kind]}){access}"

    def expr(self, kind, depth):
        r = self.rng
        if depth <= 0 or r.random() < 0.35:
            return self.leaf(kind)
        choice = r.random()
        c = CTYPES[kind]
        if choice < 0.40:
            ops = ["+", "-", "*", "&", "|", "^"] if kind in INTS else ["+", "-", "*", "/"]
            return f"({self.expr(kind, depth - 1)} {r.choice(ops)} {self.expr(kind, depth - 1)})"
        if choice < 0.50 and kind in INTS:
            op = r.choice(["<<", ">>"])
            amount = f"(({self.expr('u32', depth - 2)}) & {BITS[kind] - 1}u)"
            return f"({self.expr(kind, depth - 1)} {op} {amount})"
        if choice < 0.56 and kind in INTS:
            op = r.choice(["/", "%"])
            return f"({self.expr(kind, depth - 1)} {op} ({self.expr(kind, depth - 1)} | 1))"
        if choice < 0.64:
            return f"({self.cond(depth - 1)} ? {self.expr(kind, depth - 1)} : " \
                   f"{self.expr(kind, depth - 1)})"
        if choice < 0.74:
            other = r.choice(NUMS)
            return f"({c})({self.expr(other, depth - 1)})"
        if choice < 0.82:
            return self.builtin(kind, depth)
        if choice < 0.92:
            return self.call_expr(kind, depth)
        if kind in INTS:
            return f"(~{self.expr(kind, depth - 1)})"
        return f"(- {self.expr(kind, depth - 1)})"

    def builtin(self, kind, depth):
        r = self.rng
        arg = self.expr(kind, depth - 1)
        if kind in FLOATS:
            f = "f" if kind == "f32" else ""
            name = r.choice(["sqrt", "fabs", "floor", "ceil", "trunc", "copysign"])
            if name == "copysign":
                return f"__builtin_copysign{f}({arg}, {self.expr(kind, depth - 1)})"
            return f"__builtin_{name}{f}({arg})"
        wide = "ll" if BITS[kind] == 64 else ""
        name = r.choice(["popcount", "clz", "ctz", "rotl"])
        if name == "rotl":
            n = r.randrange(1, BITS[kind])
            u = CTYPES["u64" if wide else "u32"]
            return f"({c_cast(kind)}((({u}){arg} << {n}) | (({u}){arg} >> {BITS[kind] - n})))"
        if name == "popcount":
            return f"({c_cast(kind)}__builtin_popcount{wide}({arg}))"
        return f"({c_cast(kind)}__builtin_{name}{wide}(({arg}) | 1))"

    def call_expr(self, kind, depth):
        r = self.rng
        if r.random() < 0.3:
            sigs = [s for s in FNSIGS if s[1] == kind]
            if sigs:
                name, _, params = r.choice(sigs)
                args = ", ".join(self.expr(p, depth - 2) for p in params)
                return f"tab_{name}[({self.any_int_var_or_const()}) & {TABLE_SIZE - 1}u]({args})"
        callee = self.program.pick_callee(self.fn, kind)
        if callee is None:
            return self.leaf(kind)
        return self.call_to(callee, depth)

    def call_to(self, callee, depth):
        args = []
        for _, pkind in callee.params:
            if pkind.startswith("S:"):
                match = [n for n, s in self.structs if s == pkind[2:]]
                args.append(self.rng.choice(match) if match else
                            f"&g_{pkind[2:]}[({self.any_int_var_or_const()}) & 15u]")
            elif pkind == "buf":
                args.append(self.rng.choice(self.bufs) if self.bufs else
                            f"&g_u8[({self.any_int_var_or_const()}) & 2047u]")
            else:
                args.append(self.expr(pkind, max(0, depth - 2)))
        return f"{callee.name}({', '.join(args)})"

    def cond(self, depth):
        r = self.rng
        kind = r.choice(NUMS)
        op = r.choice(["<", "<=", ">", ">=", "==", "!="])
        c = f"({self.expr(kind, depth)} {op} {self.expr(kind, depth)})"
        if r.random() < 0.2:
            c = f"({c} {r.choice(['&&', '||'])} ({self.expr('i32', depth)} != 0))"
        return c

    # Statements --------------------------------------------------------------------------------

    def declare_locals(self, depth):
        for _ in range(self.rng.randint(2, 6)):
            kind = self.rng.choice(NUMS)
            name = self.fresh("v")
            self.emit(depth, f"{CTYPES[kind]} {name} = {self.expr(kind, 2)};")
            self.vars[kind].append(name)

    def assignable(self):
        kinds = [k for k in NUMS if self.vars[k]]
        kind = self.rng.choice(kinds)
        return self.rng.choice(self.vars[kind]), kind

    def statements(self, depth, count):
        for _ in range(count):
            self.statement(depth)

    def statement(self, depth):
        r = self.rng
        choice = r.random()
        # Compound statements thin out with depth, as in real code.
        nested = depth < 4 and r.random() < 1.0 / depth
        if choice < 0.30 or not nested:
            name, kind = self.assignable()
            op = r.choice(["=", "+=", "-=", "^="] if kind in INTS else ["=", "+=", "-=", "*="])
            self.emit(depth, f"{name} {op} {self.expr(kind, 2)};")
        elif choice < 0.42:
            self.store(depth)
        elif choice < 0.54:
            self.emit(depth, f"if {self.cond(2)} {{")
            self.statements(depth + 1, r.randint(1, 3))
            if r.random() < 0.5:
                self.emit(depth, "} else {")
                self.statements(depth + 1, r.randint(1, 3))
            self.emit(depth, "}")
        elif choice < 0.66 and self.loop_depth < 2:
            self.loop(depth)
        elif choice < 0.74:
            self.switch(depth)
        elif choice < 0.82:
            callee = self.program.pick_callee(self.fn, None)
            if callee is not None:
                self.emit(depth, f"{self.call_to(callee, 2)};")
        elif choice < 0.88 and self.structs:
            self.struct_update(depth)
        elif choice < 0.92 and self.fn.ret:
            self.emit(depth, f"if {self.cond(1)} return {self.expr(self.fn.ret, 2)};")
        else:
            name, kind = self.assignable()
            self.emit(depth, f"{name} = {self.expr(kind, 3)};")

    def store(self, depth):
        r = self.rng
        if r.random() < 0.7:
            name, elem, length = r.choice(ARRAYS)
            self.emit(depth, f"{name}[({self.any_int_var_or_const()}) & {length - 1}u] = "
                             f"{self.expr(elem, 2)};")
        else:
            name, ctype, length = r.choice(NARROW)
            self.emit(depth, f"{name}[({self.any_int_var_or_const()}) & {length - 1}u] = "
                             f"({ctype}){self.expr(r.choice(INTS), 2)};")

    def struct_update(self, depth):
        r = self.rng
        name, sname = r.choice(self.structs)
        fname, fkind = r.choice(self.program.structs[sname])
        target = f"{name}->{fname}"
        if fkind == "u32x8":
            target += f"[({self.any_int_var_or_const()}) & 7u]"
        kind = field_kind(fkind) if fkind != "u32x8" else "u32"
        ctype = FIELD_CTYPE.get(fkind, CTYPES.get(fkind))
        if r.random() < 0.15:
            other = self.fresh("copy")
            self.emit(depth, f"struct {sname} {other} = *{name};")
            self.emit(depth, f"{other}.{fname}{'[1]' if fkind == 'u32x8' else ''} = "
                             f"({ctype}){self.expr(kind, 2)};")
            self.emit(depth, f"g_{sname}[({self.any_int_var_or_const()}) & 15u] = {other};")
        else:
            self.emit(depth, f"{target} = ({ctype})({target} + {self.expr(kind, 2)});")

    def loop(self, depth):
        r = self.rng
        self.loop_depth += 1
        i = self.fresh("i")
        bound = self.any_int_var_or_const()
        shape = r.random()
        if shape < 0.5:
            self.emit(depth, f"for (uint32_t {i} = 0; {i} < (({bound}) & 255u); ++{i}) {{")
        elif shape < 0.75:
            self.emit(depth, f"uint32_t {i} = ({bound}) & 127u;")
            self.emit(depth, f"while ({i}-- > 0) {{")
        else:
            self.emit(depth, f"uint32_t {i} = 0;")
            self.emit(depth, "do {")
        self.vars["u32"].append(i)
        if r.random() < 0.5:
            name, elem, length = r.choice(ARRAYS)
            acc, kind = self.assignable()
            self.emit(depth + 1, f"{acc} += ({CTYPES[kind]}){name}[{i} & {length - 1}u] * "
                                 f"({CTYPES[kind]}){self.const(kind)};")
        self.statements(depth + 1, r.randint(1, 4))
        if r.random() < 0.2:
            self.emit(depth + 1, f"if {self.cond(1)} break;")
        self.vars["u32"].remove(i)
        if shape >= 0.75:
            self.emit(depth, f"}} while (++{i} < (({bound}) & 63u));")
        else:
            self.emit(depth, "}")
        self.loop_depth -= 1

    def switch(self, depth):
        r = self.rng
        scrutinee = self.any_int_var_or_const()
        dense = r.random() < 0.7
        count = r.randint(3, 12)
        labels = list(range(count)) if dense else sorted(r.sample(range(1000), count))
        self.emit(depth, f"switch (({scrutinee}) {'& 15u' if dense else '% 1000u'}) {{")
        for label in labels:
            self.emit(depth, f"case {label}: {{")
            self.statements(depth + 1, r.randint(1, 2))
            self.emit(depth, "}")
            if r.random() < 0.85:
                self.emit(depth + 1, "break;")
        self.emit(depth, "default:")
        self.statements(depth + 1, 1)
        self.emit(depth, "}")

    def body(self):
        self.declare_locals(1)
        self.statements(1, self.rng.randint(3, 9))
        if self.fn.ret:
            kind = self.fn.ret
            parts = [self.expr(kind, 2)] + [f"({CTYPES[kind]}){v}" for k in NUMS
                                            for v in self.vars[k][:2]]
            self.emit(1, f"return {' + '.join(parts)};")
        return self.lines


def c_cast(kind):
    return f"({CTYPES[kind]})"


class Interpreter:
    """A bytecode interpreter with a big dense switch, the shape of real dispatch loops."""

    @staticmethod
    def write(rng, index, cases):
        lines = [f"int64_t interp{index}(const uint8_t *code, uint32_t len, int64_t *stack) {{",
                 "  uint32_t pc = 0, sp = 0;", "  int64_t acc = 0;", "  while (pc < len) {",
                 "    switch (code[pc++]) {"]
        for case in range(cases):
            op = rng.choice(["+", "-", "*", "^", "&", "|"])
            kind = rng.random()
            lines.append(f"    case {case}:")
            if kind < 0.4:
                lines.append(f"      stack[sp & 255u] = stack[(sp - 1) & 255u] {op} "
                             f"stack[(sp - 2) & 255u]; ++sp;")
            elif kind < 0.7:
                lines.append(f"      acc = acc {op} (int64_t)code[pc & (len - 1)] * {case + 1};"
                             f" pc += 1;")
            elif kind < 0.85:
                lines.append(f"      if (acc {rng.choice(['<', '>', '=='])} {case}) "
                             f"pc = code[pc & (len - 1)]; else ++pc;")
            else:
                lines.append(f"      acc += (int64_t)g_f64[acc & 511] * {case}.5;")
            lines.append("      break;")
        lines += ["    default:", "      return acc;", "    }", "  }", "  return acc + sp;", "}"]
        return lines


class Program:
    def __init__(self, rng, count):
        self.rng = rng
        self.structs = dict(STRUCTS)
        self.functions = []
        self.by_ret = {k: [] for k in NUMS + [None]}
        for i in range(count):
            fn = self.make_function(i)
            self.functions.append(fn)
            self.by_ret[fn.ret].append(fn)
        self.interpreters = max(1, count // 400)

    def make_function(self, index):
        r = self.rng
        if r.random() < 0.3:
            name, ret, params = r.choice(FNSIGS)
            return Function(index, ret, [(f"p{j}", k) for j, k in enumerate(params)], name)
        ret = r.choice(NUMS + [None, "i32", "u32"])
        params = []
        for j in range(r.randint(0, 5)):
            choice = r.random()
            if choice < 0.15:
                kind = "S:" + r.choice(STRUCTS)[0]
            elif choice < 0.22:
                kind = "buf"
            else:
                kind = r.choice(NUMS)
            params.append((f"p{j}", kind))
        return Function(index, ret, params)

    def pick_callee(self, caller, ret):
        # One of the 64 nearest lower-numbered functions: the call graph stays acyclic, as in
        # most programs, and calls stay local, as between the functions of one source file.
        pool = self.by_ret[ret]
        count = bisect.bisect_left([f.index for f in pool], caller.index)
        if count == 0:
            return None
        return self.rng.choice(pool[max(0, count - 64):count])


def write_header(path, program):
    lines = ["// Generated by bench/gen/gen_program.py; do not edit.", "#pragma once",
             "typedef __INT8_TYPE__ int8_t;", "typedef __UINT8_TYPE__ uint8_t;",
             "typedef __INT16_TYPE__ int16_t;", "typedef __UINT16_TYPE__ uint16_t;",
             "typedef __INT32_TYPE__ int32_t;", "typedef __UINT32_TYPE__ uint32_t;",
             "typedef __INT64_TYPE__ int64_t;", "typedef __UINT64_TYPE__ uint64_t;",
             "typedef __SIZE_TYPE__ size_t;"]
    for name, fields in STRUCTS:
        lines.append(f"struct {name} {{")
        for fname, fkind in fields:
            if fkind == "u32x8":
                lines.append(f"  uint32_t {fname}[8];")
            else:
                lines.append(f"  {FIELD_CTYPE.get(fkind, CTYPES.get(fkind))} {fname};")
        lines.append("};")
        lines.append(f"extern struct {name} g_{name}[16];")
    for name, kind, length in ARRAYS:
        lines.append(f"extern {CTYPES[kind]} {name}[{length}];")
    for name, ctype, length in NARROW:
        lines.append(f"extern {ctype} {name}[{length}];")
    for name, ret, params in FNSIGS:
        plist = ", ".join(CTYPES[p] for p in params)
        lines.append(f"typedef {CTYPES[ret]} (*{name}_fn)({plist});")
        lines.append(f"extern const {name}_fn tab_{name}[{TABLE_SIZE}];")
    lines.append("void *memcpy(void *dst, const void *src, size_t n);")
    lines.append("void *memset(void *dst, int c, size_t n);")
    for fn in program.functions:
        lines.append(fn.prototype() + ";")
    for i in range(program.interpreters):
        lines.append(f"int64_t interp{i}(const uint8_t *code, uint32_t len, int64_t *stack);")
    write(path, lines)


def write_runtime(path, program):
    lines = ['#include "prog.h"', ""]
    for name, _ in STRUCTS:
        lines.append(f"struct {name} g_{name}[16];")
    for name, kind, length in ARRAYS:
        lines.append(f"{CTYPES[kind]} {name}[{length}];")
    for name, ctype, length in NARROW:
        lines.append(f"{ctype} {name}[{length}];")
    for name, _, _ in FNSIGS:
        members = [f.name for f in program.functions if f.sig == name] or ["0"]
        entries = ", ".join(members[i % len(members)] for i in range(TABLE_SIZE))
        lines.append(f"const {name}_fn tab_{name}[{TABLE_SIZE}] = {{{entries}}};")
    # Byte loops here would be recognized as memcpy/memset and call themselves.
    lines += [
        "__attribute__((no_builtin)) void *memcpy(void *dst, const void *src, size_t n) {",
        "  uint8_t *d = dst; const uint8_t *s = src;",
        "  while (n--) *d++ = *s++;", "  return dst;", "}",
        "__attribute__((no_builtin)) void *memset(void *dst, int c, size_t n) {",
        "  uint8_t *d = dst;", "  while (n--) *d++ = (uint8_t)c;", "  return dst;", "}",
    ]
    for i in range(program.interpreters):
        lines += Interpreter.write(program.rng, i, program.rng.randint(80, 250))
    write(path, lines)


def write(path, lines):
    text = "\n".join(lines) + "\n"
    # Leave unchanged files alone so a re-run does not trigger recompilation.
    if os.path.exists(path):
        with open(path) as f:
            if f.read() == text:
                return
    with open(path, "w") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--units", type=int, default=8)
    parser.add_argument("--functions", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=20240501)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    rng = random.Random(args.seed)
    program = Program(rng, args.functions)
    write_header(os.path.join(args.out_dir, "prog.h"), program)
    write_runtime(os.path.join(args.out_dir, "prog_rt.c"), program)
    per_unit = (len(program.functions) + args.units - 1) // args.units
    for unit in range(args.units):
        lines = ['#include "prog.h"', ""]
        for fn in program.functions[unit * per_unit:(unit + 1) * per_unit]:
            body = BodyWriter(rng, fn, program).body()
            attr = "__attribute__((noinline)) " if rng.random() < 0.5 else ""
            lines += [f"{attr}{fn.prototype()} {{"] + body + ["}", ""]
        write(os.path.join(args.out_dir, f"prog_{unit}.c"), lines)


if __name__ == "__main__":
    main()
