// A check that enough native stack is left for one more nested run of the interpreter: calls
// from WebAssembly into host functions (which may call back into WebAssembly) recurse on the
// native stack, so deep host/WebAssembly recursion must trap before it overflows it.
// Private to lib/interp.
#pragma once

#include <cstddef>

namespace strata::interp {

/// Stack a nested run may use before the next check: the interpreter's own frames and a host
/// function's.
constexpr size_t kNativeStackReserve = size_t(256) << 10;

/// True when the calling thread has more than kNativeStackReserve bytes of stack left.
bool hasNativeStackLeft();

} // namespace strata::interp
