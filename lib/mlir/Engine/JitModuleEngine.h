// The jit engine's ModuleEngine (one VMContext per instance, native code installed in the
// instance's switchboard entries as it becomes ready) and CallEngine (an entry through a
// function's array thunk). Private to lib/mlir/Engine.
#pragma once

#include "ModuleCode.h"

#include "strata/engine/Engine.h"
#include "strata/mlir/Compiler.h"
#include "strata/native/Entry.h"
#include "strata/native/InstanceVMContext.h"
#include "strata/runtime/VMContext.h"

#include <memory>
#include <mutex>
#include <vector>

namespace strata::mlirtier {

class JitModuleEngine final : public engine::ModuleEngine {
public:
  /// `code` gives the instance's defined functions; `guardPages` says whether it leaves bounds
  /// checks to the memory's guard region. What is compiled already is installed now.
  JitModuleEngine(runtime::ModuleInstance &instance, std::shared_ptr<ModuleCode> code,
                  bool guardPages);
  ~JitModuleEngine() override;

  std::string_view name() const override;
  Expected<std::unique_ptr<engine::CallEngine>>
  newCallEngine(runtime::FunctionInstance &function) override;
  /// A call of a function without installed code (from native code, another engine or the
  /// host): compiles it if needed, installs it, then calls it.
  runtime::CallStatus invoke(runtime::CallContext &context, runtime::FunctionInstance &function,
                             std::span<uint64_t> argsAndResults) override;

  /// The function's array thunk, compiled and installed first if needed.
  Expected<native::ArrayThunk> prepare(runtime::FunctionInstance &function);
  runtime::VMContext *vmctx() { return &vmctx_.get(); }

private:
  native::InstanceVMContext vmctx_;
  std::shared_ptr<ModuleCode> code_;
  std::mutex installMutex_; // threads calling a function first at once install it once
};

class JitCallEngine final : public engine::CallEngine {
public:
  JitCallEngine(runtime::FunctionInstance &function, JitModuleEngine &engine)
      : function_(function), engine_(engine) {}

  runtime::CallStatus call(runtime::CallContext &context,
                           std::span<uint64_t> argsAndResults) override;
  const runtime::FunctionInstance &function() const override { return function_; }

private:
  runtime::FunctionInstance &function_;
  JitModuleEngine &engine_;
  native::ArrayThunk thunk_ = nullptr; // once prepared
};

} // namespace strata::mlirtier
