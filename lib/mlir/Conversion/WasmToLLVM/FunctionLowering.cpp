//===- FunctionLowering.cpp - dispatch and the building blocks ------------===//
#include "Lowering.h"

#include "strata/runtime/VMContext.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace strata::wasmir;
using strata::runtime::NativeLimits;
using strata::runtime::VMContext;

namespace strata::mlirtier::lowering {

namespace {
/// Slots one call needs for its arguments and results.
unsigned callSlots(Operation *op) {
  ValueRange args;
  if (auto call = dyn_cast<CallOp>(op))
    args = call.getArgs();
  else
    args = cast<CallIndirectOp>(op).getArgs();
  return std::max<unsigned>({slotCountOf(args.getTypes()), slotCountOf(op->getResultTypes()), 1});
}

/// The alignment of a value in runtime structures: slots and frames are 8-byte aligned, so a
/// v128 is too.
unsigned naturalAlign(Type type) {
  if (isa<LLVM::LLVMPointerType, VectorType>(type))
    return 8;
  return type.getIntOrFloatBitWidth() / 8;
}
} // namespace

unsigned slotCountOf(Type type) { return isa<VectorType>(type) ? 2 : 1; }

unsigned slotCountOf(TypeRange types) {
  unsigned slots = 0;
  for (Type type : types)
    slots += slotCountOf(type);
  return slots;
}

FunctionLowering::FunctionLowering(ModuleLowering &module, FunctionOpInterface func)
    : module_(module), func_(func), b_(func.getContext()), loc_(func.getLoc()) {
  vmctx_ = func.getFunctionBody().front().getArgument(0);
  if (std::optional<uint32_t> index = wasmFunctionIndex(func))
    functionIndex_ = int32_t(*index);
  // One slot buffer serves every slow-path call of the function: size it for the largest.
  func.walk([&](Operation *op) {
    if (isa<CallOp, CallIndirectOp>(op))
      slotCount_ = std::max(slotCount_, callSlots(op));
  });
}

LogicalResult FunctionLowering::lower(Operation *op) {
  loc_ = op->getLoc();
  b_.setInsertionPoint(op);
  LogicalResult result = success();
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](MemoryBaseOp op) { lowerMemoryBase(op); })
      .Case([&](LoadOp op) { lowerLoad(op); })
      .Case([&](StoreOp op) { lowerStore(op); })
      .Case([&](MemorySizeOp op) { lowerMemorySize(op); })
      .Case([&](GlobalGetOp op) { lowerGlobalGet(op); })
      .Case([&](GlobalSetOp op) { lowerGlobalSet(op); })
      .Case([&](RefFuncOp op) { lowerRefFunc(op); })
      .Case([&](CounterOp op) { lowerCounter(op); })
      .Case([&](OsrLoadOp op) { lowerOsrLoad(op); })
      .Case([&](CallOp op) { lowerCall(op); })
      .Case([&](CallIndirectOp op) { lowerCallIndirect(op); })
      .Case([&](TrapOp op) { lowerTrap(op); })
      .Case([&](TrapIfOp op) { lowerTrapIf(op); })
      .Case([&](TruncOp op) { lowerTrunc(op); })
      .Case([&](StackCheckOp op) { lowerStackCheck(op); })
      .Case([&](PollOp op) { lowerPoll(op); })
      .Default([&](Operation *op) { result = lowerRuntimeCall(op); });
  if (succeeded(result))
    op->erase();
  return result;
}

Value FunctionLowering::constI32(int64_t value) {
  return b_.create<LLVM::ConstantOp>(loc_, b_.getI32Type(), b_.getI32IntegerAttr(value));
}

Value FunctionLowering::constI64(int64_t value) {
  return b_.create<LLVM::ConstantOp>(loc_, b_.getI64Type(), b_.getI64IntegerAttr(value));
}

Value FunctionLowering::nullPtr() {
  return b_.create<LLVM::ZeroOp>(loc_, LLVM::LLVMPointerType::get(b_.getContext()));
}

Value FunctionLowering::bytePtr(Value base, int64_t offset) {
  if (offset == 0)
    return base;
  return b_.create<LLVM::GEPOp>(loc_, base.getType(), b_.getI8Type(), base,
                                ArrayRef<LLVM::GEPArg>{LLVM::GEPArg(int32_t(offset))},
                                /*inbounds=*/true);
}

Value FunctionLowering::slotPtr(Value base, Value index) {
  return b_.create<LLVM::GEPOp>(loc_, base.getType(), b_.getI64Type(), base,
                                ArrayRef<LLVM::GEPArg>{index}, /*inbounds=*/true);
}

Value FunctionLowering::load(Type type, Value ptr, AccessKind kind, bool invariant) {
  bool faulting = kind == AccessKind::FaultingMemory;
  bool linearMemory = kind == AccessKind::LinearMemory || faulting;
  unsigned align = linearMemory ? 1 : naturalAlign(type);
  // A v128 load stays volatile: VectorCombine would narrow a marked one to the lanes used.
  bool marked = faulting && !module_.options().volatileLoads && !isa<VectorType>(type);
  auto load = b_.create<LLVM::LoadOp>(loc_, type, ptr, align, /*isVolatile=*/faulting && !marked,
                                      /*isNonTemporal=*/false, invariant);
  load.setTbaaAttr(module_.accessTag(kind));
  if (marked)
    b_.create<LLVM::CallOp>(loc_, module_.faultingLoadMarker(type), ValueRange{load});
  return load;
}

void FunctionLowering::store(Value value, Value ptr, AccessKind kind) {
  Type type = value.getType();
  bool faulting = kind == AccessKind::FaultingMemory;
  unsigned align = kind == AccessKind::LinearMemory || faulting ? 1 : naturalAlign(type);
  auto store = b_.create<LLVM::StoreOp>(loc_, value, ptr, align, /*isVolatile=*/faulting);
  store.setTbaaAttr(module_.accessTag(kind));
}

Value FunctionLowering::inPrologue(llvm::function_ref<Value()> build) {
  OpBuilder::InsertionGuard guard(b_);
  if (prologueEnd_)
    b_.setInsertionPointAfter(prologueEnd_);
  else
    b_.setInsertionPointToStart(&func_.getFunctionBody().front());
  Location loc = loc_;
  loc_ = func_.getLoc();
  Value value = build();
  loc_ = loc;
  prologueEnd_ = value.getDefiningOp();
  return value;
}

Value FunctionLowering::vmctxField(size_t offset) {
  Value &field = fields_[offset];
  if (!field)
    field = inPrologue([&] {
      return load(LLVM::LLVMPointerType::get(b_.getContext()), bytePtr(vmctx_, int64_t(offset)),
                  AccessKind::Runtime, /*invariant=*/true);
    });
  return field;
}

Value FunctionLowering::nativeLimits() {
  if (!nativeLimits_)
    nativeLimits_ = inPrologue([&] {
      Type ptr = LLVM::LLVMPointerType::get(b_.getContext());
      Value offset = load(b_.getI64Type(), bytePtr(vmctx_, VMContext::kLimitsThreadOffset),
                          AccessKind::Runtime, /*invariant=*/true);
      Value thread = b_.create<LLVM::CallIntrinsicOp>(loc_, ptr,
                                                      b_.getStringAttr("llvm.thread.pointer"),
                                                      ValueRange())
                         .getResult(0);
      return Value(b_.create<LLVM::GEPOp>(loc_, ptr, b_.getI8Type(), thread, offset));
    });
  return nativeLimits_;
}

Value FunctionLowering::interruptFlag() {
  if (!interruptFlag_) {
    Value limits = nativeLimits();
    interruptFlag_ = inPrologue([&] {
      return load(LLVM::LLVMPointerType::get(b_.getContext()),
                  bytePtr(limits, NativeLimits::kInterruptFlagOffset), AccessKind::Runtime);
    });
  }
  return interruptFlag_;
}

Block *FunctionLowering::newBlock() {
  Region &body = func_.getFunctionBody();
  auto *block = new Block();
  body.push_back(block);
  return block;
}

Block *FunctionLowering::splitHere() {
  Block *head = b_.getInsertionBlock();
  Block *tail = head->splitBlock(b_.getInsertionPoint());
  b_.setInsertionPointToEnd(head);
  return tail;
}

void FunctionLowering::emitTrap(Value kind, std::optional<uint32_t> offset) {
  LLVM::LLVMFuncOp trap = module_.runtimeFunction(RuntimeFunction::trap);
  Value args[] = {vmctx_, kind, constI32(functionIndex_), constI32(offset ? int64_t(*offset) : -1)};
  b_.create<LLVM::CallOp>(loc_, trap, args);
  b_.create<LLVM::UnreachableOp>(loc_);
}

void FunctionLowering::trapIf(Value condition, Value kind, std::optional<uint32_t> offset) {
  Block *tail = splitHere();
  Block *cold = newBlock();
  // The trap path is taken at most once per call: weigh the branch accordingly.
  b_.create<LLVM::CondBrOp>(loc_, condition, cold, ValueRange(), tail, ValueRange(),
                            std::make_pair(uint32_t(1), uint32_t(1) << 20));
  b_.setInsertionPointToEnd(cold);
  emitTrap(kind, offset);
  b_.setInsertionPointToStart(tail);
}

Value FunctionLowering::toSlot(Value value) {
  Type type = value.getType();
  Type i64 = b_.getI64Type();
  if (type.isF32())
    value = b_.create<LLVM::BitcastOp>(loc_, b_.getI32Type(), value);
  else if (type.isF64())
    return b_.create<LLVM::BitcastOp>(loc_, i64, value);
  if (value.getType().isInteger(32))
    return b_.create<LLVM::ZExtOp>(loc_, i64, value);
  return value;
}

void FunctionLowering::storeSlots(ValueRange values, Value slots) {
  int64_t at = 0;
  for (Value value : values) {
    Value slot = isa<VectorType>(value.getType()) ? value : toSlot(value);
    store(slot, slotPtr(slots, constI64(at)), AccessKind::Slot);
    at += slotCountOf(value.getType());
  }
}

SmallVector<Value> FunctionLowering::loadSlots(TypeRange types, Value slots) {
  SmallVector<Value> values;
  int64_t at = 0;
  for (Type type : types) {
    Value ptr = slotPtr(slots, constI64(at));
    values.push_back(isa<VectorType>(type)
                         ? load(type, ptr, AccessKind::Slot)
                         : fromSlot(load(b_.getI64Type(), ptr, AccessKind::Slot), type));
    at += slotCountOf(type);
  }
  return values;
}

Value FunctionLowering::fromSlot(Value slot, Type type) {
  if (type.isInteger(64))
    return slot;
  if (isa<LLVM::LLVMPointerType>(type)) // an OSR continuation's frame
    return b_.create<LLVM::IntToPtrOp>(loc_, type, slot);
  if (type.isF64())
    return b_.create<LLVM::BitcastOp>(loc_, type, slot);
  Value low = b_.create<LLVM::TruncOp>(loc_, b_.getI32Type(), slot);
  if (type.isF32())
    return b_.create<LLVM::BitcastOp>(loc_, type, low);
  return low;
}

} // namespace strata::mlirtier::lowering
