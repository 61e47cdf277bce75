#include "strata/interp/InterpModuleEngine.h"

#include <cassert>

namespace strata::interp {

InterpModuleEngine::InterpModuleEngine(runtime::ModuleInstance &instance,
                                       std::shared_ptr<const CompiledModule> code,
                                       const InterpOptions &options)
    : engine::ModuleEngine(instance), options_(options) {
  const wasm::Module &module = instance.module();
  context_.instance = &instance;
  context_.code = std::move(code);
  context_.memory = instance.memories().empty() ? nullptr : instance.memory(0);
  for (runtime::GlobalInstance *global : instance.globals())
    context_.globals.push_back(global->slots());
  context_.tables.assign(instance.tables().begin(), instance.tables().end());
  for (uint32_t i = 0; i < module.types.size(); ++i)
    context_.typeIds.push_back(instance.typeId(i));
  for (uint32_t i = 0; i < module.numFunctions(); ++i) {
    runtime::FunctionInstance &function = *instance.function(i);
    if (module.isImportedFunction(i))
      context_.functions.push_back(resolveCallee(function));
    else
      context_.functions.push_back({&context_.code->function(i), &context_, &function});
  }
  if (options_.frameCompiler)
    context_.runsFrameCode = options_.frameCompiler->attach(instance);
}

InterpModuleEngine::~InterpModuleEngine() {
  if (options_.frameCompiler)
    options_.frameCompiler->detach(instance_);
}

Expected<std::unique_ptr<engine::CallEngine>>
InterpModuleEngine::newCallEngine(runtime::FunctionInstance &function) {
  if (function.module() != &instance_ || function.isHost())
    return Error("interp: " + function.displayName() + " is not a function of this instance");
  return std::unique_ptr<engine::CallEngine>(std::make_unique<InterpCallEngine>(
      function, context_.functions[function.index()], options_.machine));
}

runtime::CallStatus InterpModuleEngine::invoke(runtime::CallContext &context,
                                              runtime::FunctionInstance &function,
                                              std::span<uint64_t> argsAndResults) {
  if (function.module() != &instance_ || function.isHost())
    return engine::ModuleEngine::invoke(context, function, argsAndResults);
  return callInterpreted(context, context_.functions[function.index()], argsAndResults,
                         options_.machine);
}

runtime::CallStatus InterpCallEngine::call(runtime::CallContext &context,
                                           std::span<uint64_t> argsAndResults) {
  assert(argsAndResults.size() >= function_.argSlots() && "argument span too small");
  return machine_.call(context, callee_, argsAndResults);
}

Callee resolveCallee(runtime::FunctionInstance &function) {
  if (!function.isHost())
    if (InstanceContext *context = interpContext(*function.module()))
      return context->functions[function.index()];
  return {nullptr, nullptr, &function};
}

InstanceContext *interpContext(runtime::ModuleInstance &instance) {
  auto *engine = dynamic_cast<InterpModuleEngine *>(instance.moduleEngine());
  return engine ? &engine->context() : nullptr;
}

const CompiledModule *interpCode(runtime::ModuleInstance &instance) {
  InstanceContext *context = interpContext(instance);
  return context ? context->code.get() : nullptr;
}

} // namespace strata::interp
