//===- Canonicalize.cpp - the canonicalizer, safe on dead cycles ----------===//
// MLIR 19's cf.br canonicalization merges a successor that has a single predecessor into the
// branch's block. In a cycle the entry cannot reach, the branch (or its block) may use values
// of that successor; the merge then erases the successor while they are still used, and the
// greedy rewriter later reads freed memory. Folding a constant condition creates such cycles,
// and region simplification erases them only after the worklist drains. This pass runs the
// canonicalizer's own patterns with cf.br's behind a guard that declines exactly those merges.
//===----------------------------------------------------------------------===//
#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace strata::wasmir {
#define GEN_PASS_DEF_WASMCANONICALIZE
#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h.inc"
} // namespace strata::wasmir

using namespace mlir;

namespace {

/// True when merging the branch's single-predecessor successor into the branch's block would
/// leave uses of the successor's values behind: some operation of the branch's block (the
/// branch included) uses a value defined in the successor. Reachable code never does this.
bool mergeWouldOrphanUses(cf::BranchOp branch) {
  Block *successor = branch.getDest();
  Block *block = branch->getBlock();
  if (successor == block || !successor->getSinglePredecessor())
    return false;
  WalkResult found = block->walk([&](Operation *op) {
    for (Value operand : op->getOperands())
      if (operand.getParentBlock() == successor)
        return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return found.wasInterrupted();
}

/// One of cf.br's canonicalization patterns, declined where the merge would orphan uses.
struct GuardedBranchPattern : RewritePattern {
  GuardedBranchPattern(std::unique_ptr<RewritePattern> pattern, MLIRContext *context)
      : RewritePattern(cf::BranchOp::getOperationName(), pattern->getBenefit(), context),
        pattern(std::move(pattern)) {}

  LogicalResult matchAndRewrite(Operation *op, PatternRewriter &rewriter) const override {
    if (mergeWouldOrphanUses(cast<cf::BranchOp>(op)))
      return failure();
    return pattern->matchAndRewrite(op, rewriter);
  }

  std::unique_ptr<RewritePattern> pattern;
};

struct CanonicalizePass : strata::wasmir::impl::WasmCanonicalizeBase<CanonicalizePass> {
  LogicalResult initialize(MLIRContext *context) override {
    RewritePatternSet collected(context);
    for (Dialect *dialect : context->getLoadedDialects())
      dialect->getCanonicalizationPatterns(collected);
    for (RegisteredOperationName op : context->getRegisteredOperations())
      op.getCanonicalizationPatterns(collected, context);

    OperationName branchName(cf::BranchOp::getOperationName(), context);
    RewritePatternSet guarded(context);
    for (std::unique_ptr<RewritePattern> &pattern : collected.getNativePatterns()) {
      if (pattern->getRootKind() == branchName)
        guarded.add(std::make_unique<GuardedBranchPattern>(std::move(pattern), context));
      else
        guarded.add(std::move(pattern));
    }
    patterns = FrozenRewritePatternSet(std::move(guarded));
    return success();
  }

  void runOnOperation() override {
    // The canonicalizer's defaults.
    GreedyRewriteConfig config;
    config.useTopDownTraversal = true;
    config.enableRegionSimplification = GreedySimplifyRegionLevel::Normal;
    (void)applyPatternsAndFoldGreedily(getOperation(), patterns, config);
  }

  FrozenRewritePatternSet patterns;
};

} // namespace
