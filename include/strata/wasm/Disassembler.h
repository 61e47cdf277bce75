// Text-format listing of function bodies, driven by the opcode table. Used by `strata inspect`
// and by tests; depends on wasm/ only.
#pragma once

#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <string>

namespace strata::wasm {

/// One instruction in text format, immediates included ("i32.load offset=8 align=4").
std::string formatInstruction(const Instruction &instruction);

/// The body of a defined function, one instruction per line, each prefixed with its byte
/// offset and indented by block depth. Fails on a body the decoder did not check (bad opcode).
Expected<std::string> disassembleFunction(const Module &module, uint32_t functionIndex);

} // namespace strata::wasm
