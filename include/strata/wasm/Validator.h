// The validator: the complete WebAssembly 2.0 validation algorithm over a decoded Module. On
// success it fills Module::functionInfo (locals, maximum operand height, control table, loop
// table) and sets Module::validated. Errors carry the byte offset, the function index and the
// spec's reason ("type mismatch", "unknown local 7", ...).
#pragma once

#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

namespace strata::wasm {

/// Validates the module-level rules and then every function body.
Status validateModule(Module &module);

/// Validates one defined function (index in the function index space); fills its FunctionInfo.
Status validateFunction(const Module &module, uint32_t functionIndex, FunctionInfo &info);

/// Implementation limits beyond the spec's, reported as validation errors.
constexpr uint32_t kMaxLocals = 50000;
constexpr uint32_t kMaxOperandSlots = 1u << 20;

} // namespace strata::wasm
