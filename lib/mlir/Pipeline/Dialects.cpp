#include "strata/mlir/Dialect/Wasm/IR/WasmDialect.h"
#include "strata/mlir/Frontend/WasmToMLIR.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/IR/MemRefMemorySlot.h"
#include "mlir/IR/DialectRegistry.h"

namespace strata::mlirtier {

void loadStrataDialects(::mlir::MLIRContext &context) {
  ::mlir::DialectRegistry registry;
  // memref.alloca is promotable by mem2reg only with these models attached.
  ::mlir::memref::registerMemorySlotExternalModels(registry);
  context.appendDialectRegistry(registry);
  context.loadDialect<wasmir::WasmDialect, ::mlir::arith::ArithDialect,
                      ::mlir::cf::ControlFlowDialect, ::mlir::func::FuncDialect,
                      ::mlir::LLVM::LLVMDialect, ::mlir::math::MathDialect,
                      ::mlir::memref::MemRefDialect>();
}

} // namespace strata::mlirtier
