// What the entry into native code, the trap path and the fault handler share on one thread:
// the innermost entry, where a trap jumps to, and whether native Wasm code runs now. Private to
// lib/native.
#pragma once

#include "strata/runtime/Trap.h"

#include <csetjmp>

namespace strata::native {

/// One active entry into native code, on the C++ stack of callNative.
struct EntryFrame {
  sigjmp_buf jump;
  runtime::Trap *trap = nullptr;             // set by raiseTrap before jumping
  runtime::TrapKind faultKind = runtime::TrapKind::MemoryOutOfBounds; // set by the signal handler
  bool fromSignal = false;
};

/// The thread's innermost entry (null outside native code) and whether native Wasm code runs
/// now, rather than the runtime or a host function it called. Async-signal-safe.
EntryFrame *innermostEntryFrame();
bool isRunningNativeCode();

/// The alternate signal stack of the calling thread, once the fault handler is installed: a
/// fault on an exhausted stack needs another stack to run the handler on.
void installAlternateStackIfHandled();

} // namespace strata::native
