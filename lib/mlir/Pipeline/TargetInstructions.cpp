// selectTargetInstructions: Wasm instructions that one machine instruction implements, given
// to the backend as that instruction's intrinsic, before the LLVM pipeline can take apart the
// generic form the frontend emits.
//
// i32x4.dot_i16x8_s is pmaddwd on x86-64. Its generic form (sign-extend both operands, multiply,
// add the even lanes to the odd ones) is only recognized by the backend as a whole; once LICM
// hoists a loop-invariant operand's extension, the backend sees a multiply of extended values
// and emits two widening moves, two pmulld and a shuffle per dot product (simd_dot ran 1.5x
// native). aarch64 has no single instruction for it, so its generic form stays.
#include "Pipeline.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicsX86.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/Local.h"

namespace strata::mlirtier::pipeline {

namespace {
using namespace llvm::PatternMatch;

/// The shuffle of a product's even (`odd` false) or odd lanes into a vector of 4.
bool isEveryOther(llvm::Value *value, llvm::Value *&product, bool odd) {
  auto *shuffle = llvm::dyn_cast<llvm::ShuffleVectorInst>(value);
  if (!shuffle || shuffle->getShuffleMask().size() != 4)
    return false;
  for (int lane = 0; lane < 4; ++lane)
    if (shuffle->getMaskValue(lane) != 2 * lane + int(odd))
      return false;
  product = shuffle->getOperand(0);
  return true;
}

/// `sum` as the dot product of two <8 x i16> vectors: add(even(p), odd(p)) with
/// p = mul(sext a, sext b), the frontend's form of i32x4.dot_i16x8_s.
bool matchDotProduct(llvm::Instruction &sum, llvm::Value *&a, llvm::Value *&b) {
  llvm::Value *left, *right, *evenOf, *oddOf;
  if (!match(&sum, m_Add(m_Value(left), m_Value(right))))
    return false;
  if (!(isEveryOther(left, evenOf, false) && isEveryOther(right, oddOf, true)) &&
      !(isEveryOther(right, evenOf, false) && isEveryOther(left, oddOf, true)))
    return false;
  if (evenOf != oddOf || !match(evenOf, m_Mul(m_SExt(m_Value(a)), m_SExt(m_Value(b)))))
    return false;
  auto *i16x8 = llvm::FixedVectorType::get(llvm::Type::getInt16Ty(sum.getContext()), 8);
  return a->getType() == i16x8 && b->getType() == i16x8;
}

void selectDotProducts(llvm::Function &function) {
  llvm::SmallVector<llvm::Instruction *> sums;
  for (llvm::BasicBlock &block : function)
    for (llvm::Instruction &instruction : block)
      if (instruction.getOpcode() == llvm::Instruction::Add && instruction.getType()->isVectorTy())
        sums.push_back(&instruction);
  for (llvm::Instruction *sum : sums) {
    llvm::Value *a, *b;
    if (!matchDotProduct(*sum, a, b))
      continue;
    llvm::IRBuilder<> builder(sum);
    llvm::Value *pmaddwd =
        builder.CreateIntrinsic(llvm::Intrinsic::x86_sse2_pmadd_wd, {}, {a, b}, nullptr, "dot");
    sum->replaceAllUsesWith(pmaddwd);
    llvm::RecursivelyDeleteTriviallyDeadInstructions(sum);
  }
}
} // namespace

void selectTargetInstructions(llvm::Module &module) {
  if (!llvm::Triple(module.getTargetTriple()).isX86())
    return;
  for (llvm::Function &function : module)
    if (!function.isDeclaration())
      selectDotProducts(function);
}

} // namespace strata::mlirtier::pipeline
