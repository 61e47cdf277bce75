#!/usr/bin/env python3
"""Turns the compiled stencils (Stencils.cpp's object file) into C++ tables: each stencil's
machine code, the holes the emitter patches, and the read-only data it refers to.

    extract_stencils.py LLVM_READOBJ LLVM_OBJDUMP OBJECT OUTPUT

Fails, naming the stencil, on anything the emitter could not place: a relocation type it does
not patch, a call into code that is not a stencil, or data that itself needs relocating.

A guarded stencil (`guarded_` + a memory row) that touches the stack pointer, calls, or
(aarch64) uses the link register is left out, so the emitter uses the row's checked stencil:
the fault handler returns from a guarded stencil's chain with the state at the chain's entry."""

import json
import re
import subprocess
import sys

PREFIX = "strata_stencil_"
GUARDED = "guarded_"

# Instructions a guarded stencil must not contain, by objdump's spelling. x86-64's red zone
# (below the stack pointer, which stays put) is allowed.
RED_ZONE = re.compile(r"-0x[0-9a-f]+\(%rsp")
FRAME_INSTRUCTIONS = {
    "x86_64": re.compile(r"%[re]?sp\b|\b(push|pop|call|ret|leave)"),
    "aarch64": re.compile(r"\bsp\b|\b(x30|w30|lr)\b|\b(bl|blr|ret)\b"),
}

# Relocation types -> the emitter's Patch kinds (StencilTable.h).
PATCHES = {
    "R_X86_64_32": "Abs32",
    "R_X86_64_32S": "Abs32",
    "R_X86_64_64": "Abs64",
    "R_X86_64_PC32": "Rel32",
    "R_X86_64_PLT32": "Rel32",
    "R_AARCH64_ABS64": "Abs64",
    "R_AARCH64_MOVW_UABS_G0_NC": "MovwG0",
    "R_AARCH64_MOVW_UABS_G1_NC": "MovwG1",
    "R_AARCH64_MOVW_UABS_G2_NC": "MovwG2",
    "R_AARCH64_MOVW_UABS_G3": "MovwG3",
    "R_AARCH64_JUMP26": "Branch26",
    "R_AARCH64_CALL26": "Branch26",
    "R_AARCH64_CONDBR19": "Branch19",
}


def fail(message):
    sys.exit("extract_stencils.py: " + message)


def hole_value(name):
    """(Value kind, index) of a hole symbol, or None for another symbol."""
    for pattern, kind in ((r"STRATA_SLOT(\d+)", "Slot"), (r"STRATA_IMM(\d+)", "Imm"),
                          (r"STRATA_TARGET(\d+)", "Target")):
        match = re.fullmatch(pattern, name)
        if match:
            return kind, int(match.group(1))
    fixed = {"STRATA_CODE_OFFSET": "CodeOffset", "STRATA_CONTINUE": "Continue",
             "STRATA_ADDR": "Addr", "STRATA_ADDR_LO": "AddrLo", "STRATA_ADDR_HI": "AddrHi"}
    return (fixed[name], 0) if name in fixed else None


def frameful_guarded_stencils(objdump, obj, machine, names):
    """The guarded stencils whose code touches the stack pointer or the link register."""
    listing = subprocess.run([objdump, "-d", "--no-show-raw-insn",
                              "--disassemble-symbols=" + ",".join(PREFIX + n for n in names), obj],
                             check=True, capture_output=True, text=True).stdout
    forbidden = FRAME_INSTRUCTIONS[machine]
    current, seen, frameful = None, set(), set()
    for line in listing.splitlines():
        header = re.match(r"[0-9a-f]+ <(\w+)>:", line)
        if header:
            current = header.group(1)[len(PREFIX):]
            seen.add(current)
        elif current and ":" in line and forbidden.search(RED_ZONE.sub("", line.split(":", 1)[1])):
            frameful.add(current)
    if seen != set(names):
        fail(f"objdump listed no code for {sorted(set(names) - seen)}")
    return frameful


def main():
    readobj, objdump, obj, output = sys.argv[1:5]
    dump = subprocess.run([readobj, "--elf-output-style=JSON", "--sections", "--section-data",
                           "--relocations", "--symbols", obj],
                          check=True, capture_output=True, text=True).stdout
    elf = json.loads(dump)[0]
    sections = {s["Section"]["Index"]: s["Section"] for s in elf["Sections"]}
    symbols = [s["Symbol"] for s in elf["Symbols"]]
    machine = elf["FileSummary"]["Arch"]
    relocations = {}  # target section index -> relocations
    for group in elf["Relocations"]:
        rela = sections[group["SectionIndex"]]
        relocations[rela["Info"]] = [r["Relocation"] for r in group["Relocs"]]

    stencils = []  # (name, code bytes, holes, data bytes)
    externals = []
    for symbol in symbols:
        name = symbol["Name"]["Name"]
        if symbol["Type"]["Name"] != "Function":
            continue
        if not name.startswith(PREFIX):
            fail(f"function `{name}` is not a stencil: a stencil must inline what it calls")
        section = sections[symbol["Section"]["Value"]]
        code = list(section["SectionData"]["Bytes"])
        holes, data, data_at = [], [], {}
        for reloc in relocations.get(section["Index"], []):
            kind = reloc["Type"]["Name"]
            if kind not in PATCHES:
                fail(f"{name}: relocation {kind} is not patched by the emitter")
            target = symbols[reloc["Symbol"]["Value"]]
            target_name = target["Name"]["Name"]
            addend = reloc["Addend"]
            if addend >= 1 << 63:
                addend -= 1 << 64
            defined = target["Section"]["Name"] not in ("Undefined",)
            if hole_value(target_name):
                value, index = hole_value(target_name)
            elif defined:
                data_section = sections[target["Section"]["Value"]]
                if not data_section["Name"]["Name"].startswith(".rodata"):
                    fail(f"{name}: refers to `{target_name}` in {data_section['Name']['Name']}")
                if data_section["Index"] in relocations:
                    fail(f"{name}: its data {data_section['Name']['Name']} needs relocating")
                if data_section["Index"] not in data_at:
                    while len(data) % max(1, data_section["AddressAlignment"]):
                        data.append(0)
                    data_at[data_section["Index"]] = len(data)
                    data.extend(data_section["SectionData"]["Bytes"])
                value, index = "Data", 0
                addend += data_at[data_section["Index"]] + target["Value"]
            else:
                if target_name not in externals:
                    externals.append(target_name)
                value, index = "External", externals.index(target_name)
            holes.append((reloc["Offset"], PATCHES[kind], value, index, addend))
        # A final jump to the next instruction's code is dropped: the next stencil follows.
        ends_in_continue = False
        if holes and holes[-1][2] == "Continue":
            offset = holes[-1][0]
            if machine == "x86_64" and offset == len(code) - 4 and code[offset - 1] == 0xE9:
                code, ends_in_continue = code[:offset - 1], True
            elif machine == "aarch64" and offset == len(code) - 4 and code[offset + 3] & 0xFC == 0x14:
                code, ends_in_continue = code[:offset], True
            if ends_in_continue:
                holes.pop()
        stencils.append((name[len(PREFIX):], code, holes, data))

    guarded = [name for name, _, _, _ in stencils if name.startswith(GUARDED)]
    if not guarded:
        fail("no guarded stencils")
    frameful = frameful_guarded_stencils(objdump, obj, machine, guarded)
    stencils = [stencil for stencil in stencils if stencil[0] not in frameful]

    with open(output, "w") as out:
        out.write("// Generated by extract_stencils.py from Stencils.cpp's object file; do not edit.\n")
        out.write("// Guarded stencils left out (they use a frame): "
                  f"{', '.join(sorted(frameful)) or 'none'}\n")
        for name in externals:
            out.write(f'extern "C" char {name}[];\n')
        out.write("namespace strata::baseline {\n")
        for name, code, holes, data in stencils:
            out.write(f"static const uint8_t kCode{name}[] = {{{','.join(map(str, code))}}};\n")
            if holes:
                rows = ",".join(f"{{{o},Patch::{p},HoleValue::{v},{i},{a}}}" for o, p, v, i, a in holes)
                out.write(f"static const Hole kHoles{name}[] = {{{rows}}};\n")
            if data:
                out.write(f"static const uint8_t kData{name}[] = {{{','.join(map(str, data))}}};\n")
        out.write("const StencilEntry kStencilEntries[] = {\n")
        for name, code, holes, data in stencils:
            holes_ref = f"kHoles{name}, {len(holes)}" if holes else "nullptr, 0"
            data_ref = f"kData{name}, {len(data)}" if data else "nullptr, 0"
            out.write(f'  {{"{name}", {{kCode{name}, {len(code)}, {holes_ref}, {data_ref}}}}},\n')
        out.write("};\n")
        out.write(f"const size_t kStencilEntryCount = {len(stencils)};\n")
        out.write("const ExternalSymbol kExternalSymbols[] = {\n")
        for name in externals:
            out.write(f'  {{"{name}", reinterpret_cast<const void *>(&::{name})}},\n')
        out.write("  {nullptr, nullptr}};\n")
        out.write("} // namespace strata::baseline\n")


if __name__ == "__main__":
    main()
