// The checks every tier makes at function entries and loop back-edges (DESIGN decision 6):
// call depth against the CallContext's limit, and interruption (an interrupt request or a passed
// deadline). Cheap inline functions; the slow parts (building the trap) are out of line.
// Depends on runtime/.
#pragma once

#include "strata/runtime/CallContext.h"
#include "strata/runtime/Trap.h"

namespace strata::runtime {
class ModuleInstance;
}

namespace strata::engine {

/// The trap for a call past the context's depth limit.
runtime::Trap callStackExhausted(const runtime::CallContext &context);
/// The trap for an interrupted or timed-out call.
runtime::Trap interrupted(const runtime::CallContext &context);
/// interrupted() at the entry of `function` of `instance`, which its trace names.
runtime::Trap interruptedAtEntry(const runtime::CallContext &context,
                                 const runtime::ModuleInstance &instance, uint32_t function);

/// Counts a frame on entry to a function; false when the depth limit is reached, in which case
/// the caller traps with callStackExhausted() and must not call leaveCall().
[[nodiscard]] inline bool enterCall(runtime::CallContext &context) {
  return context.enterFrame();
}
inline void leaveCall(runtime::CallContext &context) { context.leaveFrame(); }

/// True when execution must stop with interrupted(): polled at function entries and loop
/// back-edges.
[[nodiscard]] inline bool shouldInterrupt(runtime::CallContext &context) {
  return context.shouldStop();
}

/// Counts one frame for its scope: construct, test ok(), and the frame is left on destruction.
class CallFrameScope {
public:
  explicit CallFrameScope(runtime::CallContext &context)
      : context_(context), entered_(context.enterFrame()) {}
  ~CallFrameScope() {
    if (entered_)
      context_.leaveFrame();
  }
  CallFrameScope(const CallFrameScope &) = delete;
  CallFrameScope &operator=(const CallFrameScope &) = delete;

  bool ok() const { return entered_; }

private:
  runtime::CallContext &context_;
  bool entered_;
};

} // namespace strata::engine
