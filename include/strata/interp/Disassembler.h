// A readable listing of interpreter code, one instruction per line: its word offset, the
// WebAssembly offset it came from, the instruction and its operand words. For tests, tools and
// debugging. Depends on interp/Code.h.
#pragma once

#include "strata/interp/Code.h"

#include <string>
#include <vector>

namespace strata::interp {

std::string disassemble(const CompiledFunction &function);

/// The instruction names of `function`'s code, in order.
std::vector<std::string> instructionNames(const CompiledFunction &function);

} // namespace strata::interp
