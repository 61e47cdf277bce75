//===- BoundsCheckElimination.cpp - drop provably redundant bounds checks -===//
// Linear memory never shrinks. So once an access to `addr + offset` of `width` bytes has
// passed its check, every later access to the same address value whose end lies no further is
// in bounds, even across calls and memory.grow; and an access at a constant address ending
// within the declared minimum size is always in bounds. Such accesses get `in_bounds`.
//
// The walk goes down the dominator tree, keeping per address value the furthest end reached by
// a dominating access: one scope per tree node, an explicit stack instead of recursion since
// the tree of a large function can be deep.
//===----------------------------------------------------------------------===//
#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/ScopedHashTable.h"

#include <memory>

namespace strata::wasmir {
#define GEN_PASS_DEF_WASMBOUNDSCHECKELIMINATION
#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h.inc"
} // namespace strata::wasmir

using namespace mlir;
using namespace strata::wasmir;

namespace {

using ReachTable = llvm::ScopedHashTable<Value, uint64_t>;
using ReachScope = ReachTable::ScopeTy;

/// An access's address, its end past the address (offset + width), and its in_bounds flag.
struct Access {
  Value addr;
  uint64_t end;
  Operation *op;
  bool inBounds;
};

std::optional<Access> asAccess(Operation *op) {
  if (auto load = dyn_cast<LoadOp>(op))
    return Access{load.getAddr(), load.getOffset() + load.getWidth(), op, load.getInBounds()};
  if (auto store = dyn_cast<StoreOp>(op))
    return Access{store.getAddr(), store.getOffset() + store.getWidth(), op, store.getInBounds()};
  return std::nullopt;
}

void markInBounds(Operation *op) { op->setAttr("in_bounds", UnitAttr::get(op->getContext())); }

struct BoundsCheckEliminationPass
    : strata::wasmir::impl::WasmBoundsCheckEliminationBase<BoundsCheckEliminationPass> {
  using WasmBoundsCheckEliminationBase::WasmBoundsCheckEliminationBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    // Only the function's own CFG: the wasm-level IR has no nested regions, and accesses in
    // nested regions are simply left checked.
    Region &body = func.getBody();
    DominanceInfo &dominance = getAnalysis<DominanceInfo>();
    if (!body.hasOneBlock() && !dominance.hasSSADominance(&body))
      return;

    ReachTable reach;
    struct Frame {
      Block *block;
      std::unique_ptr<ReachScope> scope;
      bool visited = false;
    };
    SmallVector<Frame> stack;
    stack.push_back({&body.front(), nullptr});
    bool changed = false;
    while (!stack.empty()) {
      Frame &frame = stack.back();
      if (frame.visited) {
        stack.pop_back(); // closes the block's scope
        continue;
      }
      frame.visited = true;
      frame.scope = std::make_unique<ReachScope>(reach);
      Block *block = frame.block;
      for (Operation &op : *block)
        changed |= visit(op, reach);
      if (body.hasOneBlock())
        continue;
      // Children are pushed after `frame` is done with: the push may reallocate.
      llvm::DomTreeNodeBase<Block> *node = dominance.getNode(block);
      for (llvm::DomTreeNodeBase<Block> *child : node->children())
        stack.push_back({child->getBlock(), nullptr});
    }
    if (!changed)
      markAllAnalysesPreserved();
  }

  /// Marks `op` when a dominating access or the minimum memory size proves it in bounds, and
  /// records how far it reaches. Returns true when it marked `op`.
  bool visit(Operation &op, ReachTable &reach) {
    std::optional<Access> access = asAccess(&op);
    if (!access)
      return false;
    bool proven = false;
    if (!access->inBounds) {
      APInt constant;
      if (matchPattern(access->addr, m_ConstantInt(&constant)))
        proven = constant.getZExtValue() + access->end <= minMemoryBytes;
      uint64_t reached = reach.lookup(access->addr);
      proven |= reached >= access->end;
      if (proven)
        markInBounds(&op);
    }
    // An access reaching further than any dominating one extends what later ones may rely on.
    if (reach.lookup(access->addr) < access->end)
      reach.insert(access->addr, access->end);
    return proven;
  }
};

} // namespace
