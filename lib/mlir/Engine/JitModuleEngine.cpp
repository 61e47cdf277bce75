#include "JitModuleEngine.h"

#include "strata/engine/CallChecks.h"
#include "strata/engine/Registry.h"
#include "strata/runtime/Activation.h"
#include "strata/runtime/Trap.h"

#include <cassert>

namespace strata::mlirtier {

JitModuleEngine::JitModuleEngine(runtime::ModuleInstance &instance,
                                 std::shared_ptr<ModuleCode> code, bool guardPages)
    : engine::ModuleEngine(instance), vmctx_(instance, guardPages), code_(std::move(code)) {
  const wasm::Module &module = instance.module();
  for (uint32_t i = module.numImportedFunctions; i < module.numFunctions(); ++i)
    if (std::optional<ModuleCode::Function> ready = code_->ready(i))
      instance.function(i)->installNativeCode(ready->native, &vmctx_.get());
}

JitModuleEngine::~JitModuleEngine() = default;

std::string_view JitModuleEngine::name() const { return engine::kJitEngine; }

Expected<native::ArrayThunk> JitModuleEngine::prepare(runtime::FunctionInstance &function) {
  auto code = code_->get(function.index());
  if (!code)
    return code.takeError();
  if (!code->thunk)
    return Error("jit: no compiled code for " + function.displayName());
  if (!function.nativeCode()) {
    std::lock_guard lock(installMutex_);
    if (!function.nativeCode()) {
      function.installNativeCode(code->native, &vmctx_.get());
      code_->calledFirstTime(function.index());
    }
  }
  return code->thunk;
}

Expected<std::unique_ptr<engine::CallEngine>>
JitModuleEngine::newCallEngine(runtime::FunctionInstance &function) {
  if (function.module() != &instance_ || function.isHost())
    return Error("jit: " + function.displayName() + " is not a function of this instance");
  return std::unique_ptr<engine::CallEngine>(std::make_unique<JitCallEngine>(function, *this));
}

runtime::CallStatus JitModuleEngine::invoke(runtime::CallContext &context,
                                            runtime::FunctionInstance &function,
                                            std::span<uint64_t> argsAndResults) {
  JitCallEngine callEngine(function, *this);
  return callEngine.call(context, argsAndResults);
}

runtime::CallStatus JitCallEngine::call(runtime::CallContext &context,
                                        std::span<uint64_t> argsAndResults) {
  assert(argsAndResults.size() >= function_.argSlots() && "argument span too small");
  if (!thunk_) {
    // Compiling at the first call is this call's time, as a profile shows it.
    runtime::WorkActivation compiling(context, engine_.instance().module(), function_.index(),
                                      runtime::FrameTier::Compile);
    auto thunk = engine_.prepare(function_);
    if (!thunk)
      return runtime::Trap(runtime::TrapKind::HostError, thunk.error().message());
    thunk_ = *thunk;
  }
  engine::CallFrameScope frame(context);
  if (!frame.ok())
    return engine::callStackExhausted(context);
  return native::callNative(context, thunk_, engine_.vmctx(), argsAndResults.data(), function_.index());
}

} // namespace strata::mlirtier
