// The baseline tier's code as text, for `strata compile --tier=baseline --emit=asm`: each
// interpreter instruction (as interp/Disassembler.h lists it) above the machine code of its
// stencil's copy. The machine code is disassembled by a function the caller passes, so that
// this area does not depend on LLVM. Depends on interp/ and wasm/.
#pragma once

#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace strata::baseline {

/// Machine code shown at `address` as assembly text, one instruction per line, each line
/// starting with the instruction's address in hex (leading spaces allowed).
using Disassembler =
    std::function<Expected<std::string>(std::span<const uint8_t> code, uint64_t address)>;

/// The baseline code of function `function` (index in the function index space) of a
/// validated module, or of every defined function; with `guardPages`, without bounds checks;
/// without `tierAbove`, as the baseline engine runs it (no countdowns at back-edges or calls).
Expected<std::string> listBaselineCode(const std::shared_ptr<const wasm::Module> &module,
                                       std::optional<uint32_t> function, bool guardPages,
                                       bool tierAbove, const Disassembler &disassemble);

} // namespace strata::baseline
