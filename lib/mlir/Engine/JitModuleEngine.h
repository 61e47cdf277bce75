// The jit engine's ModuleEngine (one VMContext per instance, native code installed in the
// instance's switchboard entries) and CallEngine (an entry through a function's array thunk).
// Private to lib/mlir/Engine.
#pragma once

#include "strata/engine/Engine.h"
#include "strata/mlir/Compiler.h"
#include "strata/mlir/NativeEntry.h"
#include "strata/runtime/VMContext.h"

#include <memory>
#include <vector>

namespace strata::mlirtier {

class JitModuleEngine final : public engine::ModuleEngine {
public:
  /// `code` holds every defined function of the instance's module; `guardPages` says whether
  /// it leaves bounds checks to the memory's guard region.
  JitModuleEngine(runtime::ModuleInstance &instance,
                  std::shared_ptr<const NativeCode> code, bool guardPages);
  ~JitModuleEngine() override;

  std::string_view name() const override;
  Expected<std::unique_ptr<engine::CallEngine>>
  newCallEngine(runtime::FunctionInstance &function) override;

  const NativeCode &code() const { return *code_; }

private:
  InstanceVMContext vmctx_;
  std::shared_ptr<const NativeCode> code_;
};

class JitCallEngine final : public engine::CallEngine {
public:
  using ArrayThunk = void (*)(runtime::VMContext *, uint64_t *);
  JitCallEngine(runtime::FunctionInstance &function, ArrayThunk thunk, runtime::VMContext *vmctx)
      : function_(function), thunk_(thunk), vmctx_(vmctx) {}

  runtime::CallStatus call(runtime::CallContext &context,
                           std::span<uint64_t> argsAndResults) override;
  const runtime::FunctionInstance &function() const override { return function_; }

private:
  runtime::FunctionInstance &function_;
  ArrayThunk thunk_;
  runtime::VMContext *vmctx_;
};

} // namespace strata::mlirtier
