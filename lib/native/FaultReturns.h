// The fault handler's lookup of registered fault-return sites (GuardPages.h). Private to
// lib/native.
#pragma once

#include <cstdint>

namespace strata::native {

/// The value a fault at `pc` returns, when `pc` lies in a registered site. Async-signal-safe.
bool faultReturnValue(uintptr_t pc, uint64_t &value);

} // namespace strata::native
