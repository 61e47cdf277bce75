// The entry into the dispatch loop (Interpreter.cpp), for Machine. Private to lib/interp.
#pragma once

#include "strata/interp/Interpreter.h"

namespace strata::interp {

/// Runs `function` in the frame at `fp` until it returns (true) or traps (false, with the site
/// in the machine).
bool runDispatch(Machine &machine, const CompiledFunction &function, InstanceContext &context,
                 uint64_t *fp);

} // namespace strata::interp
