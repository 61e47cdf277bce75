// The interpreter's instruction set (OpList.def) as an enum, the handler address of each
// instruction, and how each WebAssembly numeric or memory opcode maps onto it. Private to
// lib/interp.
#pragma once

#include "strata/wasm/Opcode.h"

#include <array>
#include <cstdint>

namespace strata::interp {

enum class Op : uint16_t {
#define INTERP_ENTRY(Name) Name,
#include "OpList.def"
  None,
};
constexpr unsigned kOpCount = unsigned(Op::None);

/// The dispatch loop's handler addresses, indexed by Op (Interpreter.cpp).
const void *const *handlerTable();
inline const void *handlerAddress(Op op) { return handlerTable()[unsigned(op)]; }
/// True for instructions that can trap or call: the translator records their WebAssembly
/// offsets for stack traces.
extern const std::array<bool, kOpCount> kMayTrap;
inline bool mayTrap(Op op) { return kMayTrap[unsigned(op)]; }
/// The op for a handler address, or Op::None: for disassembly and tests.
Op opForHandler(const void *handler);
const char *opName(Op op);
/// The operand words of the instruction at `pc` (after its two handler words).
unsigned operandWords(Op op, const uint32_t *pc);

/// The forms a WebAssembly opcode translates to; Op::None where a form does not exist.
struct OpForms {
  Op op = Op::None;   // operands in slots
  Op imm = Op::None;  // right operand an immediate
  Op brIf = Op::None; // compare and branch when true
  Op brIfImm = Op::None;
  Op brIfLoop = Op::None; // the same as loop back-edges
  Op brIfImmLoop = Op::None;
};
extern const std::array<OpForms, wasm::kOpcodeCount> kOpForms;
inline const OpForms &formsOf(wasm::Opcode opcode) { return kOpForms[unsigned(opcode)]; }

} // namespace strata::interp
