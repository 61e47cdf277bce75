#include "JitModuleEngine.h"

#include "strata/mlir/NativeEntry.h"

#include "strata/engine/CallChecks.h"
#include "strata/engine/Registry.h"

#include <cassert>

namespace strata::mlirtier {

JitModuleEngine::JitModuleEngine(runtime::ModuleInstance &instance,
                                 std::shared_ptr<const NativeCode> code, bool guardPages)
    : engine::ModuleEngine(instance), vmctx_(instance, guardPages), code_(std::move(code)) {
  const wasm::Module &module = instance.module();
  for (uint32_t i = module.numImportedFunctions; i < module.numFunctions(); ++i)
    instance.function(i)->installNativeCode(code_->function(i), &vmctx_.get());
}

JitModuleEngine::~JitModuleEngine() = default;

std::string_view JitModuleEngine::name() const { return engine::kJitEngine; }

Expected<std::unique_ptr<engine::CallEngine>>
JitModuleEngine::newCallEngine(runtime::FunctionInstance &function) {
  if (function.module() != &instance_ || function.isHost())
    return Error("jit: " + function.displayName() + " is not a function of this instance");
  auto thunk = reinterpret_cast<JitCallEngine::ArrayThunk>(code_->arrayThunk(function.index()));
  if (!thunk)
    return Error("jit: no compiled code for " + function.displayName());
  return std::unique_ptr<engine::CallEngine>(
      std::make_unique<JitCallEngine>(function, thunk, &vmctx_.get()));
}

runtime::CallStatus JitCallEngine::call(runtime::CallContext &context,
                                        std::span<uint64_t> argsAndResults) {
  assert(argsAndResults.size() >= function_.argSlots() && "argument span too small");
  engine::CallFrameScope frame(context);
  if (!frame.ok())
    return engine::callStackExhausted(context);
  return callNative(context, thunk_, vmctx_, argsAndResults.data());
}

} // namespace strata::mlirtier
