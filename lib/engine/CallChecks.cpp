#include "strata/engine/CallChecks.h"

#include "strata/runtime/Instance.h"

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

runtime::Trap interruptedAtEntry(const runtime::CallContext &context,
                                 const runtime::ModuleInstance &instance, uint32_t function) {
  runtime::Trap trap = interrupted(context);
  runtime::TrapFrame entry;
  entry.module = instance.name();
  entry.function = function;
  entry.functionName = instance.module().functionName(function);
  trap.trace().push_back(std::move(entry));
  return trap;
}

} // namespace strata::engine
