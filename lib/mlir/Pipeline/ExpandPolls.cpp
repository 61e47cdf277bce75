// expandPolls: the interrupt check of wasm.poll, placed after the LLVM pipeline. The lowering
// leaves llvm.sideeffect at each poll: a call LLVM never removes or hoists, but one the loop
// vectorizer and unroller accept, where they would give up on the atomic load and the call of
// the real check. Here each marker becomes
//   if (*flag) strata_rt_poll(vmctx);
// with `flag` (limits->interruptFlag) loaded once at the function's entry: a nested native
// entry restores it before it returns. Markers that unrolling or vectorization repeated in one
// block are one poll, and a function that neither loops nor calls (after inlining) needs none:
// it ends soon after it starts.
#include "Pipeline.h"

#include "strata/runtime/VMContext.h"

#include "llvm/Analysis/CFG.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

namespace strata::mlirtier::pipeline {

namespace {
using runtime::NativeLimits;
using runtime::VMContext;

/// True when the function has a cycle or calls code that may run for long.
bool mayRunLong(llvm::Function &function) {
  llvm::SmallVector<std::pair<const llvm::BasicBlock *, const llvm::BasicBlock *>> backEdges;
  llvm::FindFunctionBackedges(function, backEdges);
  if (!backEdges.empty())
    return true;
  for (llvm::BasicBlock &block : function)
    for (llvm::Instruction &instruction : block) {
      auto *call = llvm::dyn_cast<llvm::CallBase>(&instruction);
      if (!call)
        continue;
      llvm::Function *callee = call->getCalledFunction();
      if (!callee)
        return true;
      // The runtime's functions return promptly, except the one that runs another function.
      llvm::StringRef name = callee->getName();
      if (!callee->isIntrinsic() &&
          (!name.starts_with("strata_rt_") || name == "strata_rt_call_function"))
        return true;
    }
  return false;
}

void expandPolls(llvm::Function &function, llvm::FunctionCallee poll) {
  llvm::SmallVector<llvm::IntrinsicInst *> markers;
  llvm::SmallPtrSet<llvm::BasicBlock *, 16> polled;
  llvm::SmallVector<llvm::IntrinsicInst *> repeated;
  for (llvm::BasicBlock &block : function)
    for (llvm::Instruction &instruction : block)
      if (auto *marker = llvm::dyn_cast<llvm::IntrinsicInst>(&instruction))
        if (marker->getIntrinsicID() == llvm::Intrinsic::sideeffect)
          (polled.insert(&block).second ? markers : repeated).push_back(marker);
  for (llvm::IntrinsicInst *marker : repeated)
    marker->eraseFromParent();
  if (markers.empty())
    return;
  llvm::Argument *vmctx = function.arg_empty() ? nullptr : function.getArg(0);
  if (!vmctx || !vmctx->getType()->isPointerTy() || !mayRunLong(function)) {
    for (llvm::IntrinsicInst *marker : markers)
      marker->eraseFromParent();
    return;
  }

  llvm::LLVMContext &context = function.getContext();
  llvm::Type *ptr = llvm::PointerType::get(context, 0);
  // wasm_f<N> and its thunk wasm_f<N>$array (which inlines it) name function N, for the
  // interrupted trap's stack trace.
  int32_t functionIndex = -1;
  if (llvm::StringRef name = function.getName(); name.consume_front("wasm_f"))
    if (unsigned index; !name.consumeInteger(10, index))
      functionIndex = int32_t(index);
  llvm::IRBuilder<> builder(&*function.getEntryBlock().getFirstInsertionPt());
  llvm::Value *offsetField = builder.CreateConstInBoundsGEP1_64(
      builder.getInt8Ty(), vmctx, VMContext::kLimitsThreadOffset);
  llvm::LoadInst *offset = builder.CreateAlignedLoad(builder.getInt64Ty(), offsetField,
                                                     llvm::Align(8));
  offset->setMetadata(llvm::LLVMContext::MD_invariant_load, llvm::MDNode::get(context, {}));
  llvm::Value *thread = builder.CreateIntrinsic(llvm::Intrinsic::thread_pointer, {}, {});
  llvm::Value *limits = builder.CreateGEP(builder.getInt8Ty(), thread, offset);
  llvm::Value *flagField = builder.CreateConstInBoundsGEP1_64(builder.getInt8Ty(), limits,
                                                              NativeLimits::kInterruptFlagOffset);
  llvm::Value *flag = builder.CreateAlignedLoad(ptr, flagField, llvm::Align(8));

  llvm::MDNode *unlikely = llvm::MDBuilder(context).createBranchWeights(1, 1 << 20);
  for (llvm::IntrinsicInst *marker : markers) {
    builder.SetInsertPoint(marker);
    llvm::LoadInst *value = builder.CreateAlignedLoad(builder.getInt8Ty(), flag, llvm::Align(1));
    value->setAtomic(llvm::AtomicOrdering::Monotonic);
    llvm::Value *set = builder.CreateICmpNE(value, builder.getInt8(0));
    llvm::Instruction *slowEnd = llvm::SplitBlockAndInsertIfThen(set, marker, false, unlikely);
    builder.SetInsertPoint(slowEnd);
    builder.CreateCall(poll, {vmctx, builder.getInt32(uint32_t(functionIndex))});
    marker->eraseFromParent();
  }
}
} // namespace

void expandPolls(llvm::Module &module) {
  llvm::LLVMContext &context = module.getContext();
  llvm::FunctionCallee poll = module.getOrInsertFunction(
      "strata_rt_poll", llvm::Type::getVoidTy(context), llvm::PointerType::get(context, 0),
      llvm::Type::getInt32Ty(context));
  for (llvm::Function &function : module)
    if (!function.isDeclaration())
      expandPolls(function, poll);
  if (llvm::Function *marker = module.getFunction("llvm.sideeffect"))
    if (marker->use_empty())
      marker->eraseFromParent();
  if (auto *declaration = llvm::dyn_cast<llvm::Function>(poll.getCallee())) {
    if (declaration->use_empty())
      declaration->eraseFromParent();
    else
      declaration->addFnAttr(llvm::Attribute::NoUnwind);
  }
}

} // namespace strata::mlirtier::pipeline
