// The stencils as data: machine code with holes, generated at build time from Stencils.cpp by
// extract_stencils.py. Private to lib/baseline.
#pragma once

#include <cstddef>
#include <cstdint>

namespace strata::baseline {

/// How a hole's bytes are patched: the relocation types the stencils' object files use.
enum class Patch : uint8_t {
  Abs32,    // 32 bits, the value (x86-64 R_X86_64_32, R_X86_64_32S)
  Abs64,    // 64 bits, the value
  Rel32,    // 32 bits, value minus the hole's address (x86-64 PC32, PLT32)
  MovwG0,   // aarch64 movz/movk: 16 bits of the value, from bit 0, 16, 32, 48
  MovwG1,
  MovwG2,
  MovwG3,
  Branch26, // aarch64 b/bl: (value - address) / 4 in 26 bits
  Branch19, // aarch64 b.cond: (value - address) / 4 in 19 bits
};

/// What a hole receives (Stencils.cpp names the holes).
enum class HoleValue : uint8_t {
  Slot,       // operand word `index` times 8
  Imm,        // operand word `index`
  Target,     // the code of the branch target in operand word `index`
  CodeOffset, // the instruction's offset in the interpreter code
  Continue,   // the next instruction's code
  Addr,       // the instruction's jump table
  AddrLo,     // its low and high 32 bits
  AddrHi,
  Data,       // the stencil's read-only data, plus the addend
  External,   // host function kExternalSymbols[index]
};

struct Hole {
  uint32_t offset;
  Patch patch;
  HoleValue value;
  uint16_t index;
  int64_t addend;
};

struct Stencil {
  const uint8_t *code = nullptr;
  uint32_t size = 0;
  const Hole *holes = nullptr;
  uint32_t numHoles = 0;
  const uint8_t *data = nullptr;
  uint32_t dataSize = 0;
};

struct StencilEntry {
  const char *name; // the interpreter instruction (OpList.def), or "enter"
  Stencil stencil;
};

struct ExternalSymbol {
  const char *name;
  const void *address;
};

extern const StencilEntry kStencilEntries[];
extern const size_t kStencilEntryCount;
extern const ExternalSymbol kExternalSymbols[]; // ends with a null entry

} // namespace strata::baseline
