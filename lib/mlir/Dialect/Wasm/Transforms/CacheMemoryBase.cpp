//===- CacheMemoryBase.cpp - one memory base per function -----------------===//
// The base of linear memory never moves, so a single wasm.memory_base at the top of the entry
// block can feed every load and store of the function; LLVM then keeps it in a register
// instead of reloading it through the VMContext at each access.
//===----------------------------------------------------------------------===//
#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace strata::wasmir {
#define GEN_PASS_DEF_WASMCACHEMEMORYBASE
#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h.inc"
} // namespace strata::wasmir

using namespace mlir;
using namespace strata::wasmir;

namespace {

struct CacheMemoryBasePass : strata::wasmir::impl::WasmCacheMemoryBaseBase<CacheMemoryBasePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    SmallVector<Operation *> accesses;
    SmallVector<MemoryBaseOp> bases;
    func.walk([&](Operation *op) {
      if (isa<LoadOp, StoreOp>(op))
        accesses.push_back(op);
      else if (auto base = dyn_cast<MemoryBaseOp>(op))
        bases.push_back(base);
    });
    if (accesses.empty() && bases.empty())
      return;

    Block &entry = func.getBody().front();
    MemoryBaseOp cached;
    for (MemoryBaseOp base : bases)
      if (base->getBlock() == &entry && (!cached || base->isBeforeInBlock(cached)))
        cached = base;
    if (!cached) {
      OpBuilder builder(&entry, entry.begin());
      cached = builder.create<MemoryBaseOp>(func.getLoc(),
                                            LLVM::LLVMPointerType::get(func.getContext()));
    } else if (&entry.front() != cached.getOperation()) {
      cached->moveBefore(&entry, entry.begin());
    }

    for (MemoryBaseOp base : bases)
      if (base != cached) {
        base.getResult().replaceAllUsesWith(cached.getResult());
        base->erase();
      }
    for (Operation *op : accesses) {
      if (auto load = dyn_cast<LoadOp>(op))
        load.getBaseMutable().assign(cached.getResult());
      else
        cast<StoreOp>(op).getBaseMutable().assign(cached.getResult());
    }
  }
};

} // namespace
