// The memories whose guard regions the fault handler turns into traps. Any number of them:
// the table grows by chunks that are never freed, so the handler can walk it without locks
// (async-signal-safe) while writers, under a mutex, add and remove memories.
#pragma once

#include <cstdint>

namespace strata::runtime {
class MemoryInstance;
}

namespace strata::native {

/// True when `address` lies in the reservation of a registered memory. Async-signal-safe.
bool isGuardedAddress(uintptr_t address);

/// How many memories are registered now, and the most there were at once.
struct GuardedMemoryCounts {
  uint64_t registered = 0;
  uint64_t peak = 0;
};
GuardedMemoryCounts guardedMemoryCounts();

} // namespace strata::native
