// f32 and f64 instructions. Each maps to one arith or math op with Wasm's semantics:
// minimumf/maximumf propagate NaN and order -0 below +0, abs, neg and copysign only touch the
// sign bit, roundeven is nearest, and ne is the unordered comparison (true for NaN).
//
// One gap remains between LLVM's floats and Wasm's: a NaN result must be quiet, while LLVM may
// hand a signalling NaN through unchanged where it folds an identity (x - 0, x * 1, x / -1 to
// x or -x) or computes minimum/maximum. Those cases quiet NaNs explicitly (quietNaN): min and
// max always, identities when the constant is an operand right in the Wasm code (a constant
// that reaches the operation through a local is still folded).
#include "FunctionBuilder.h"

#include "mlir/Dialect/Math/IR/Math.h"

namespace strata::mlirtier {

using ::mlir::arith::CmpFPredicate;
using wasm::Opcode;
namespace arith = ::mlir::arith;
namespace math = ::mlir::math;

namespace {
// The opcode table lists the f64 comparisons and arithmetic in the same order as the f32 ones.
static_assert(unsigned(Opcode::F64Ge) - unsigned(Opcode::F64Eq) ==
              unsigned(Opcode::F32Ge) - unsigned(Opcode::F32Eq));
static_assert(unsigned(Opcode::F64Copysign) - unsigned(Opcode::F64Abs) ==
              unsigned(Opcode::F32Copysign) - unsigned(Opcode::F32Abs));

/// The f32 instruction that an f64 one mirrors (the operand type tells them apart), else `op`.
Opcode asF32(Opcode op) {
  unsigned code = unsigned(op);
  auto in = [code](Opcode first, Opcode last) {
    return code - unsigned(first) <= unsigned(last) - unsigned(first);
  };
  if (in(Opcode::F64Eq, Opcode::F64Ge))
    return Opcode(code - unsigned(Opcode::F64Eq) + unsigned(Opcode::F32Eq));
  if (in(Opcode::F64Abs, Opcode::F64Copysign))
    return Opcode(code - unsigned(Opcode::F64Abs) + unsigned(Opcode::F32Abs));
  return op;
}

/// True for the constants that make an arithmetic operation an identity or a negation when
/// LLVM and MLIR fold it: +-0 and +-1.
bool isIdentityConstant(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return false;
  const llvm::APFloat &x = llvm::cast<::mlir::FloatAttr>(constant.getValue()).getValue();
  return x.isZero() || x.isExactlyValue(1.0) || x.isExactlyValue(-1.0);
}

/// The predicate of an f32 comparison (ne is true for NaN operands, the others false).
CmpFPredicate comparison(Opcode op) {
  switch (op) {
  case Opcode::F32Eq:
    return CmpFPredicate::OEQ;
  case Opcode::F32Ne:
    return CmpFPredicate::UNE;
  case Opcode::F32Lt:
    return CmpFPredicate::OLT;
  case Opcode::F32Gt:
    return CmpFPredicate::OGT;
  case Opcode::F32Le:
    return CmpFPredicate::OLE;
  default:
    return CmpFPredicate::OGE;
  }
}
} // namespace

Value FunctionBuilder::quietNaN(Value result, Value lhs, Value rhs) {
  Value isNaN = emit<arith::CmpFOp>(CmpFPredicate::UNO, lhs, rhs);
  Value quiet = emit<arith::AddFOp>(lhs, rhs); // a NaN operand gives a quiet NaN
  return emit<arith::SelectOp>(isNaN, quiet, result);
}

template <typename OpTy> void FunctionBuilder::arithmetic() {
  Value rhs = pop(), lhs = pop();
  Value result = emit<OpTy>(lhs, rhs);
  if (isIdentityConstant(rhs))
    result = quietNaN(result, lhs, lhs);
  else if (isIdentityConstant(lhs))
    result = quietNaN(result, rhs, rhs);
  push(result);
}

template <typename OpTy> void FunctionBuilder::minMax() {
  Value rhs = pop(), lhs = pop();
  push(quietNaN(emit<OpTy>(lhs, rhs), lhs, rhs));
}

bool FunctionBuilder::floating(Opcode op) {
  Opcode narrow = asF32(op);
  switch (narrow) {
  case Opcode::F32Eq:
  case Opcode::F32Ne:
  case Opcode::F32Lt:
  case Opcode::F32Gt:
  case Opcode::F32Le:
  case Opcode::F32Ge: {
    Value rhs = pop(), lhs = pop();
    push(fromBool(emit<arith::CmpFOp>(comparison(narrow), lhs, rhs)));
    return true;
  }
  case Opcode::F32Abs:
    unary<math::AbsFOp>();
    return true;
  case Opcode::F32Neg:
    unary<arith::NegFOp>();
    return true;
  case Opcode::F32Ceil:
    unary<math::CeilOp>();
    return true;
  case Opcode::F32Floor:
    unary<math::FloorOp>();
    return true;
  case Opcode::F32Trunc:
    unary<math::TruncOp>();
    return true;
  case Opcode::F32Nearest:
    unary<math::RoundEvenOp>();
    return true;
  case Opcode::F32Sqrt:
    unary<math::SqrtOp>();
    return true;
  case Opcode::F32Add:
    arithmetic<arith::AddFOp>();
    return true;
  case Opcode::F32Sub:
    arithmetic<arith::SubFOp>();
    return true;
  case Opcode::F32Mul:
    arithmetic<arith::MulFOp>();
    return true;
  case Opcode::F32Div:
    arithmetic<arith::DivFOp>();
    return true;
  case Opcode::F32Min:
    minMax<arith::MinimumFOp>();
    return true;
  case Opcode::F32Max:
    minMax<arith::MaximumFOp>();
    return true;
  case Opcode::F32Copysign:
    binary<math::CopySignOp>();
    return true;
  default:
    return false;
  }
}

} // namespace strata::mlirtier
