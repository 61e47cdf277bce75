// ProvenAccessesPass: a faulting access whose every possible address lies within the memory's
// declared minimum size cannot trap (memory never shrinks), so it becomes a plain access that
// LLVM may forward, combine and hoist. The wasm-level wasm-bounds-check-elim proves constant
// addresses; this sees what LLVM learns later: addresses that became constants after inlining
// and unrolling (a static array walked by a loop of constant trip count), and value ranges (a
// masked index into a static table).
#include "FaultingAccesses.h"
#include "Pipeline.h"

#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"

namespace strata::mlirtier::pipeline {

llvm::PreservedAnalyses ProvenAccessesPass::run(llvm::Function &function,
                                                llvm::FunctionAnalysisManager &analyses) {
  if (minMemoryBytes_ == 0 || function.isDeclaration())
    return llvm::PreservedAnalyses::all();
  llvm::SmallVector<llvm::Instruction *> faulting;
  for (llvm::BasicBlock &block : function)
    for (llvm::Instruction &instruction : block)
      if (isFaultingAccess(instruction))
        faulting.push_back(&instruction);
  if (faulting.empty())
    return llvm::PreservedAnalyses::all();
  llvm::ScalarEvolution &scev = analyses.getResult<llvm::ScalarEvolutionAnalysis>(function);
  const llvm::DataLayout &layout = function.getDataLayout();
  bool changed = false;
  for (llvm::Instruction *access : faulting) {
    const llvm::SCEV *address = scev.getSCEV(accessPointer(access));
    if (!llvm::isa<llvm::SCEVUnknown>(scev.getPointerBase(address)))
      continue;
    llvm::ConstantRange range = scev.getUnsignedRange(scev.removePointerBase(address));
    uint64_t width = layout.getTypeStoreSize(accessType(access));
    if (range.isFullSet() || range.getUnsignedMax().ugt(minMemoryBytes_ - width))
      continue;
    makePlainAccess(access);
    changed = true;
  }
  if (!changed)
    return llvm::PreservedAnalyses::all();
  // Only flags and alias tags changed and markers (void calls) went: the CFG analyses and
  // ScalarEvolution, which the loop passes after this would otherwise rebuild, still hold.
  llvm::PreservedAnalyses preserved;
  preserved.preserveSet<llvm::CFGAnalyses>();
  preserved.preserve<llvm::ScalarEvolutionAnalysis>();
  return preserved;
}

} // namespace strata::mlirtier::pipeline
