//===- LowerMemory.cpp - linear memory accesses ---------------------------===//
// An access of `width` bytes at `addr + offset` reads base + zext(addr) + offset. Unless it is
// proven in bounds or the guard region catches it, an explicit check compares its end with
// the memory's current size (which only grows, so it is reloaded, not cached, after calls).
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "strata/runtime/Memory.h"
#include "strata/runtime/VMContext.h"
#include "strata/wasm/Types.h"

#include "llvm/ADT/bit.h"

using namespace mlir;
using namespace strata::wasmir;
using strata::runtime::MemoryInstance;
using strata::runtime::VMContext;

namespace strata::mlirtier::lowering {

Value FunctionLowering::memoryInstance() { return vmctxField(VMContext::kMemoryOffset); }

void FunctionLowering::lowerMemoryBase(MemoryBaseOp op) {
  Value base = load(op.getType(), bytePtr(memoryInstance(), MemoryInstance::kBaseOffset),
                    AccessKind::Runtime, /*invariant=*/true);
  op.getResult().replaceAllUsesWith(base);
}

Value FunctionLowering::accessAddress(Value addr, Value base, uint64_t offset, uint32_t width,
                                      bool inBounds) {
  Type i64 = b_.getI64Type();
  Value index = b_.create<LLVM::ZExtOp>(loc_, i64, addr);
  if (!inBounds && !module_.options().guardPages) {
    Value end = b_.create<LLVM::AddOp>(loc_, index, constI64(int64_t(offset + width)));
    Value size =
        load(i64, bytePtr(memoryInstance(), MemoryInstance::kSizeOffset), AccessKind::Runtime);
    Value outOfBounds = b_.create<LLVM::ICmpOp>(loc_, LLVM::ICmpPredicate::ugt, end, size);
    trapIf(outOfBounds, constI32(int32_t(TrapKind::memory_out_of_bounds)), std::nullopt);
  }
  if (!base)
    base = load(LLVM::LLVMPointerType::get(b_.getContext()),
                bytePtr(memoryInstance(), MemoryInstance::kBaseOffset), AccessKind::Runtime,
                /*invariant=*/true);
  // Two steps, so the constant offset folds into the instruction's displacement.
  Type i8 = b_.getI8Type();
  Value ptr = b_.create<LLVM::GEPOp>(loc_, base.getType(), i8, base, ArrayRef<LLVM::GEPArg>{index},
                                     /*inbounds=*/true);
  if (offset != 0)
    ptr = b_.create<LLVM::GEPOp>(loc_, base.getType(), i8, ptr,
                                 ArrayRef<LLVM::GEPArg>{constI64(int64_t(offset))},
                                 /*inbounds=*/true);
  return ptr;
}

AccessKind FunctionLowering::accessKind(bool inBounds) const {
  // With guard pages an access that may be out of bounds is its own check, so it must stay
  // where the Wasm code has it.
  const LoweringOptions &options = module_.options();
  return !inBounds && options.guardPages && options.exactTraps ? AccessKind::FaultingMemory
                                                               : AccessKind::LinearMemory;
}

void FunctionLowering::lowerLoad(LoadOp op) {
  Type type = op.getType();
  unsigned bits = op.getWidth() * 8;
  Value ptr =
      accessAddress(op.getAddr(), op.getBase(), op.getOffset(), op.getWidth(), op.getInBounds());
  Type memoryType = isa<FloatType, VectorType>(type) ? type : b_.getIntegerType(bits);
  Value value = load(memoryType, ptr, accessKind(op.getInBounds()));
  if (memoryType != type)
    value = op.getSignExtend() ? Value(b_.create<LLVM::SExtOp>(loc_, type, value))
                               : Value(b_.create<LLVM::ZExtOp>(loc_, type, value));
  op.getResult().replaceAllUsesWith(value);
}

void FunctionLowering::lowerStore(StoreOp op) {
  Value value = op.getValue();
  unsigned bits = op.getWidth() * 8;
  Value ptr =
      accessAddress(op.getAddr(), op.getBase(), op.getOffset(), op.getWidth(), op.getInBounds());
  if (value.getType().isInteger() && value.getType().getIntOrFloatBitWidth() != bits)
    value = b_.create<LLVM::TruncOp>(loc_, b_.getIntegerType(bits), value);
  AccessKind kind = accessKind(op.getInBounds());
  if (kind == AccessKind::FaultingMemory && module_.options().probeStoreEnds && op.getWidth() > 1)
    load(b_.getI8Type(), bytePtr(ptr, op.getWidth() - 1), kind);
  store(value, ptr, kind);
}

void FunctionLowering::lowerMemorySize(MemorySizeOp op) {
  Value size = load(b_.getI64Type(), bytePtr(memoryInstance(), MemoryInstance::kSizeOffset),
                    AccessKind::Runtime);
  Value pages = b_.create<LLVM::LShrOp>(loc_, size, constI64(llvm::countr_zero(wasm::kPageSize)));
  op.getResult().replaceAllUsesWith(
      b_.create<LLVM::TruncOp>(loc_, b_.getI32Type(), pages).getResult());
}

} // namespace strata::mlirtier::lowering
