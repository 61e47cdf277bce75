// The translator's operand stack model: operands in their canonical slots, in locals, or
// constants; materialization into canonical slots; local writes with destination retargeting.

#include "FunctionTranslator.h"

#include <algorithm>

namespace strata::interp {

using wasm::ValType;

void FunctionTranslator::emitConst(uint32_t slot, ValType type, uint64_t bits) {
  // Const32 zero-extends, which also covers 64-bit values with a zero high half.
  if (bits >> 32) {
    emitOp(Op::Const64);
    code_.word(slot);
    code_.imm64(bits);
  } else {
    emitOp(Op::Const32);
    code_.word(slot);
    code_.word(uint32_t(bits));
  }
}

void FunctionTranslator::emitCopy(uint32_t dst, uint32_t src, ValType type) {
  emitOp(type == ValType::V128 ? Op::Copy2 : Op::Copy);
  code_.word(dst);
  code_.word(src);
}

void FunctionTranslator::materialize(Operand &operand) {
  if (operand.where == Where::Local) {
    emitCopy(canonicalSlot(operand), operand.local, operand.type);
    --localRefs_[operand.local];
  } else if (operand.where == Where::Const) {
    emitConst(canonicalSlot(operand), operand.type, operand.bits);
  }
  operand.where = Where::Stack;
}

void FunctionTranslator::materializeAll() {
  for (uint32_t i = canonicalFrom_; i < stack_.size(); ++i)
    materialize(stack_[i]);
  canonicalFrom_ = uint32_t(stack_.size());
}

void FunctionTranslator::materializeTop(uint32_t count) {
  uint32_t from = std::max(canonicalFrom_, uint32_t(stack_.size()) - count);
  for (uint32_t i = from; i < stack_.size(); ++i)
    materialize(stack_[i]);
  if (canonicalFrom_ >= from)
    canonicalFrom_ = uint32_t(stack_.size());
}

void FunctionTranslator::truncateStack(uint32_t baseIndex, uint32_t baseHeight) {
  while (stack_.size() > baseIndex)
    pop();
  height_ = baseHeight;
}

void FunctionTranslator::localSet(uint32_t localIndex, bool tee) {
  uint32_t slot = localSlots_[localIndex];
  ValType type = localTypes_[localIndex];
  Operand value = stack_.back();
  // Operands that still read the local must take its current value first.
  uint32_t readersBelow = localRefs_[slot] - (value.where == Where::Local && value.local == slot);
  if (readersBelow) {
    for (uint32_t i = canonicalFrom_; i + 1 < stack_.size(); ++i)
      if (stack_[i].where == Where::Local && stack_[i].local == slot)
        materialize(stack_[i]);
  }
  value = pop();
  if (value.where == Where::Local && value.local == slot) {
    // local.set of its own value: nothing to do
  } else if (options_.foldLocals && value.where == Where::Stack && previous().end == code_.size() &&
             previous().height == value.height) {
    code_[previous().dstWord] = slot; // the producer writes the local directly
  } else if (value.where == Where::Const) {
    emitConst(slot, type, value.bits);
  } else {
    emitCopy(slot, slotOf(value), type);
  }
  if (tee)
    pushLocal(localIndex);
}

} // namespace strata::interp
