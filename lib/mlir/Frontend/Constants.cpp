// Constants, bit-exact: integers from their two's complement bits, floats from their IEEE bit
// patterns, so NaN payloads and the sign of zero survive.
#include "FunctionBuilder.h"

#include "llvm/ADT/APFloat.h"

namespace strata::mlirtier {

using wasm::Opcode;

/// The low bits of `bits` that a value of `type` holds.
static llvm::APInt lowBits(Type type, uint64_t bits) {
  unsigned width = type.getIntOrFloatBitWidth();
  return llvm::APInt(width, width == 64 ? bits : bits & ((uint64_t(1) << width) - 1));
}

Value FunctionBuilder::constInt(Type type, uint64_t bits) {
  return emit<::mlir::arith::ConstantOp>(::mlir::IntegerAttr::get(type, lowBits(type, bits)));
}

Value FunctionBuilder::constBits(Type type, uint64_t bits) {
  if (type.isInteger())
    return constInt(type, bits);
  const llvm::fltSemantics &semantics =
      type.isF32() ? llvm::APFloat::IEEEsingle() : llvm::APFloat::IEEEdouble();
  return emit<::mlir::arith::ConstantOp>(
      ::mlir::FloatAttr::get(type, llvm::APFloat(semantics, lowBits(type, bits))));
}

Value FunctionBuilder::zeroOf(Type type) {
  if (auto vector = ::mlir::dyn_cast<::mlir::VectorType>(type))
    return emit<::mlir::arith::ConstantOp>(::mlir::DenseElementsAttr::get(
        vector, builder_.getZeroAttr(vector.getElementType())));
  if (type.isInteger())
    return constInt(type, 0);
  return emit<::mlir::arith::ConstantOp>(::mlir::FloatAttr::get(type, 0.0));
}

bool FunctionBuilder::constant(const wasm::Instruction &ins) {
  switch (ins.op) {
  case Opcode::I32Const:
    push(constInt(i32_, ins.bits));
    return true;
  case Opcode::I64Const:
    push(constInt(i64_, ins.bits));
    return true;
  case Opcode::F32Const:
    push(constBits(f32_, ins.bits));
    return true;
  case Opcode::F64Const:
    push(constBits(f64_, ins.bits));
    return true;
  default:
    return false;
  }
}

} // namespace strata::mlirtier
