//===- LowerChecks.cpp - traps, trapping conversions, stack and poll ------===//
#include "Lowering.h"

#include "strata/runtime/VMContext.h"

#include "llvm/ADT/APFloat.h"

using namespace mlir;
using namespace strata::wasmir;
using strata::runtime::NativeLimits;
using strata::runtime::VMContext;

namespace strata::mlirtier::lowering {

void FunctionLowering::lowerTrap(TrapOp op) {
  // The trap ends the block: nothing after it in the same block can run.
  emitTrap(constI32(int32_t(op.getKind())), op.getOffset());
}

void FunctionLowering::lowerTrapIf(TrapIfOp op) {
  trapIf(op.getCondition(), constI32(int32_t(op.getKind())), op.getOffset());
}

namespace {
/// The exclusive bounds of the inputs a trapping truncation accepts: x > low (or x >= low when
/// `lowInclusive`) and x < high, exactly as representable in the input type.
struct TruncRange {
  APFloat low, high;
  bool lowInclusive;
};

TruncRange truncRange(FloatType input, unsigned bits, bool isSigned) {
  const llvm::fltSemantics &semantics = input.getFloatSemantics();
  auto exact = [&](const APInt &value, bool valueSigned, bool &isExact) {
    APFloat result(semantics);
    isExact = result.convertFromAPInt(value, valueSigned, APFloat::rmTowardZero) == APFloat::opOK;
    return result;
  };
  bool isExact;
  // high is 2^(bits-1) or 2^bits: a power of two, exact in both float types.
  APFloat high = exact(APInt::getOneBitSet(bits + 1, isSigned ? bits - 1 : bits), false, isExact);
  if (!isSigned) // anything above -1 truncates to 0 or more
    return {exact(APInt(bits + 1, -1, true), true, isExact), high, false};
  // Above min - 1 when that is representable; otherwise from min itself, the next float.
  APInt min = APInt::getSignedMinValue(bits).sext(bits + 1);
  APFloat belowMin = exact(min - 1, true, isExact);
  if (isExact)
    return {belowMin, high, false};
  return {exact(min, true, isExact), high, true};
}
} // namespace

void FunctionLowering::lowerTrunc(TruncOp op) {
  Value input = op.getInput();
  auto inputType = cast<FloatType>(input.getType());
  Type result = op.getType();
  unsigned bits = result.getIntOrFloatBitWidth();
  bool isSigned = op.getIsSigned();
  if (op.getSaturating()) {
    StringRef intrinsic = isSigned ? "llvm.fptosi.sat" : "llvm.fptoui.sat";
    auto call = b_.create<LLVM::CallIntrinsicOp>(loc_, result, b_.getStringAttr(intrinsic),
                                                 ValueRange{input});
    op.getResult().replaceAllUsesWith(call.getResult(0));
    return;
  }
  TruncRange range = truncRange(inputType, bits, isSigned);
  auto constant = [&](const APFloat &value) -> Value {
    return b_.create<LLVM::ConstantOp>(loc_, inputType, b_.getFloatAttr(inputType, value));
  };
  // Ordered compares are false for NaN, so one test covers NaN and out of range; the cold
  // path tells them apart.
  Value aboveLow = b_.create<LLVM::FCmpOp>(
      loc_, range.lowInclusive ? LLVM::FCmpPredicate::oge : LLVM::FCmpPredicate::ogt, input,
      constant(range.low));
  Value belowHigh =
      b_.create<LLVM::FCmpOp>(loc_, LLVM::FCmpPredicate::olt, input, constant(range.high));
  Value inRange = b_.create<LLVM::AndOp>(loc_, aboveLow, belowHigh);
  Value outOfRange = b_.create<LLVM::XOrOp>(
      loc_, inRange, b_.create<LLVM::ConstantOp>(loc_, b_.getI1Type(), b_.getBoolAttr(true)));
  Block *tail = splitHere();
  Block *cold = newBlock();
  b_.create<LLVM::CondBrOp>(loc_, outOfRange, cold, ValueRange(), tail, ValueRange(),
                            std::make_pair(uint32_t(1), uint32_t(1) << 20));
  b_.setInsertionPointToEnd(cold);
  Value isNaN = b_.create<LLVM::FCmpOp>(loc_, LLVM::FCmpPredicate::uno, input, input);
  Value invalid = constI32(int32_t(TrapKind::invalid_conversion));
  Value overflow = constI32(int32_t(TrapKind::integer_overflow));
  Value kind = b_.create<LLVM::SelectOp>(loc_, isNaN, invalid, overflow);
  emitTrap(kind, op.getOffset());
  b_.setInsertionPointToStart(tail);
  Value converted = isSigned ? Value(b_.create<LLVM::FPToSIOp>(loc_, result, input))
                             : Value(b_.create<LLVM::FPToUIOp>(loc_, result, input));
  op.getResult().replaceAllUsesWith(converted);
}

void FunctionLowering::lowerStackCheck(StackCheckOp op) {
  // The stack grows down: the frame must stay above the limit.
  Type ptr = LLVM::LLVMPointerType::get(b_.getContext());
  Value sp = b_.create<LLVM::StackSaveOp>(loc_, ptr);
  Value limits = nativeLimits();
  Value limit =
      load(b_.getI64Type(), bytePtr(limits, NativeLimits::kStackLimitOffset), AccessKind::Runtime);
  Value address = b_.create<LLVM::PtrToIntOp>(loc_, b_.getI64Type(), sp);
  Value exhausted = b_.create<LLVM::ICmpOp>(loc_, LLVM::ICmpPredicate::ult, address, limit);
  trapIf(exhausted, constI32(int32_t(TrapKind::call_stack_exhausted)), std::nullopt);

  // The CallContext's depth limit: one frame less to go until every return gives it back.
  // After inlining, a callee's decrement and increment cancel out.
  Value depthField = bytePtr(limits, NativeLimits::kDepthLeftOffset);
  // Operands built one statement each: the order of arguments differs between compilers.
  Value depthBefore = load(b_.getI64Type(), depthField, AccessKind::Runtime);
  Value left = b_.create<LLVM::SubOp>(loc_, depthBefore, constI64(1));
  Value tooDeep = b_.create<LLVM::ICmpOp>(loc_, LLVM::ICmpPredicate::slt, left, constI64(0));
  trapIf(tooDeep, constI32(int32_t(TrapKind::call_stack_exhausted)), std::nullopt);
  store(left, depthField, AccessKind::Runtime);
  OpBuilder::InsertionGuard guard(b_);
  func_->walk([&](func::ReturnOp ret) {
    b_.setInsertionPoint(ret);
    Value depthNow = load(b_.getI64Type(), depthField, AccessKind::Runtime);
    Value depth = b_.create<LLVM::AddOp>(ret.getLoc(), depthNow, constI64(1));
    store(depth, depthField, AccessKind::Runtime);
  });
}

void FunctionLowering::lowerPoll(PollOp op) {
  if (module_.options().pollMarkers) {
    b_.create<LLVM::CallIntrinsicOp>(loc_, TypeRange(), b_.getStringAttr("llvm.sideeffect"),
                                     ValueRange());
    return;
  }
  // Another thread sets the flag: an atomic load, so it is never hoisted out of a loop.
  auto flag = b_.create<LLVM::LoadOp>(loc_, b_.getI8Type(), interruptFlag(), /*alignment=*/1, false,
                                      false, false, LLVM::AtomicOrdering::monotonic);
  flag.setTbaaAttr(module_.accessTag(AccessKind::Runtime));
  Value set = b_.create<LLVM::ICmpOp>(
      loc_, LLVM::ICmpPredicate::ne, flag,
      b_.create<LLVM::ConstantOp>(loc_, b_.getI8Type(), b_.getI8IntegerAttr(0)));
  Block *tail = splitHere();
  Block *slow = newBlock();
  b_.create<LLVM::CondBrOp>(loc_, set, slow, ValueRange(), tail, ValueRange(),
                            std::make_pair(uint32_t(1), uint32_t(1) << 20));
  b_.setInsertionPointToEnd(slow);
  b_.create<LLVM::CallOp>(loc_, module_.runtimeFunction(RuntimeFunction::poll),
                          ValueRange{vmctx_, constI32(functionIndex_)});
  b_.create<LLVM::BrOp>(loc_, ValueRange(), tail);
  b_.setInsertionPointToStart(tail);
}

} // namespace strata::mlirtier::lowering
