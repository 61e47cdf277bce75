//===- ArrayThunks.cpp - <function>$array, the entry from C++ -------------===//
// void wasm_f<N>$array(VMContext *vmctx, uint64_t *slots): the parameters from consecutive
// slots (an i32 in the low bits, floats as their bits, references as i64, pointers as their
// address, a v128 in two slots), then the results into slots[0..] the same way. The OSR continuation wasm_f<N>$osr<L> gets one the same way:
// its only parameter is the frame pointer, so wasm_f<N>$osr<L>$array finds it in slots[0].
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;

namespace strata::mlirtier::lowering {

namespace {
void addArrayThunk(ModuleLowering &module, FunctionOpInterface func) {
  MLIRContext *context = module.module().getContext();
  Location loc = func.getLoc();
  Type ptr = LLVM::LLVMPointerType::get(context);
  OpBuilder builder(context);
  builder.setInsertionPointAfter(func);
  auto thunkType = builder.getFunctionType({ptr, ptr}, {});
  Operation *thunk;
  Region *body;
  if (isa<func::FuncOp>(func)) {
    auto op = builder.create<func::FuncOp>(loc, arrayThunkName(func), thunkType);
    thunk = op;
    body = &op.getBody();
  } else {
    auto op = builder.create<LLVM::LLVMFuncOp>(
        loc, arrayThunkName(func),
        LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context), {ptr, ptr}));
    thunk = op;
    body = &op.getBody();
  }
  Block *entry = builder.createBlock(body, body->end(), {ptr, ptr}, {loc, loc});
  Value vmctx = entry->getArgument(0), slots = entry->getArgument(1);

  FunctionLowering lowering(module, cast<FunctionOpInterface>(thunk));
  lowering.setLoc(loc);
  OpBuilder &b = lowering.builder();
  b.setInsertionPointToEnd(entry);
  SmallVector<Value> args{vmctx};
  args.append(lowering.loadSlots(func.getArgumentTypes().drop_front(), slots));
  ValueRange results;
  if (auto callee = dyn_cast<func::FuncOp>(func.getOperation())) {
    results = b.create<func::CallOp>(loc, callee, args).getResults();
  } else {
    auto call = b.create<LLVM::CallOp>(loc, cast<LLVM::LLVMFuncOp>(func.getOperation()), args);
    results = call->getResults();
  }
  SmallVector<Value> values(results);
  // An llvm.func returns several results as one struct.
  if (auto packed = values.size() == 1 ? dyn_cast<LLVM::LLVMStructType>(values[0].getType())
                                       : LLVM::LLVMStructType()) {
    Value whole = values[0];
    values.clear();
    for (int64_t i = 0, e = packed.getBody().size(); i < e; ++i)
      values.push_back(b.create<LLVM::ExtractValueOp>(loc, whole, i));
  }
  lowering.storeSlots(values, slots);
  if (isa<func::FuncOp>(thunk))
    b.create<func::ReturnOp>(loc);
  else
    b.create<LLVM::ReturnOp>(loc, ValueRange());
}
} // namespace

void addArrayThunks(ModuleLowering &module) {
  SmallVector<FunctionOpInterface> functions;
  for (Operation &op : *module.module().getBody()) {
    auto func = dyn_cast<FunctionOpInterface>(op);
    if (!func || !wasmFunctionIndex(func) || func.isExternal() ||
        module.module().lookupSymbol(arrayThunkName(func)))
      continue;
    functions.push_back(func);
  }
  for (FunctionOpInterface func : functions)
    addArrayThunk(module, func);
}

} // namespace strata::mlirtier::lowering
