// The tiered engine's ModuleEngine: an interpreter module engine whose InstanceContext carries
// tier hooks (interp/TierHooks.h), plus the instance's VMContext for native code. Calls into
// the instance, from the host, from native code or from the interpreter, go to native code once
// it is installed. Private to lib/tiering.
#pragma once

#include "ModuleTiering.h"

#include "strata/interp/InterpModuleEngine.h"
#include "strata/native/Entry.h"
#include "strata/native/InstanceVMContext.h"
#include "strata/runtime/VMContext.h"

#include <memory>
#include <vector>

namespace strata::tiering {

class TieredModuleEngine final : public interp::InterpModuleEngine, public interp::TierHooks {
public:
  TieredModuleEngine(runtime::ModuleInstance &instance, std::shared_ptr<ModuleTiering> tiering);
  ~TieredModuleEngine() override;

  std::string_view name() const override;
  Expected<std::unique_ptr<engine::CallEngine>>
  newCallEngine(runtime::FunctionInstance &function) override;
  runtime::CallStatus invoke(runtime::CallContext &context, runtime::FunctionInstance &function,
                             std::span<uint64_t> argsAndResults) override;

  Outcome onCall(runtime::CallContext &context, const interp::CompiledFunction &function,
                 interp::InstanceContext &instance, uint64_t *slots,
                 std::unique_ptr<runtime::Trap> &trap) override;
  Outcome onBackEdge(runtime::CallContext &context, const interp::CompiledFunction &function,
                     interp::InstanceContext &instance, const interp::LoopHeader &loop,
                     uint64_t *frame, std::unique_ptr<runtime::Trap> &trap) override;

  /// Calls one of the instance's functions from outside the interpreter: native code when
  /// installed, else `machine` (or the thread's own when null).
  runtime::CallStatus run(runtime::CallContext &context, runtime::FunctionInstance &function,
                          std::span<uint64_t> argsAndResults, interp::Machine *machine);

  runtime::VMContext &vmctx() { return vmctx_.get(); }
  ModuleTiering &tiering() { return *tiering_; }
  /// Native calls counted per function (with statistics), else empty.
  const std::vector<uint64_t> &nativeCounters() const { return counters_; }

private:
  /// Enters `thunk`, which runs (a continuation of) function `function`.
  Outcome callNativeCode(runtime::CallContext &context, native::ArrayThunk thunk,
                         uint32_t function, uint64_t *slots, std::unique_ptr<runtime::Trap> &trap);

  std::shared_ptr<ModuleTiering> tiering_;
  native::InstanceVMContext vmctx_;
  std::vector<uint64_t> counters_;
};

class TieredCallEngine final : public engine::CallEngine {
public:
  TieredCallEngine(TieredModuleEngine &engine, runtime::FunctionInstance &function)
      : engine_(engine), function_(function), machine_(engine.options().machine) {}

  runtime::CallStatus call(runtime::CallContext &context,
                           std::span<uint64_t> argsAndResults) override {
    return engine_.run(context, function_, argsAndResults, &machine_);
  }
  const runtime::FunctionInstance &function() const override { return function_; }

private:
  TieredModuleEngine &engine_;
  runtime::FunctionInstance &function_;
  interp::Machine machine_;
};

} // namespace strata::tiering
