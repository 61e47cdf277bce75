//===- LowerVariables.cpp - globals, references, runtime calls, hooks -----===//
#include "Lowering.h"

#include "strata/runtime/VMContext.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace strata::wasmir;
using strata::runtime::VMContext;

namespace strata::mlirtier::lowering {

namespace {
/// globals[i] and functions[i] are pointers that never change for an instance.
Value tableEntry(FunctionLowering &lowering, size_t field, uint32_t index) {
  OpBuilder &b = lowering.builder();
  Value table = lowering.vmctxField(field);
  Value entry = lowering.bytePtr(table, int64_t(index) * 8);
  return lowering.load(LLVM::LLVMPointerType::get(b.getContext()), entry, AccessKind::Runtime,
                       /*invariant=*/true);
}
} // namespace

void FunctionLowering::lowerGlobalGet(GlobalGetOp op) {
  Value slots = tableEntry(*this, VMContext::kGlobalsOffset, op.getIndex());
  op.getResult().replaceAllUsesWith(load(op.getType(), slots, AccessKind::Global));
}

void FunctionLowering::lowerGlobalSet(GlobalSetOp op) {
  Value slots = tableEntry(*this, VMContext::kGlobalsOffset, op.getIndex());
  store(op.getValue(), slots, AccessKind::Global);
}

void FunctionLowering::lowerRefFunc(RefFuncOp op) {
  Value function = tableEntry(*this, VMContext::kFunctionsOffset, op.getFunction());
  op.getResult().replaceAllUsesWith(
      b_.create<LLVM::PtrToIntOp>(loc_, b_.getI64Type(), function).getResult());
}

// Counters: VMContext::counters points at an array of uint64_t; `wasm.counter <kind> N` adds
// one to counters[N] (not atomically: a store runs on one thread at a time). The frontend
// numbers the counters, calls of function F at F and loops after all functions
// (loopCounterIndex in Compiler.h); the kind only says what is counted. No array, no counting.
void FunctionLowering::lowerCounter(CounterOp op) {
  Value counters = load(LLVM::LLVMPointerType::get(b_.getContext()),
                        bytePtr(vmctx_, VMContext::kCountersOffset), AccessKind::Runtime);
  Value counting = b_.create<LLVM::ICmpOp>(loc_, LLVM::ICmpPredicate::ne, counters, nullPtr());
  Block *tail = splitHere();
  Block *bump = newBlock();
  b_.create<LLVM::CondBrOp>(loc_, counting, bump, ValueRange(), tail, ValueRange());
  b_.setInsertionPointToEnd(bump);
  Value slot = slotPtr(counters, constI64(op.getIndex()));
  Value count = load(b_.getI64Type(), slot, AccessKind::Counter);
  store(b_.create<LLVM::AddOp>(loc_, count, constI64(1)), slot, AccessKind::Counter);
  b_.create<LLVM::BrOp>(loc_, ValueRange(), tail);
  b_.setInsertionPointToStart(tail);
}

void FunctionLowering::lowerOsrLoad(OsrLoadOp op) {
  Value slot = bytePtr(op.getFrame(), int64_t(op.getSlot()) * 8);
  op.getResult().replaceAllUsesWith(load(op.getType(), slot, AccessKind::Frame));
}

LogicalResult FunctionLowering::lowerRuntimeCall(Operation *op) {
  std::optional<RuntimeFunction> function;
  SmallVector<Value, 6> args{vmctx_};
  auto i32 = [&](uint32_t value) { args.push_back(constI32(int32_t(value))); };
  auto values = [&](ValueRange range) { args.append(range.begin(), range.end()); };
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](MemoryGrowOp op) {
        function = RuntimeFunction::memory_grow;
        values(op.getDelta());
      })
      .Case([&](MemoryFillOp op) {
        function = RuntimeFunction::memory_fill;
        values({op.getDest(), op.getValue(), op.getSize()});
      })
      .Case([&](MemoryCopyOp op) {
        function = RuntimeFunction::memory_copy;
        values({op.getDest(), op.getSource(), op.getSize()});
      })
      .Case([&](MemoryInitOp op) {
        function = RuntimeFunction::memory_init;
        i32(op.getSegment());
        values({op.getDest(), op.getSource(), op.getSize()});
      })
      .Case([&](DataDropOp op) {
        function = RuntimeFunction::data_drop;
        i32(op.getSegment());
      })
      .Case([&](TableGetOp op) {
        function = RuntimeFunction::table_get;
        i32(op.getTable());
        values(op.getIndex());
      })
      .Case([&](TableSetOp op) {
        function = RuntimeFunction::table_set;
        i32(op.getTable());
        values({op.getIndex(), op.getValue()});
      })
      .Case([&](TableSizeOp op) {
        function = RuntimeFunction::table_size;
        i32(op.getTable());
      })
      .Case([&](TableGrowOp op) {
        function = RuntimeFunction::table_grow;
        i32(op.getTable());
        values({op.getInit(), op.getDelta()});
      })
      .Case([&](TableFillOp op) {
        function = RuntimeFunction::table_fill;
        i32(op.getTable());
        values({op.getDest(), op.getValue(), op.getSize()});
      })
      .Case([&](TableCopyOp op) {
        function = RuntimeFunction::table_copy;
        i32(op.getDestTable());
        i32(op.getSourceTable());
        values({op.getDest(), op.getSource(), op.getSize()});
      })
      .Case([&](TableInitOp op) {
        function = RuntimeFunction::table_init;
        i32(op.getTable());
        i32(op.getSegment());
        values({op.getDest(), op.getSource(), op.getSize()});
      })
      .Case([&](ElemDropOp op) {
        function = RuntimeFunction::elem_drop;
        i32(op.getSegment());
      });
  if (!function)
    return op->emitOpError("has no lowering to the llvm dialect");
  auto call = b_.create<LLVM::CallOp>(loc_, module_.runtimeFunction(*function), args);
  op->replaceAllUsesWith(call->getResults());
  return success();
}

} // namespace strata::mlirtier::lowering
