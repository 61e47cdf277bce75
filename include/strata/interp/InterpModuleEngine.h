// The interpreter's ModuleEngine and CallEngine. The tiered engine builds on them: its module
// engine is an interpreter module engine whose InstanceContext has tier hooks.
#pragma once

#include "strata/engine/Engine.h"
#include "strata/interp/InterpEngine.h"
#include "strata/interp/Interpreter.h"

namespace strata::interp {

class InterpModuleEngine : public engine::ModuleEngine {
public:
  InterpModuleEngine(runtime::ModuleInstance &instance, std::shared_ptr<const CompiledModule> code,
                     const InterpOptions &options);
  ~InterpModuleEngine() override;

  std::string_view name() const override { return options_.name; }
  Expected<std::unique_ptr<engine::CallEngine>>
  newCallEngine(runtime::FunctionInstance &function) override;
  runtime::CallStatus invoke(runtime::CallContext &context, runtime::FunctionInstance &function,
                             std::span<uint64_t> argsAndResults) override;

  InstanceContext &context() { return context_; }
  const InterpOptions &options() const { return options_; }

protected:
  InstanceContext context_;
  InterpOptions options_;
};

class InterpCallEngine final : public engine::CallEngine {
public:
  InterpCallEngine(runtime::FunctionInstance &function, Callee callee, const MachineConfig &config)
      : function_(function), callee_(callee), machine_(config) {}

  runtime::CallStatus call(runtime::CallContext &context,
                           std::span<uint64_t> argsAndResults) override;
  const runtime::FunctionInstance &function() const override { return function_; }

private:
  runtime::FunctionInstance &function_;
  Callee callee_;
  Machine machine_;
};

} // namespace strata::interp
