//===- UpstreamToLLVM.cpp - memref, arith, math, cf, func to llvm ---------===//
// The upstream conversions the pipeline needs after convert-wasm-to-llvm, as one dialect
// conversion: one walk and one pattern set instead of a pass per dialect, which matters when
// the JIT compiles small units.
//===----------------------------------------------------------------------===//
#include "strata/mlir/Conversion/WasmToLLVM.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace strata::mlirtier {

namespace {
struct UpstreamToLLVMPass : PassWrapper<UpstreamToLLVMPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(UpstreamToLLVMPass)

  StringRef getArgument() const final { return "strata-upstream-to-llvm"; }
  StringRef getName() const final { return "UpstreamToLLVM"; }
  StringRef getDescription() const final {
    return "memref, arith, math, cf and func to the llvm dialect in one conversion";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<LLVM::LLVMDialect>();
  }

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    LLVMTypeConverter converter(context);
    RewritePatternSet patterns(context);
    populateFinalizeMemRefToLLVMConversionPatterns(converter, patterns);
    arith::populateArithToLLVMConversionPatterns(converter, patterns);
    populateMathToLLVMConversionPatterns(converter, patterns);
    cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);
    populateFuncToLLVMConversionPatterns(converter, patterns);
    LLVMConversionTarget target(*context);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

std::unique_ptr<Pass> createUpstreamToLLVMPass() { return std::make_unique<UpstreamToLLVMPass>(); }

} // namespace strata::mlirtier
