// The translator's operand stack model: operands in their canonical slots, in locals, or
// constants; materialization into canonical slots; local writes with destination retargeting.

#include "FunctionTranslator.h"

#include <algorithm>

namespace strata::interp {

using wasm::ValType;

void FunctionTranslator::pushStack(ValType type) {
  stack_.push_back({type, Where::Stack, height_, 0, 0});
  height_ += wasm::slotCount(type);
  maxHeight_ = std::max(maxHeight_, height_);
}

void FunctionTranslator::pushLocal(uint32_t localIndex) {
  ValType type = localTypes_[localIndex];
  uint32_t slot = localSlots_[localIndex];
  canonicalFrom_ = std::min(canonicalFrom_, uint32_t(stack_.size()));
  stack_.push_back({type, Where::Local, height_, slot, 0});
  ++localRefs_[slot];
  height_ += wasm::slotCount(type);
  maxHeight_ = std::max(maxHeight_, height_);
}

void FunctionTranslator::pushConst(ValType type, uint64_t bits) {
  canonicalFrom_ = std::min(canonicalFrom_, uint32_t(stack_.size()));
  stack_.push_back({type, Where::Const, height_, 0, bits});
  height_ += wasm::slotCount(type);
  maxHeight_ = std::max(maxHeight_, height_);
}

FunctionTranslator::Operand FunctionTranslator::pop() {
  Operand operand = stack_.back();
  stack_.pop_back();
  height_ = operand.height;
  if (operand.where == Where::Local)
    --localRefs_[operand.local];
  canonicalFrom_ = std::min(canonicalFrom_, uint32_t(stack_.size()));
  return operand;
}

void FunctionTranslator::emitConst(uint32_t slot, ValType type, uint64_t bits) {
  // Const32 zero-extends, which also covers 64-bit values with a zero high half.
  if (bits >> 32) {
    code_.op(Op::Const64);
    code_.word(slot);
    code_.imm64(bits);
  } else {
    code_.op(Op::Const32);
    code_.word(slot);
    code_.word(uint32_t(bits));
  }
}

void FunctionTranslator::emitCopy(uint32_t dst, uint32_t src, ValType type) {
  code_.op(type == ValType::V128 ? Op::Copy2 : Op::Copy);
  code_.word(dst);
  code_.word(src);
}

uint32_t FunctionTranslator::slotOf(const Operand &operand) {
  switch (operand.where) {
  case Where::Stack:
    return canonicalSlot(operand);
  case Where::Local:
    return operand.local;
  case Where::Const:
    break;
  }
  uint32_t slot = canonicalSlot(operand);
  emitConst(slot, operand.type, operand.bits);
  return slot;
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

uint32_t FunctionTranslator::pushResult(ValType type) {
  uint32_t slot = numLocalSlots_ + height_;
  pushStack(type);
  return slot;
}

void FunctionTranslator::noteResult(uint32_t start, uint32_t dstWord, uint32_t height) {
  last_ = {};
  last_.start = start;
  last_.end = code_.size();
  last_.dstWord = dstWord;
  last_.height = height;
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
  } else if (value.where == Where::Stack && previous_.end == code_.size() &&
             previous_.height == value.height) {
    code_[previous_.dstWord] = slot; // the producer writes the local directly
  } else if (value.where == Where::Const) {
    emitConst(slot, type, value.bits);
  } else {
    emitCopy(slot, slotOf(value), type);
  }
  if (tee)
    pushLocal(localIndex);
}

} // namespace strata::interp
