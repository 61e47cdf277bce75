#include "strata/engine/HostCallEngine.h"

#include "strata/engine/CallChecks.h"
#include "strata/runtime/Activation.h"

#include <cassert>
#include <exception>

namespace strata::engine {

namespace {
/// A host function's run, as a profiler's sample sees it: the innermost frame.
class HostActivation final : public runtime::Activation {
public:
  explicit HostActivation(const runtime::FunctionInstance &function) : function_(function) {}
  void appendFrames(std::vector<runtime::SampledFrame> &frames,
                    std::span<const uintptr_t>) const override {
    runtime::SampledFrame frame;
    frame.tier = runtime::FrameTier::Host;
    frame.hostName = &function_.hostName();
    frames.push_back(frame);
  }

private:
  const runtime::FunctionInstance &function_;
};

/// Runs the host function; exceptions become traps.
runtime::CallStatus runHostCallback(runtime::HostCallContext &host,
                                    std::span<uint64_t> argsAndResults) {
  // A host callback that throws must not take the process (or the engine) down with it.
  try {
    return host.function.hostCallback()(host, argsAndResults);
  } catch (const std::exception &e) {
    return runtime::Trap(runtime::TrapKind::HostError, e.what());
  } catch (...) {
    return runtime::Trap(runtime::TrapKind::HostError, "unknown exception");
  }
}
} // namespace

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
  HostActivation activation(function);
  runtime::CallStatus status = runHostCallback(host, argsAndResults);
  // Samples requested while the host function ran are its time.
  if (context.isSampleRequested()) [[unlikely]]
    context.takeRequestedSamples();
  return status;
}

} // namespace strata::engine
