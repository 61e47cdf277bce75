#include "strata/engine/HostCallEngine.h"

#include "strata/engine/CallChecks.h"

#include <cassert>
#include <exception>

namespace strata::engine {

runtime::CallStatus HostCallEngine::call(runtime::CallContext &context,
                                         std::span<uint64_t> argsAndResults) {
  return invoke(context, function_, caller_, argsAndResults);
}

runtime::CallStatus HostCallEngine::invoke(runtime::CallContext &context,
                                           runtime::FunctionInstance &function,
                                           runtime::ModuleInstance *caller,
                                           std::span<uint64_t> argsAndResults) {
  assert(function.isHost() && "HostCallEngine runs host functions only");
  assert(argsAndResults.size() >= function.argSlots() && "argument span too small");
  if (shouldInterrupt(context))
    return interrupted(context);
  CallFrameScope frame(context);
  if (!frame.ok())
    return callStackExhausted(context);
  runtime::HostCallContext host{context, function, caller};
  // A host callback that throws must not take the process (or the engine) down with it.
  try {
    return function.hostCallback()(host, argsAndResults);
  } catch (const std::exception &e) {
    return runtime::Trap(runtime::TrapKind::HostError, e.what());
  } catch (...) {
    return runtime::Trap(runtime::TrapKind::HostError, "unknown exception");
  }
}

} // namespace strata::engine
