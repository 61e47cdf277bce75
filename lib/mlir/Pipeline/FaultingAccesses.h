// The accesses guard pages check, as the LLVM passes after the lowering see them: linear-memory
// loads and stores that are volatile and carry no alias tag (LowerMemory.cpp). A pass that
// proves one cannot trap turns it into a plain access tagged as linear memory.
#pragma once

#include "llvm/IR/Instructions.h"

namespace strata::mlirtier::pipeline {

inline bool isFaultingAccess(const llvm::Instruction &instruction) {
  if (auto *load = llvm::dyn_cast<llvm::LoadInst>(&instruction))
    return load->isVolatile() && !load->getMetadata(llvm::LLVMContext::MD_tbaa);
  if (auto *store = llvm::dyn_cast<llvm::StoreInst>(&instruction))
    return store->isVolatile() && !store->getMetadata(llvm::LLVMContext::MD_tbaa);
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

/// Makes a faulting access an ordinary linear-memory access (the lowering's alias tag).
void makePlainAccess(llvm::Instruction *access);

} // namespace strata::mlirtier::pipeline
