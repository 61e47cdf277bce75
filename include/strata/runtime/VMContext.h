// The VMContext: what native code of one module instance reads, at fixed offsets, to reach its
// memory, globals, functions, tables and type ids, and the per-thread NativeLimits (stack
// limit, interrupt flag, the innermost native entry), which native code finds at the thread
// pointer plus VMContext::limitsThreadOffset. The native tiers emit loads at exactly these
// offsets; the static_asserts below pin them. Depends on runtime/ only.
#pragma once

#include "strata/runtime/Function.h"
#include "strata/runtime/Memory.h"
#include "strata/runtime/Table.h"

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace strata::runtime {

class CallContext;
class ModuleInstance;

/// One per thread (threadNativeLimits()): the native code a thread runs, of whatever store, is
/// bounded by that thread's stack and call. Threads may run the same instance's code at once.
struct NativeLimits {
  static constexpr size_t kStackLimitOffset = 0;
  static constexpr size_t kInterruptFlagOffset = 8;
  static constexpr size_t kDepthLeftOffset = 32;

  /// Native code traps with "call stack exhausted" when its frame would lie below this address.
  uintptr_t stackLimit = 0;
  /// The running call's interrupt flag; while a deadline is set, a flag that is always set, so
  /// every poll reaches the runtime, which asks the CallContext.
  const std::atomic<bool> *interruptFlag = nullptr;
  /// The running call's context; null outside native code.
  CallContext *context = nullptr;
  /// The innermost native entry, where a trap unwinds to (opaque outside lib/native).
  void *innermostEntry = nullptr;
  /// Frames native code may still enter before the CallContext's depth limit: each function
  /// entry takes one, each return gives it back. The running call's depth is thus
  /// maxCallDepth - depthLeft.
  int64_t depthLeft = 0;
};

/// One per instance run by native code. Function i's switchboard entry is functions[i]'s
/// NativeEntry (Function.h); globals[i] points at global i's value slots (Global.h).
struct VMContext {
  static constexpr size_t kMemoryOffset = 0;
  static constexpr size_t kGlobalsOffset = 8;
  static constexpr size_t kFunctionsOffset = 16;
  static constexpr size_t kTablesOffset = 24;
  static constexpr size_t kTypeIdsOffset = 32;
  static constexpr size_t kLimitsThreadOffset = 40;
  static constexpr size_t kInstanceOffset = 48;
  static constexpr size_t kCountersOffset = 56;

  MemoryInstance *memory = nullptr; // memory 0: base at MemoryInstance::kBaseOffset
  uint64_t *const *globals = nullptr;
  FunctionInstance *const *functions = nullptr;
  TableInstance *const *tables = nullptr; // elements at TableInstance::kDataOffset
  const uint32_t *typeIds = nullptr;      // canonical id of each type index
  /// threadNativeLimits() minus the thread pointer: the same in every thread.
  intptr_t limitsThreadOffset = 0;
  ModuleInstance *instance = nullptr;
  uint64_t *counters = nullptr; // tiering counters (wasm.counter), null when not counting
};

static_assert(offsetof(VMContext, memory) == VMContext::kMemoryOffset);
static_assert(offsetof(VMContext, globals) == VMContext::kGlobalsOffset);
static_assert(offsetof(VMContext, functions) == VMContext::kFunctionsOffset);
static_assert(offsetof(VMContext, tables) == VMContext::kTablesOffset);
static_assert(offsetof(VMContext, typeIds) == VMContext::kTypeIdsOffset);
static_assert(offsetof(VMContext, limitsThreadOffset) == VMContext::kLimitsThreadOffset);
static_assert(offsetof(VMContext, instance) == VMContext::kInstanceOffset);
static_assert(offsetof(VMContext, counters) == VMContext::kCountersOffset);
/// The calling thread's limits.
NativeLimits &threadNativeLimits();
/// Where threadNativeLimits() lies relative to the thread pointer (%fs:0 on x86-64,
/// TPIDR_EL0 on aarch64); constant for the process, since the limits are in static TLS.
intptr_t nativeLimitsThreadOffset();

static_assert(offsetof(NativeLimits, stackLimit) == NativeLimits::kStackLimitOffset);
static_assert(offsetof(NativeLimits, interruptFlag) == NativeLimits::kInterruptFlagOffset);
static_assert(offsetof(NativeLimits, depthLeft) == NativeLimits::kDepthLeftOffset);
static_assert(offsetof(NativeEntry, code) == NativeEntry::kCodeOffset);
static_assert(offsetof(NativeEntry, context) == NativeEntry::kContextOffset);
static_assert(offsetof(NativeEntry, typeId) == NativeEntry::kTypeIdOffset);

} // namespace strata::runtime
