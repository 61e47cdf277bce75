// i32 and i64 instructions. Where LLVM's semantics are looser than Wasm's, the translation
// pins them down: shift counts are masked to the width (a count >= width is poison), division
// traps on zero and on INT_MIN / -1, and rem_s never divides by -1 (INT_MIN % -1 is UB).
#include "FunctionBuilder.h"

#include "mlir/Dialect/Math/IR/Math.h"

namespace strata::mlirtier {

using ::mlir::arith::CmpIPredicate;
using wasm::Opcode;
namespace arith = ::mlir::arith;

namespace {
// The opcode table lists the i64 comparisons and arithmetic in the same order as the i32 ones.
static_assert(unsigned(Opcode::I64GeU) - unsigned(Opcode::I64Eqz) ==
              unsigned(Opcode::I32GeU) - unsigned(Opcode::I32Eqz));
static_assert(unsigned(Opcode::I64Rotr) - unsigned(Opcode::I64Clz) ==
              unsigned(Opcode::I32Rotr) - unsigned(Opcode::I32Clz));

/// The i32 instruction that an i64 one mirrors (the operand type tells them apart), else `op`.
Opcode asI32(Opcode op) {
  unsigned code = unsigned(op);
  auto in = [code](Opcode first, Opcode last) {
    return code - unsigned(first) <= unsigned(last) - unsigned(first);
  };
  if (in(Opcode::I64Eqz, Opcode::I64GeU))
    return Opcode(code - unsigned(Opcode::I64Eqz) + unsigned(Opcode::I32Eqz));
  if (in(Opcode::I64Clz, Opcode::I64Rotr))
    return Opcode(code - unsigned(Opcode::I64Clz) + unsigned(Opcode::I32Clz));
  switch (op) {
  case Opcode::I64Extend8S:
    return Opcode::I32Extend8S;
  case Opcode::I64Extend16S:
    return Opcode::I32Extend16S;
  default:
    return op;
  }
}
} // namespace

bool FunctionBuilder::integer(Opcode op) {
  Opcode narrow = asI32(op);
  switch (narrow) {
  case Opcode::I32Eqz:
    eqz();
    return true;
  case Opcode::I32Eq:
    compare(CmpIPredicate::eq);
    return true;
  case Opcode::I32Ne:
    compare(CmpIPredicate::ne);
    return true;
  case Opcode::I32LtS:
    compare(CmpIPredicate::slt);
    return true;
  case Opcode::I32LtU:
    compare(CmpIPredicate::ult);
    return true;
  case Opcode::I32GtS:
    compare(CmpIPredicate::sgt);
    return true;
  case Opcode::I32GtU:
    compare(CmpIPredicate::ugt);
    return true;
  case Opcode::I32LeS:
    compare(CmpIPredicate::sle);
    return true;
  case Opcode::I32LeU:
    compare(CmpIPredicate::ule);
    return true;
  case Opcode::I32GeS:
    compare(CmpIPredicate::sge);
    return true;
  case Opcode::I32GeU:
    compare(CmpIPredicate::uge);
    return true;
  // math.ctlz and math.cttz are defined for 0 (they give the width), as Wasm wants.
  case Opcode::I32Clz:
    unary<::mlir::math::CountLeadingZerosOp>();
    return true;
  case Opcode::I32Ctz:
    unary<::mlir::math::CountTrailingZerosOp>();
    return true;
  case Opcode::I32Popcnt:
    unary<::mlir::math::CtPopOp>();
    return true;
  case Opcode::I32Add:
    binary<arith::AddIOp>();
    return true;
  case Opcode::I32Sub:
    binary<arith::SubIOp>();
    return true;
  case Opcode::I32Mul:
    binary<arith::MulIOp>();
    return true;
  case Opcode::I32And:
    binary<arith::AndIOp>();
    return true;
  case Opcode::I32Or:
    binary<arith::OrIOp>();
    return true;
  case Opcode::I32Xor:
    binary<arith::XOrIOp>();
    return true;
  case Opcode::I32DivS:
    divide(true, false);
    return true;
  case Opcode::I32DivU:
    divide(false, false);
    return true;
  case Opcode::I32RemS:
    divide(true, true);
    return true;
  case Opcode::I32RemU:
    divide(false, true);
    return true;
  case Opcode::I32Shl:
  case Opcode::I32ShrS:
  case Opcode::I32ShrU:
    shift(narrow);
    return true;
  case Opcode::I32Rotl:
    rotate(true);
    return true;
  case Opcode::I32Rotr:
    rotate(false);
    return true;
  case Opcode::I32Extend8S:
    extendSigned(8);
    return true;
  case Opcode::I32Extend16S:
    extendSigned(16);
    return true;
  case Opcode::I64Extend32S:
    extendSigned(32);
    return true;
  default:
    return false;
  }
}

void FunctionBuilder::compare(CmpIPredicate predicate) {
  Value rhs = pop(), lhs = pop();
  push(fromBool(emit<arith::CmpIOp>(predicate, lhs, rhs)));
}

void FunctionBuilder::eqz() {
  Value value = pop();
  push(fromBool(emit<arith::CmpIOp>(CmpIPredicate::eq, value, zeroOf(value.getType()))));
}

void FunctionBuilder::divide(bool isSigned, bool isRemainder) {
  Value rhs = pop(), lhs = pop();
  Type type = lhs.getType();
  trapIf(emit<arith::CmpIOp>(CmpIPredicate::eq, rhs, zeroOf(type)),
         wasmir::TrapKind::integer_divide_by_zero);
  if (!isSigned) {
    push(isRemainder ? emit<arith::RemUIOp>(lhs, rhs) : emit<arith::DivUIOp>(lhs, rhs));
    return;
  }
  unsigned width = type.getIntOrFloatBitWidth();
  Value isMinusOne = emit<arith::CmpIOp>(CmpIPredicate::eq, rhs, constInt(type, ~uint64_t(0)));
  if (isRemainder) {
    // x % -1 is 0 for every x, and so is x % 1, which cannot overflow.
    Value divisor = emit<arith::SelectOp>(isMinusOne, constInt(type, 1), rhs);
    push(emit<arith::RemSIOp>(lhs, divisor));
    return;
  }
  Value isMin =
      emit<arith::CmpIOp>(CmpIPredicate::eq, lhs, constInt(type, uint64_t(1) << (width - 1)));
  trapIf(emit<arith::AndIOp>(isMin, isMinusOne), wasmir::TrapKind::integer_overflow);
  push(emit<arith::DivSIOp>(lhs, rhs));
}

void FunctionBuilder::shift(Opcode op) {
  Value count = pop(), value = pop();
  Type type = value.getType();
  Value masked = emit<arith::AndIOp>(count, constInt(type, type.getIntOrFloatBitWidth() - 1));
  switch (op) {
  case Opcode::I32Shl:
    push(emit<arith::ShLIOp>(value, masked));
    break;
  case Opcode::I32ShrS:
    push(emit<arith::ShRSIOp>(value, masked));
    break;
  default:
    push(emit<arith::ShRUIOp>(value, masked));
    break;
  }
}

/// rotl(x, c) = x << (c & m) | x >> (-c & m) with m = width - 1: both counts stay below the
/// width, a count of 0 gives x | x, and LLVM recognizes the pattern as a rotate.
void FunctionBuilder::rotate(bool left) {
  Value count = pop(), value = pop();
  Type type = value.getType();
  Value mask = constInt(type, type.getIntOrFloatBitWidth() - 1);
  Value forward = emit<arith::AndIOp>(count, mask);
  Value negated = emit<arith::SubIOp>(zeroOf(type), count);
  Value backward = emit<arith::AndIOp>(negated, mask);
  Value high = left ? emit<arith::ShLIOp>(value, forward) : emit<arith::ShRUIOp>(value, forward);
  Value low = left ? emit<arith::ShRUIOp>(value, backward) : emit<arith::ShLIOp>(value, backward);
  push(emit<arith::OrIOp>(high, low));
}

void FunctionBuilder::extendSigned(unsigned fromBits) {
  Value value = pop();
  Value narrow = emit<arith::TruncIOp>(builder_.getIntegerType(fromBits), value);
  push(emit<arith::ExtSIOp>(value.getType(), narrow));
}

} // namespace strata::mlirtier
