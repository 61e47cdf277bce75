// versionFaultingLoops: loop versioning for the accesses guard pages check. With guard pages,
// a linear-memory access that may be out of bounds is kept in place (FaultingAccesses.h), so
// that it traps exactly where the Wasm code has it; that also keeps LLVM from vectorizing a
// loop, or hoisting its accesses past its stores. For an innermost loop whose faulting accesses lie at
// addresses affine in its induction (with a computable trip count) or within a value range
// narrower than the address space (a masked index), one check before the loop (every
// byte the loop may touch lies inside the memory, which never shrinks) selects a copy of the
// loop whose accesses cannot trap and so are plain loads and stores; the original loop runs
// when the check fails, and traps where the Wasm code does. Runs before the vectorizers.
#include "FaultingAccesses.h"
#include "Pipeline.h"

#include "strata/runtime/Memory.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <optional>

namespace strata::mlirtier::pipeline {

namespace {
using runtime::MemoryInstance;

/// A faulting access: its instruction, the memory base load it addresses from, and the byte
/// range [low, high) it may touch over the loop, relative to the base.
struct FaultingAccess {
  llvm::Instruction *instruction;
  llvm::LoadInst *base;
  const llvm::SCEV *low;
  const llvm::SCEV *high;
};

class LoopVersioner {
public:
  LoopVersioner(llvm::Function &function, llvm::FunctionAnalysisManager &analyses)
      : function_(function), loops_(analyses.getResult<llvm::LoopAnalysis>(function)),
        dominators_(analyses.getResult<llvm::DominatorTreeAnalysis>(function)),
        scev_(analyses.getResult<llvm::ScalarEvolutionAnalysis>(function)),
        assumptions_(analyses.getResult<llvm::AssumptionAnalysis>(function)),
        i64_(llvm::Type::getInt64Ty(function.getContext())) {}

  bool run() {
    llvm::SmallVector<llvm::Loop *> innermost;
    for (llvm::Loop *loop : loops_.getLoopsInPreorder())
      if (loop->isInnermost())
        innermost.push_back(loop);
    for (llvm::Loop *loop : innermost)
      changed_ |= version(*loop);
    return changed_;
  }

private:
  /// The first and last value of `offset` over iterations 0..`count` of `loop`, in i64, or
  /// nullopt when it is not invariant plus one affine term with a constant step (or when the
  /// count is unknown, null, and the term varies).
  std::optional<std::pair<const llvm::SCEV *, const llvm::SCEV *>>
  extremes(const llvm::SCEV *offset, llvm::Loop &loop, const llvm::SCEV *count) {
    if (scev_.isLoopInvariant(offset, &loop)) {
      const llvm::SCEV *wide = scev_.getNoopOrZeroExtend(offset, i64_);
      return std::pair(wide, wide);
    }
    if (auto *sum = llvm::dyn_cast<llvm::SCEVAddExpr>(offset)) {
      const llvm::SCEV *invariant = scev_.getZero(i64_);
      const llvm::SCEV *variant = nullptr;
      for (const llvm::SCEV *term : sum->operands()) {
        if (scev_.isLoopInvariant(term, &loop))
          invariant = scev_.getAddExpr(invariant, scev_.getNoopOrZeroExtend(term, i64_));
        else if (variant)
          return std::nullopt;
        else
          variant = term;
      }
      auto inner = extremes(variant, loop, count);
      if (!inner)
        return std::nullopt;
      return std::pair(scev_.getAddExpr(invariant, inner->first),
                       scev_.getAddExpr(invariant, inner->second));
    }
    // A zero-extended i32 recurrence: evaluated in i64 it never wraps, so a wrap of the i32
    // address shows as a range outside the memory.
    bool extended = false;
    if (auto *zext = llvm::dyn_cast<llvm::SCEVZeroExtendExpr>(offset)) {
      offset = zext->getOperand();
      extended = true;
    }
    auto *recurrence = llvm::dyn_cast<llvm::SCEVAddRecExpr>(offset);
    if (!count || !recurrence || recurrence->getLoop() != &loop || !recurrence->isAffine())
      return std::nullopt;
    auto *step = llvm::dyn_cast<llvm::SCEVConstant>(recurrence->getStepRecurrence(scev_));
    if (!step)
      return std::nullopt;
    const llvm::SCEV *start = recurrence->getStart();
    if (!scev_.isLoopInvariant(start, &loop))
      return std::nullopt;
    const llvm::SCEV *first = extended ? scev_.getZeroExtendExpr(start, i64_)
                                       : scev_.getNoopOrSignExtend(start, i64_);
    const llvm::SCEV *last = scev_.getAddExpr(
        first, scev_.getMulExpr(scev_.getTruncateOrZeroExtend(count, i64_),
                                scev_.getConstant(i64_, step->getAPInt().getSExtValue(), true)));
    return std::pair(first, last);
  }

  /// The least and greatest value `offset` can take at all, when that range is narrower than
  /// the 32-bit address space (a masked or shifted index, as in a hash table's probe).
  std::optional<std::pair<const llvm::SCEV *, const llvm::SCEV *>>
  valueRange(const llvm::SCEV *offset) {
    llvm::ConstantRange range = scev_.getUnsignedRange(offset);
    if (range.isFullSet() || range.getUnsignedMax().uge((uint64_t(1) << 32) - 1))
      return std::nullopt;
    return std::pair(scev_.getConstant(i64_, range.getUnsignedMin().getZExtValue()),
                     scev_.getConstant(i64_, range.getUnsignedMax().getZExtValue()));
  }

  /// The faulting access's range over the loop, or nullopt when it cannot be bounded.
  std::optional<FaultingAccess> describe(llvm::Instruction *instruction, llvm::Loop &loop,
                                         const llvm::SCEV *count) {
    const llvm::SCEV *address = scev_.getSCEV(accessPointer(instruction));
    auto *baseUnknown = llvm::dyn_cast<llvm::SCEVUnknown>(scev_.getPointerBase(address));
    if (!baseUnknown)
      return std::nullopt;
    auto *base = llvm::dyn_cast<llvm::LoadInst>(baseUnknown->getValue());
    if (!base || !base->getType()->isPointerTy() || loop.contains(base))
      return std::nullopt;
    const llvm::SCEV *offset = scev_.removePointerBase(address);
    auto range = extremes(offset, loop, count);
    if (!range)
      range = valueRange(offset);
    if (!range)
      return std::nullopt;
    auto [first, last] = *range;
    // first <= last unless the step is negative; the checks take the signed minimum and maximum.
    const llvm::SCEV *low = scev_.getSMinExpr(first, last);
    uint64_t width = function_.getDataLayout().getTypeStoreSize(accessType(instruction));
    const llvm::SCEV *high =
        scev_.getAddExpr(scev_.getSMaxExpr(first, last), scev_.getConstant(i64_, width));
    return FaultingAccess{instruction, base, low, high};
  }

  /// The ranges of the loop's faulting accesses, or nullopt when one cannot be bounded.
  std::optional<llvm::SmallVector<FaultingAccess>> describeAll(llvm::Loop &loop) {
    const llvm::SCEV *count = scev_.getSymbolicMaxBackedgeTakenCount(&loop);
    if (llvm::isa<llvm::SCEVCouldNotCompute>(count))
      count = nullptr;
    llvm::SmallVector<FaultingAccess> accesses;
    for (llvm::BasicBlock *block : loop.blocks())
      for (llvm::Instruction &instruction : *block) {
        if (!isFaultingAccess(instruction))
          continue;
        auto access = describe(&instruction, loop, count);
        if (!access)
          return std::nullopt;
        accesses.push_back(*access);
      }
    return accesses;
  }

  bool version(llvm::Loop &loop) {
    if (!llvm::any_of(loop.blocks(), [](llvm::BasicBlock *block) {
          return llvm::any_of(*block, isFaultingAccess);
        }))
      return false;
    // Most loops cannot be versioned (an access SCEV cannot bound): find out before changing
    // anything, since canonicalizing makes ScalarEvolution forget the loop (on bzip2 that
    // was half of this pass's time).
    auto accesses = describeAll(loop);
    if (!accesses || accesses->empty())
      return false;
    // The canonical form the vectorizer gets too: a preheader, dedicated exits, LCSSA. The
    // earlier loop passes leave most loops in it.
    bool canonicalized = false;
    if (!loop.isLoopSimplifyForm())
      canonicalized |=
          llvm::simplifyLoop(&loop, &dominators_, &loops_, &scev_, &assumptions_, nullptr, false);
    if (!loop.isLCSSAForm(dominators_))
      canonicalized |= llvm::formLCSSA(loop, dominators_, &loops_, &scev_);
    changed_ |= canonicalized;
    llvm::BasicBlock *preheader = loop.getLoopPreheader();
    llvm::BasicBlock *exit = loop.getExitBlock();
    if (!preheader || !exit || !loop.isLoopSimplifyForm() || !loop.isLCSSAForm(dominators_))
      return false;
    if (canonicalized) {
      accesses = describeAll(loop);
      if (!accesses || accesses->empty())
        return false;
    }

    llvm::Instruction *checkAt = preheader->getTerminator();
    llvm::SCEVExpander expander(scev_, function_.getDataLayout(), "strata.bounds");
    for (const FaultingAccess &access : *accesses)
      if (!expander.isSafeToExpandAt(access.low, checkAt) ||
          !expander.isSafeToExpandAt(access.high, checkAt))
        return false;
    llvm::Value *inBounds = buildCheck(*accesses, expander, checkAt);

    // The preheader becomes the check; the clone, entered when it fails, keeps the faulting
    // accesses, and both loops leave into the exit block.
    llvm::BasicBlock *fastPreheader =
        llvm::SplitBlock(preheader, checkAt, &dominators_, &loops_, nullptr, ".bounds-checked");
    llvm::ValueToValueMapTy map;
    llvm::SmallVector<llvm::BasicBlock *> cloned;
    llvm::Loop *slow = llvm::cloneLoopWithPreheader(fastPreheader, preheader, &loop, map,
                                                    ".faulting", &loops_, &dominators_, cloned);
    llvm::remapInstructionsInBlocks(cloned, map);
    llvm::Instruction *oldBranch = preheader->getTerminator();
    llvm::BranchInst::Create(fastPreheader, slow->getLoopPreheader(), inBounds, oldBranch);
    oldBranch->eraseFromParent();
    dominators_.changeImmediateDominator(exit, preheader);
    for (llvm::PHINode &phi : exit->phis())
      for (unsigned i = 0, e = phi.getNumIncomingValues(); i < e; ++i)
        if (loop.contains(phi.getIncomingBlock(i))) {
          llvm::Value *value = phi.getIncomingValue(i);
          auto mapped = map.find(value);
          phi.addIncoming(mapped == map.end() ? value : static_cast<llvm::Value *>(mapped->second),
                          llvm::cast<llvm::BasicBlock>(map[phi.getIncomingBlock(i)]));
        }
    for (const FaultingAccess &access : *accesses)
      makePlainAccess(access.instruction);
    keepSimple(*slow);
    scev_.forgetLoop(&loop);
    return true;
  }

  /// 0 <= low and high <= size for each memory, over the lowest and highest byte of its
  /// accesses (SCEV folds the many that differ by a constant into one).
  llvm::Value *buildCheck(llvm::ArrayRef<FaultingAccess> accesses, llvm::SCEVExpander &expander,
                          llvm::Instruction *at) {
    llvm::MapVector<llvm::Value *, std::pair<const llvm::SCEV *, const llvm::SCEV *>> spans;
    for (const FaultingAccess &access : accesses) {
      auto [it, added] = spans.try_emplace(access.base->getPointerOperand(), access.low,
                                           access.high);
      if (!added)
        it->second = {scev_.getSMinExpr(it->second.first, access.low),
                      scev_.getSMaxExpr(it->second.second, access.high)};
    }
    llvm::IRBuilder<> builder(at);
    llvm::Value *all = builder.getTrue();
    for (auto &[instance, span] : spans) {
      llvm::Value *low = expander.expandCodeFor(span.first, i64_, at);
      llvm::Value *high = expander.expandCodeFor(span.second, i64_, at);
      builder.SetInsertPoint(at);
      llvm::Value *field = builder.CreateConstInBoundsGEP1_64(
          builder.getInt8Ty(), instance, MemoryInstance::kSizeOffset - MemoryInstance::kBaseOffset);
      llvm::LoadInst *size = builder.CreateLoad(i64_, field, "strata.memory.size");
      size->setMetadata(llvm::LLVMContext::MD_tbaa, accessTag(size->getContext(), "runtime"));
      all = builder.CreateAnd(all, builder.CreateICmpSGE(low, builder.getInt64(0)));
      all = builder.CreateAnd(all, builder.CreateICmpULE(high, size));
    }
    return all;
  }

  /// The loop with faulting accesses runs only when an access may be out of bounds, to trap
  /// there: unrolling or vectorizing it would cost compile time for nothing.
  void keepSimple(llvm::Loop &loop) {
    llvm::LLVMContext &context = function_.getContext();
    llvm::SmallVector<llvm::Metadata *> hints = {nullptr};
    if (llvm::MDNode *existing = loop.getLoopID())
      for (unsigned i = 1; i < existing->getNumOperands(); ++i)
        hints.push_back(existing->getOperand(i));
    hints.push_back(llvm::MDNode::get(context, llvm::MDString::get(context, "llvm.loop.unroll.disable")));
    hints.push_back(llvm::MDNode::get(
        context, {llvm::MDString::get(context, "llvm.loop.vectorize.enable"),
                  llvm::ConstantAsMetadata::get(llvm::ConstantInt::getFalse(context))}));
    llvm::MDNode *id = llvm::MDNode::getDistinct(context, hints);
    id->replaceOperandWith(0, id);
    loop.setLoopID(id);
  }

  llvm::Function &function_;
  llvm::LoopInfo &loops_;
  llvm::DominatorTree &dominators_;
  llvm::ScalarEvolution &scev_;
  llvm::AssumptionCache &assumptions_;
  llvm::IntegerType *i64_;
  /// A loop was versioned or canonicalized.
  bool changed_ = false;
};

} // namespace

llvm::PreservedAnalyses VersionFaultingLoopsPass::run(llvm::Function &function,
                                                      llvm::FunctionAnalysisManager &analyses) {
  if (function.isDeclaration() || !LoopVersioner(function, analyses).run())
    return llvm::PreservedAnalyses::all();
  return llvm::PreservedAnalyses::none();
}

} // namespace strata::mlirtier::pipeline
