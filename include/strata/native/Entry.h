// Entering native code from C++ and leaving it on a trap, for every native tier. Every call
// into compiled code goes through callNative(), which records a jump target (sigsetjmp) in the
// thread's NativeLimits; a trap raised anywhere below it (runtime function, guard-page fault)
// jumps straight back there (siglongjmp). Native frames own no resources, so nothing needs
// unwinding. Between a raise and its entry there are only native Wasm frames and the raising
// runtime function, which must hold no live C++ objects when it raises. Depends on runtime/
// and engine/.
#pragma once

#include "strata/runtime/CallContext.h"
#include "strata/runtime/Trap.h"
#include "strata/runtime/VMContext.h"

#include <cstdint>

namespace strata::native {

/// callNative's `function` when the thunk enters no one Wasm function. (A plain index, not an
/// optional: an optional written to the stack in parts and read back whole cost every entry a
/// store-forwarding stall, a sixth of a call from baseline code to the MLIR tier's.)
inline constexpr uint32_t kNoFunction = UINT32_MAX;

/// How the engines call native code: the callee's arguments and results in 64-bit slots.
using ArrayThunk = void (*)(runtime::VMContext *, uint64_t *);

/// Runs `thunk(vmctx, slots)` as a call of `context`: sets the thread's limits (stack limit,
/// interrupt flag, context) for its duration and turns a trap into the returned status. A
/// context asked to stop traps before the entry, with a frame for `function` (the Wasm function
/// the thunk enters) when given.
runtime::CallStatus callNative(runtime::CallContext &context, ArrayThunk thunk,
                               runtime::VMContext *vmctx, uint64_t *slots,
                               uint32_t function = kNoFunction);

/// Unwinds to the innermost native entry with `trap` (ownership passes to the entry).
[[noreturn]] void raiseTrap(runtime::Trap *trap);

/// Marks the current thread as running host code (false) or native Wasm code (true); the
/// guard-page handler only acts on faults raised by native code. Returns the previous state.
bool setRunningNativeCode(bool running);

} // namespace strata::native
