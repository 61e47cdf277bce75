// Evaluation of constant expressions (global initializers, segment offsets and element items):
// t.const, ref.null, ref.func, global.get, and i32/i64 add, sub and mul. Depends on wasm/.
#pragma once

#include "strata/runtime/Value.h"
#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

namespace strata::runtime {

class ModuleInstance;

/// Evaluates `expr` in `instance`, whose functions and the globals the expression reads must
/// already be allocated. Fails unless the expression leaves exactly one value of `type`.
Expected<Value> evaluateConstExpr(const wasm::ConstExpr &expr, wasm::ValType type,
                                  const ModuleInstance &instance);

} // namespace strata::runtime
