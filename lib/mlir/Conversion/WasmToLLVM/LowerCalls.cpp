//===- LowerCalls.cpp - calls, direct and through the switchboard ---------===//
// A callee of the same module is called directly. Any other goes through its FunctionInstance,
// which starts with its NativeEntry {code, context, typeId}: with code, `code(context, args...)`
// in the native ABI (several results come back as a struct, as func-to-llvm returns them);
// without, strata_rt_call_function runs it with arguments and results in 64-bit slots.
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "strata/runtime/Function.h"
#include "strata/runtime/Table.h"
#include "strata/runtime/VMContext.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using namespace strata::wasmir;
using strata::runtime::NativeEntry;
using strata::runtime::TableInstance;
using strata::runtime::VMContext;

namespace strata::mlirtier::lowering {

namespace {
/// The byte offset a frontend may attach to a call for the trap's position.
std::optional<uint32_t> instructionOffset(Operation *op) {
  if (auto offset = op->getAttrOfType<IntegerAttr>("offset"))
    return uint32_t(offset.getInt());
  return std::nullopt;
}
} // namespace

Value FunctionLowering::slotBuffer(unsigned slots) {
  if (!slots_)
    slots_ = inPrologue([&] {
      Value count = constI64(std::max(slots, slotCount_));
      return b_.create<LLVM::AllocaOp>(loc_, LLVM::LLVMPointerType::get(b_.getContext()),
                                       b_.getI64Type(), count, /*alignment=*/8);
    });
  return slots_;
}

SmallVector<Value> FunctionLowering::callThroughEntry(Value function, ValueRange args,
                                                      TypeRange results) {
  MLIRContext *context = b_.getContext();
  Type ptr = LLVM::LLVMPointerType::get(context);
  auto code =
      b_.create<LLVM::LoadOp>(loc_, ptr, bytePtr(function, NativeEntry::kCodeOffset),
                              /*alignment=*/8, false, false, false, LLVM::AtomicOrdering::acquire);
  code.setTbaaAttr(module_.accessTag(AccessKind::Runtime));
  Value interpreted = b_.create<LLVM::ICmpOp>(loc_, LLVM::ICmpPredicate::eq, code, nullPtr());

  Block *tail = splitHere();
  for (Type type : results)
    tail->addArgument(type, loc_);
  Block *slow = newBlock();
  Block *fast = newBlock();
  b_.create<LLVM::CondBrOp>(loc_, interpreted, slow, ValueRange(), fast, ValueRange());

  // Native code: code(context, args...).
  b_.setInsertionPointToEnd(fast);
  SmallVector<Value> callArgs{code};
  callArgs.push_back(
      load(ptr, bytePtr(function, NativeEntry::kContextOffset), AccessKind::Runtime));
  callArgs.append(args.begin(), args.end());
  SmallVector<Type> params{ptr};
  for (Value arg : args)
    params.push_back(arg.getType());
  SmallVector<Type> resultTypes(results);
  Type result = results.empty()       ? LLVM::LLVMVoidType::get(context)
                : results.size() == 1 ? results.front()
                                      : LLVM::LLVMStructType::getLiteral(context, resultTypes);
  auto call = b_.create<LLVM::CallOp>(loc_, LLVM::LLVMFunctionType::get(result, params), callArgs);
  SmallVector<Value> values;
  if (results.size() == 1)
    values.push_back(call.getResult());
  for (int64_t i = 0; results.size() > 1 && i < int64_t(results.size()); ++i)
    values.push_back(b_.create<LLVM::ExtractValueOp>(loc_, call.getResult(), i));
  b_.create<LLVM::BrOp>(loc_, values, tail);

  // No code: the runtime calls it with slots.
  b_.setInsertionPointToEnd(slow);
  Value slots = slotBuffer(std::max<unsigned>({slotCountOf(args.getTypes()), slotCountOf(results), 1}));
  storeSlots(args, slots);
  b_.create<LLVM::CallOp>(loc_, module_.runtimeFunction(RuntimeFunction::call_function),
                          ValueRange{vmctx_, function, slots});
  values = loadSlots(results, slots);
  b_.create<LLVM::BrOp>(loc_, values, tail);

  b_.setInsertionPointToStart(tail);
  return SmallVector<Value>(tail->getArguments());
}

void FunctionLowering::lowerCall(CallOp op) {
  if (module_.options().directCalls) {
    if (Operation *callee = module_.definedFunction(op.getFunction())) {
      SmallVector<Value> args{vmctx_};
      args.append(op.getArgs().begin(), op.getArgs().end());
      Operation *call;
      if (auto func = dyn_cast<func::FuncOp>(callee))
        call = b_.create<func::CallOp>(loc_, func, args);
      else
        call = b_.create<LLVM::CallOp>(loc_, cast<LLVM::LLVMFuncOp>(callee), args);
      op->replaceAllUsesWith(call->getResults());
      return;
    }
  }
  Value functions = vmctxField(VMContext::kFunctionsOffset);
  Value function = load(LLVM::LLVMPointerType::get(b_.getContext()),
                        bytePtr(functions, int64_t(op.getFunction()) * 8), AccessKind::Runtime,
                        /*invariant=*/true);
  SmallVector<Value> results = callThroughEntry(function, op.getArgs(), op.getResultTypes());
  op->replaceAllUsesWith(results);
}

void FunctionLowering::lowerCallIndirect(CallIndirectOp op) {
  Type ptr = LLVM::LLVMPointerType::get(b_.getContext());
  Type i32 = b_.getI32Type(), i64 = b_.getI64Type();
  std::optional<uint32_t> offset = instructionOffset(op);
  Value tables = vmctxField(VMContext::kTablesOffset);
  Value table = load(ptr, bytePtr(tables, int64_t(op.getTable()) * 8), AccessKind::Runtime,
                     /*invariant=*/true);

  Value index = b_.create<LLVM::ZExtOp>(loc_, i64, op.getIndex());
  Value size = load(i64, bytePtr(table, TableInstance::kSizeOffset), AccessKind::Runtime);
  Value outOfRange = b_.create<LLVM::ICmpOp>(loc_, LLVM::ICmpPredicate::uge, index, size);
  trapIf(outOfRange, constI32(int32_t(TrapKind::undefined_element)), offset);

  Value elements = load(ptr, bytePtr(table, TableInstance::kDataOffset), AccessKind::Runtime);
  Value ref = load(i64, slotPtr(elements, index), AccessKind::Runtime);
  Value null = b_.create<LLVM::ICmpOp>(loc_, LLVM::ICmpPredicate::eq, ref, constI64(0));
  trapIf(null, constI32(int32_t(TrapKind::uninitialized_element)), offset);

  Value function = b_.create<LLVM::IntToPtrOp>(loc_, ptr, ref);
  // A function's type id and the instance's canonical ids never change.
  Value actual = load(i32, bytePtr(function, NativeEntry::kTypeIdOffset), AccessKind::Runtime,
                      /*invariant=*/true);
  Value typeIds = vmctxField(VMContext::kTypeIdsOffset);
  Value expected = load(i32, bytePtr(typeIds, int64_t(op.getTypeIndex()) * 4), AccessKind::Runtime,
                        /*invariant=*/true);
  Value mismatch = b_.create<LLVM::ICmpOp>(loc_, LLVM::ICmpPredicate::ne, actual, expected);
  trapIf(mismatch, constI32(int32_t(TrapKind::indirect_call_type_mismatch)), offset);

  SmallVector<Value> results = callThroughEntry(function, op.getArgs(), op.getResultTypes());
  op->replaceAllUsesWith(results);
}

} // namespace strata::mlirtier::lowering
