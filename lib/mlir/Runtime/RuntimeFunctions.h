// The runtime functions native code calls (strata/mlir/RuntimeFunctions.def), as the symbol
// table the JIT binds. Private to lib/mlir/Runtime and lib/mlir/Engine.
#pragma once

#include <span>
#include <utility>

namespace strata::mlirtier {

/// "strata_rt_<name>" and the address of its definition, for every row of the table.
std::span<const std::pair<const char *, void *>> runtimeFunctionSymbols();

} // namespace strata::mlirtier
