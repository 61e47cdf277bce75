// Faulting loads between the lowering and machine code. The lowering keeps each one alive with
// a marker call that takes its value (FaultingAccesses.h); LLVM's passes may then forward,
// combine and reorder such loads among themselves, but never delete one, sink it past a branch
// or narrow it, and its alias type keeps it on its side of every store to memory or a global
// (and of calls). After the pipeline (releaseFaultingLoads) every faulting load becomes
// volatile and the markers go:
// instruction selection would otherwise delete an unused load or narrow `load & 0xff` to a
// byte load, which no longer reaches past the end of memory.
#include "FaultingAccesses.h"
#include "Pipeline.h"

#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Local.h"

namespace strata::mlirtier::pipeline {

namespace {
bool isMarker(const llvm::User *user) {
  auto *call = llvm::dyn_cast<llvm::CallInst>(user);
  llvm::Function *callee = call ? call->getCalledFunction() : nullptr;
  return callee && callee->getName().starts_with(kFaultingLoadMarkerPrefix);
}
} // namespace

llvm::MDNode *accessTag(llvm::LLVMContext &context, llvm::StringRef kind) {
  llvm::MDBuilder md(context);
  llvm::MDNode *root = md.createTBAARoot("strata");
  llvm::MDNode *wasmState = md.createTBAAScalarTypeNode(kFaultingAccessType, root);
  llvm::MDNode *type = kind == kFaultingAccessType ? wasmState
                        : md.createTBAAScalarTypeNode(kind, isWasmStateType(kind) ? wasmState : root);
  return md.createTBAAStructTagNode(type, type, 0);
}

void makePlainAccess(llvm::Instruction *access) {
  if (auto *load = llvm::dyn_cast<llvm::LoadInst>(access)) {
    load->setVolatile(false);
    for (llvm::User *user : llvm::make_early_inc_range(load->users()))
      if (isMarker(user))
        llvm::cast<llvm::Instruction>(user)->eraseFromParent();
  } else {
    llvm::cast<llvm::StoreInst>(access)->setVolatile(false);
  }
  access->setMetadata(llvm::LLVMContext::MD_tbaa,
                      accessTag(access->getContext(), "linear memory"));
}

void releaseFaultingLoads(llvm::Module &module) {
  llvm::SmallVector<llvm::Function *> markers;
  for (llvm::Function &function : module) {
    if (function.isDeclaration()) {
      if (function.getName().starts_with(kFaultingLoadMarkerPrefix))
        markers.push_back(&function);
      continue;
    }
    for (llvm::BasicBlock &block : function)
      for (llvm::Instruction &instruction : block)
        if (auto *load = llvm::dyn_cast<llvm::LoadInst>(&instruction))
          if (isFaultingAccess(*load))
            load->setVolatile(true);
  }
  for (llvm::Function *marker : markers) {
    for (llvm::User *user : llvm::make_early_inc_range(marker->users())) {
      auto *call = llvm::cast<llvm::CallInst>(user);
      llvm::Value *value = call->getArgOperand(0);
      call->eraseFromParent();
      // What only the marker used (a phi of loads, a conversion) goes; the loads stay.
      llvm::RecursivelyDeleteTriviallyDeadInstructions(value);
    }
    marker->eraseFromParent();
  }
}

} // namespace strata::mlirtier::pipeline
