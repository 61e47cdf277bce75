// The defined functions a function body calls by index, as the validator recorded them
// (FunctionInfo::calls): the jit engine compiles them ahead of their first call, the tiered
// engine asks for them when a loop tiers up. Depends on wasm/Module.h.
#pragma once

#include "strata/wasm/Module.h"

#include <cstdint>
#include <functional>

namespace strata::wasm {

/// Calls `visit` with the index of each defined function that a `call` in the validated body
/// of `function` names, in code order from byte `from` of the module (the whole body when
/// 0); imported callees are left out, a callee called twice comes twice.
/// Stops when `visit` returns false.
void forEachDirectCallee(const Module &module, uint32_t function, uint64_t from,
                         const std::function<bool(uint32_t callee)> &visit);

} // namespace strata::wasm
