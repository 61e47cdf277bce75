// strata-opt: mlir-opt with Strata's dialects, the wasm passes, the lowering pipeline and the
// upstream passes the MLIR tier runs, so each stage can be run alone (lit tests, debugging).
#include "strata/mlir/Conversion/WasmToLLVM.h"
#include "strata/mlir/Dialect/Wasm/IR/WasmDialect.h"
#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/IR/MemRefMemorySlot.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<strata::wasmir::WasmDialect, mlir::arith::ArithDialect,
                  mlir::cf::ControlFlowDialect, mlir::func::FuncDialect, mlir::LLVM::LLVMDialect,
                  mlir::math::MathDialect, mlir::memref::MemRefDialect>();
  mlir::memref::registerMemorySlotExternalModels(registry);

  strata::wasmir::registerWasmPasses();
  strata::mlirtier::registerLowerToLLVMPasses();
  // The upstream passes the pipeline runs (Pipeline/MlirStages.cpp), and the per-dialect
  // conversions strata-upstream-to-llvm combines, to run each alone.
  mlir::registerMem2RegPass();
  mlir::registerSROAPass();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerArithToLLVMConversionPass();
  mlir::registerConvertMathToLLVMPass();
  mlir::registerConvertControlFlowToLLVMPass();
  mlir::registerConvertFuncToLLVMPass();
  mlir::registerFinalizeMemRefToLLVMConversionPass();
  mlir::registerReconcileUnrealizedCastsPass();

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Strata's MLIR optimizer driver\n", registry));
}
