// Conversions between the value types. Float to integer truncation goes through wasm.trunc,
// which carries Wasm's trapping or saturating behaviour (arith.fptosi/fptoui give poison out
// of range); the rest are plain arith casts, and reinterpretations are bitcasts.
#include "FunctionBuilder.h"

namespace strata::mlirtier {

using wasm::Opcode;
namespace arith = ::mlir::arith;

namespace {
/// The trapping and saturating truncations: result width, signedness, saturation.
struct Truncation {
  bool wide, isSigned, saturating;
};

bool truncation(Opcode op, Truncation &out) {
  switch (op) {
  case Opcode::I32TruncF32S:
  case Opcode::I32TruncF64S:
    out = {false, true, false};
    return true;
  case Opcode::I32TruncF32U:
  case Opcode::I32TruncF64U:
    out = {false, false, false};
    return true;
  case Opcode::I64TruncF32S:
  case Opcode::I64TruncF64S:
    out = {true, true, false};
    return true;
  case Opcode::I64TruncF32U:
  case Opcode::I64TruncF64U:
    out = {true, false, false};
    return true;
  case Opcode::I32TruncSatF32S:
  case Opcode::I32TruncSatF64S:
    out = {false, true, true};
    return true;
  case Opcode::I32TruncSatF32U:
  case Opcode::I32TruncSatF64U:
    out = {false, false, true};
    return true;
  case Opcode::I64TruncSatF32S:
  case Opcode::I64TruncSatF64S:
    out = {true, true, true};
    return true;
  case Opcode::I64TruncSatF32U:
  case Opcode::I64TruncSatF64U:
    out = {true, false, true};
    return true;
  default:
    return false;
  }
}
} // namespace

bool FunctionBuilder::conversion(Opcode op) {
  if (Truncation trunc; truncation(op, trunc)) {
    // Only the trapping forms need the offset, for the trap's stack trace.
    ::mlir::IntegerAttr offset = trunc.saturating ? ::mlir::IntegerAttr() : offsetAttr();
    push(emit<wasmir::TruncOp>(trunc.wide ? i64_ : i32_, pop(), trunc.isSigned, trunc.saturating,
                               offset));
    return true;
  }
  switch (op) {
  case Opcode::I32WrapI64:
    push(emit<arith::TruncIOp>(i32_, pop()));
    return true;
  case Opcode::I64ExtendI32S:
    push(emit<arith::ExtSIOp>(i64_, pop()));
    return true;
  case Opcode::I64ExtendI32U:
    push(emit<arith::ExtUIOp>(i64_, pop()));
    return true;
  case Opcode::F32ConvertI32S:
  case Opcode::F32ConvertI64S:
    push(emit<arith::SIToFPOp>(f32_, pop()));
    return true;
  case Opcode::F32ConvertI32U:
  case Opcode::F32ConvertI64U:
    push(emit<arith::UIToFPOp>(f32_, pop()));
    return true;
  case Opcode::F64ConvertI32S:
  case Opcode::F64ConvertI64S:
    push(emit<arith::SIToFPOp>(f64_, pop()));
    return true;
  case Opcode::F64ConvertI32U:
  case Opcode::F64ConvertI64U:
    push(emit<arith::UIToFPOp>(f64_, pop()));
    return true;
  case Opcode::F32DemoteF64: {
    Value input = pop();
    Value result = emit<arith::TruncFOp>(f32_, input);
    // demote(promote(x)) folds to x, which would let a signalling NaN through unquieted.
    if (auto promote = input.getDefiningOp<arith::ExtFOp>())
      result = quietNaN(result, promote.getIn(), promote.getIn());
    push(result);
    return true;
  }
  case Opcode::F64PromoteF32:
    push(emit<arith::ExtFOp>(f64_, pop()));
    return true;
  case Opcode::I32ReinterpretF32:
    push(emit<arith::BitcastOp>(i32_, pop()));
    return true;
  case Opcode::I64ReinterpretF64:
    push(emit<arith::BitcastOp>(i64_, pop()));
    return true;
  case Opcode::F32ReinterpretI32:
    push(emit<arith::BitcastOp>(f32_, pop()));
    return true;
  case Opcode::F64ReinterpretI64:
    push(emit<arith::BitcastOp>(f64_, pop()));
    return true;
  default:
    return false;
  }
}

} // namespace strata::mlirtier
