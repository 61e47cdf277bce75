// The CallEngine of a host function: calls the callback directly, counting a frame against the
// call depth limit and honouring interrupts, so embedders and tiers call host and WebAssembly
// functions through the same interface. Depends on runtime/ and engine/Engine.h.
#pragma once

#include "strata/engine/Engine.h"

namespace strata::engine {

class HostCallEngine final : public CallEngine {
public:
  /// `function` must be a host function; `caller` is what the callback sees as its caller.
  explicit HostCallEngine(runtime::FunctionInstance &function,
                          runtime::ModuleInstance *caller = nullptr)
      : function_(function), caller_(caller) {}

  runtime::CallStatus call(runtime::CallContext &context,
                           std::span<uint64_t> argsAndResults) override;
  const runtime::FunctionInstance &function() const override { return function_; }

  /// The call itself, for tiers that reach a host import without a HostCallEngine object.
  static runtime::CallStatus invoke(runtime::CallContext &context,
                                    runtime::FunctionInstance &function,
                                    runtime::ModuleInstance *caller,
                                    std::span<uint64_t> argsAndResults);

private:
  runtime::FunctionInstance &function_;
  runtime::ModuleInstance *caller_;
};

} // namespace strata::engine
