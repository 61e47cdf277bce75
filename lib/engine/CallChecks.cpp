#include "strata/engine/CallChecks.h"

namespace strata::engine {

runtime::Trap callStackExhausted(const runtime::CallContext &context) {
  return runtime::Trap(runtime::TrapKind::CallStackExhausted);
}

runtime::Trap interrupted(const runtime::CallContext &context) {
  // Name the cause when it was the deadline rather than an explicit request.
  if (!context.isInterruptRequested() && context.deadline())
    return runtime::Trap(runtime::TrapKind::Interrupted, "deadline exceeded");
  return runtime::Trap(runtime::TrapKind::Interrupted);
}

} // namespace strata::engine
