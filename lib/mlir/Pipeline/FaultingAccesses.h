// The accesses guard pages check, as the LLVM passes after the lowering see them: linear-memory
// accesses whose alias type is kFaultingAccessType, the parent of linear memory's and the
// globals' (LowerMemory.cpp). A faulting store is volatile; a faulting load is plain but kept
// alive by a marker call that takes its value (`strata.faulting_load.<type>`), or volatile where
// the marker cannot protect it (v128 loads, and every one with exact-traps=volatile). A pass
// that proves one cannot trap turns it into a plain access tagged as linear memory.
#pragma once

#include "strata/mlir/Conversion/WasmToLLVM.h"

#include "llvm/IR/Instructions.h"

namespace strata::mlirtier::pipeline {

/// Whether an access with alias tag `tag` may fault. An untagged one may: LLVM drops the tag
/// where it merges accesses of unrelated types.
inline bool isFaultingTag(const llvm::MDNode *tag) {
  if (!tag)
    return true;
  if (tag->getNumOperands() < 2)
    return false;
  auto *type = llvm::dyn_cast<llvm::MDNode>(tag->getOperand(1));
  auto *name = type && type->getNumOperands() ? llvm::dyn_cast<llvm::MDString>(type->getOperand(0))
                                              : nullptr;
  return name && name->getString() == kFaultingAccessType;
}

inline bool isFaultingAccess(const llvm::Instruction &instruction) {
  if (auto *load = llvm::dyn_cast<llvm::LoadInst>(&instruction))
    return !load->isAtomic() && isFaultingTag(load->getMetadata(llvm::LLVMContext::MD_tbaa));
  if (auto *store = llvm::dyn_cast<llvm::StoreInst>(&instruction))
    return store->isVolatile() && isFaultingTag(store->getMetadata(llvm::LLVMContext::MD_tbaa));
  return false;
}

inline llvm::Value *accessPointer(llvm::Instruction *access) {
  if (auto *load = llvm::dyn_cast<llvm::LoadInst>(access))
    return load->getPointerOperand();
  return llvm::cast<llvm::StoreInst>(access)->getPointerOperand();
}

inline llvm::Type *accessType(llvm::Instruction *access) {
  if (auto *load = llvm::dyn_cast<llvm::LoadInst>(access))
    return load->getType();
  return llvm::cast<llvm::StoreInst>(access)->getValueOperand()->getType();
}

/// The alias tag the lowering gives accesses of `kind` ("linear memory", "runtime":
/// ModuleLowering::accessTag).
llvm::MDNode *accessTag(llvm::LLVMContext &context, llvm::StringRef kind);

/// Makes a faulting access an ordinary linear-memory access (the lowering's alias tag), and
/// drops a load's markers.
void makePlainAccess(llvm::Instruction *access);

} // namespace strata::mlirtier::pipeline
