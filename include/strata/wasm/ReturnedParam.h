// Whether a function returns one of its parameters unchanged, as C's memset, memcpy and strcpy
// return their destination, read from its code alone: a compiler that sees a call but not the
// callee (the tiered engine compiles functions one at a time) can then use the argument as the
// result. Depends on wasm/Module.h.
#pragma once

#include "strata/wasm/Module.h"

#include <cstdint>
#include <optional>

namespace strata::wasm {

/// The parameter a defined function of a validated module always returns unchanged, if any:
/// the function has one result, never writes that parameter, and every way out of it (the
/// final end, return, br to the function's label) comes right after a local.get of it.
/// Anything else (br_if or br_table to the function's label, an if's result at the end) gives
/// none, so the answer errs only towards none.
std::optional<uint32_t> returnedParam(const Module &module, uint32_t function);

} // namespace strata::wasm
