// The runtime functions native code calls (RuntimeFunctions.def), as the symbol table a native
// tier binds its code's calls to.
#pragma once

#include <span>
#include <utility>

namespace strata::native {

/// "strata_rt_<name>" and the address of its definition, for every row of the table.
std::span<const std::pair<const char *, void *>> runtimeFunctionSymbols();

} // namespace strata::native
