//===- ConvertWasmToLLVM.cpp - the convert-wasm-to-llvm pass --------------===//
// Lowers every wasm op to llvm dialect ops, declares the strata_rt_* functions it calls and
// adds each function's array thunk. Arithmetic, control flow, func and memref are left to the
// upstream conversions that follow (WasmToLLVM.h).
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h"

namespace strata::wasmir {
#define GEN_PASS_DEF_CONVERTWASMTOLLVM
#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h.inc"
} // namespace strata::wasmir

using namespace mlir;
using namespace strata::mlirtier::lowering;

namespace {

struct ConvertWasmToLLVMPass : strata::wasmir::impl::ConvertWasmToLLVMBase<ConvertWasmToLLVMPass> {
  using ConvertWasmToLLVMBase::ConvertWasmToLLVMBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    ModuleLowering lowering(
        module, {guardPages, directCalls, pollMarkers, exactTraps, probeStoreEnds, volatileLoads});
    auto *dialect = getContext().getLoadedDialect<strata::wasmir::WasmDialect>();
    for (Operation &op : llvm::make_early_inc_range(*module.getBody())) {
      auto func = dyn_cast<FunctionOpInterface>(op);
      if (!func || func.isExternal())
        continue;
      // Collected first: lowering splits blocks and adds new ones.
      SmallVector<Operation *> wasmOps;
      func.walk([&](Operation *nested) {
        if (nested->getDialect() == dialect)
          wasmOps.push_back(nested);
      });
      if (wasmOps.empty())
        continue;
      if (func.getNumArguments() == 0 ||
          !isa<LLVM::LLVMPointerType>(func.getArgument(0).getType())) {
        func.emitOpError("uses wasm ops but has no VMContext (!llvm.ptr) first argument");
        return signalPassFailure();
      }
      FunctionLowering functionLowering(lowering, func);
      for (Operation *wasmOp : wasmOps)
        if (failed(functionLowering.lower(wasmOp)))
          return signalPassFailure();
    }
    addArrayThunks(lowering);
  }
};

} // namespace
