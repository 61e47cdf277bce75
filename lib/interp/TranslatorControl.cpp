// Translation of structured control flow into jumps. Every block boundary materializes the
// operand stack, so at each label (and each loop header, which OSR relies on) every operand is
// in its canonical slot and a branch only moves its values to the label's height. Branches to
// loops poll for interruption; branches to the function's own label return.

#include "FunctionTranslator.h"

namespace strata::interp {

using wasm::Opcode;
using wasm::ValType;

namespace {
/// The comparison that holds exactly when `op` does not (integers have no unordered case).
Opcode negated(Opcode op) {
  switch (op) {
  case Opcode::I32Eq:
    return Opcode::I32Ne;
  case Opcode::I32Ne:
    return Opcode::I32Eq;
  case Opcode::I32LtS:
    return Opcode::I32GeS;
  case Opcode::I32GeS:
    return Opcode::I32LtS;
  case Opcode::I32LtU:
    return Opcode::I32GeU;
  case Opcode::I32GeU:
    return Opcode::I32LtU;
  case Opcode::I32GtS:
    return Opcode::I32LeS;
  case Opcode::I32LeS:
    return Opcode::I32GtS;
  case Opcode::I32GtU:
    return Opcode::I32LeU;
  case Opcode::I32LeU:
    return Opcode::I32GtU;
  case Opcode::I64Eq:
    return Opcode::I64Ne;
  case Opcode::I64Ne:
    return Opcode::I64Eq;
  case Opcode::I64LtS:
    return Opcode::I64GeS;
  case Opcode::I64GeS:
    return Opcode::I64LtS;
  case Opcode::I64LtU:
    return Opcode::I64GeU;
  case Opcode::I64GeU:
    return Opcode::I64LtU;
  case Opcode::I64GtS:
    return Opcode::I64LeS;
  case Opcode::I64LeS:
    return Opcode::I64GtS;
  case Opcode::I64GtU:
    return Opcode::I64LeU;
  case Opcode::I64LeU:
    return Opcode::I64GtU;
  default:
    return Opcode::Nop;
  }
}

const ValType *singleType(ValType type) {
  static const ValType kTypes[] = {ValType::I32,  ValType::I64,     ValType::F32,      ValType::F64,
                                   ValType::V128, ValType::FuncRef, ValType::ExternRef};
  for (const ValType &t : kTypes)
    if (t == type)
      return &t;
  return &kTypes[0];
}

uint32_t slotsOf(const ValType *types, uint32_t count) {
  uint32_t slots = 0;
  for (uint32_t i = 0; i < count; ++i)
    slots += wasm::slotCount(types[i]);
  return slots;
}
} // namespace

void FunctionTranslator::control(const wasm::Instruction &ins) {
  switch (ins.op) {
  case Opcode::Unreachable:
    emitOp(Op::Unreachable);
    setUnreachable();
    break;
  case Opcode::Block:
    beginBlock(Control::Block, ins.blockType);
    break;
  case Opcode::Loop:
    beginBlock(Control::Loop, ins.blockType);
    break;
  case Opcode::If:
    beginBlock(Control::If, ins.blockType);
    break;
  case Opcode::Else:
    elseBranch();
    break;
  case Opcode::End:
    end();
    break;
  case Opcode::Br:
    br(ins.index);
    break;
  case Opcode::BrIf:
    brIf(ins.index);
    break;
  case Opcode::BrTable:
    brTable(ins);
    break;
  case Opcode::Return:
    emitReturn();
    setUnreachable();
    break;
  case Opcode::Call:
    call(ins.index);
    break;
  case Opcode::CallIndirect:
    callIndirect(ins.index, ins.index2);
    break;
  default: // nop
    break;
  }
}

void FunctionTranslator::blockSignature(const wasm::BlockType &type, Control &control) const {
  if (type.kind == wasm::BlockType::Value) {
    control.results = singleType(type.type);
    control.numResults = 1;
  } else if (type.kind == wasm::BlockType::TypeIndex) {
    const wasm::FuncType &signature = module_->types[type.index];
    control.params = signature.params.data();
    control.numParams = uint32_t(signature.params.size());
    control.results = signature.results.data();
    control.numResults = uint32_t(signature.results.size());
  }
  control.paramSlots = slotsOf(control.params, control.numParams);
  control.resultSlots = slotsOf(control.results, control.numResults);
}

void FunctionTranslator::beginBlock(Control::Kind kind, const wasm::BlockType &type) {
  Control control{kind};
  blockSignature(type, control);
  Condition cond;
  if (kind == Control::If)
    cond = takeCondition(pop());
  materializeAll();
  control.baseIndex = uint32_t(stack_.size()) - control.numParams;
  control.baseHeight = height_ - control.paramSlots;
  if (kind == Control::Loop) {
    control.loopStart = code_.size();
    control.loopIndex = loopCount_;
    loops_.push_back({loopCount_, code_.size(), offset_, height_, info_->loops[loopCount_].root});
    ++loopCount_;
  }
  controls_.push_back(control);
  if (kind == Control::If)
    conditionalJumpTo(cond, false, controls_.back().elseList);
}

void FunctionTranslator::elseBranch() {
  Control &control = controls_.back();
  if (!control.unreachable) {
    materializeAll();
    emitOp(Op::Br);
    code_.forward(control.endList);
    control.branchedTo = true;
  }
  code_.resolve(control.elseList, code_.size());
  control.hasElse = true;
  control.unreachable = false;
  truncateStack(control.baseIndex, control.baseHeight);
  for (uint32_t i = 0; i < control.numParams; ++i)
    pushStack(control.params[i]);
  canonicalFrom_ = uint32_t(stack_.size());
}

void FunctionTranslator::end() {
  Control control = controls_.back();
  if (control.kind == Control::Function) {
    if (!control.unreachable)
      emitReturn();
    controls_.pop_back();
    return;
  }
  if (!control.unreachable)
    materializeAll();
  bool fallsThrough = !control.unreachable;
  if (control.kind == Control::If && !control.hasElse) {
    // Without an else, the false edge carries the parameters through as the results.
    code_.resolve(controls_.back().elseList, code_.size());
    fallsThrough = true;
  }
  code_.resolve(controls_.back().endList, code_.size());
  truncateStack(control.baseIndex, control.baseHeight);
  controls_.pop_back();
  for (uint32_t i = 0; i < control.numResults; ++i)
    pushStack(control.results[i]);
  canonicalFrom_ = uint32_t(stack_.size());
  if (!fallsThrough && !control.branchedTo)
    setUnreachable();
}

FunctionTranslator::Condition FunctionTranslator::takeCondition(const Operand &cond) {
  Condition result;
  const LastResult &producer = previous();
  bool fusable = options_.fuseBranches && (producer.isEqz || producer.compare != Opcode::Nop);
  if (cond.where != Where::Stack || !fusable || producer.end != code_.size() ||
      producer.height != cond.height) {
    result.slot = slotOf(cond);
    return result;
  }
  // The comparison moves into the branch: drop the instruction that computed it.
  code_.truncate(producer.start);
  while (!pcMap_.empty() && pcMap_.back().codeOffset >= producer.start)
    pcMap_.pop_back();
  result.fused = true;
  result.isEqz = producer.isEqz;
  result.isImm = producer.isImm;
  result.compare = producer.compare;
  result.a = producer.a;
  result.b = producer.b;
  result.imm = producer.imm;
  return result;
}

void FunctionTranslator::emitCondition(const Condition &cond, bool whenTrue, bool loop) {
  if (!cond.fused || cond.isEqz) {
    bool jumpIfNonZero = cond.isEqz ? !whenTrue : whenTrue;
    Op op =
        jumpIfNonZero ? (loop ? Op::BrIfLoop : Op::BrIf) : (loop ? Op::BrUnlessLoop : Op::BrUnless);
    emitOp(op);
    code_.word(cond.isEqz ? cond.a : cond.slot);
    return;
  }
  Opcode compare = whenTrue ? cond.compare : negated(cond.compare);
  const OpForms &forms = formsOf(compare);
  Op op = cond.isImm ? (loop ? forms.brIfImmLoop : forms.brIfImm)
                     : (loop ? forms.brIfLoop : forms.brIf);
  emitOp(op);
  code_.word(cond.a);
  if (cond.isImm)
    code_.imm(cond.imm, wasm::info(compare).signature[0] == 'l' ? 8 : 4);
  else
    code_.word(cond.b);
}

void FunctionTranslator::conditionalJump(const Condition &cond, bool whenTrue, Control &target) {
  bool loop = target.kind == Control::Loop;
  emitCondition(cond, whenTrue, loop);
  if (loop) {
    code_.target(target.loopStart);
  } else {
    code_.forward(target.endList);
    target.branchedTo = true;
  }
}

void FunctionTranslator::conditionalJumpTo(const Condition &cond, bool whenTrue, uint32_t &list) {
  emitCondition(cond, whenTrue, false);
  code_.forward(list);
}

bool FunctionTranslator::branchNeedsStub(const Control &target) const {
  if (target.kind == Control::Function)
    return true;
  uint32_t arity = target.branchSlots();
  return arity && height_ - arity != target.baseHeight;
}

void FunctionTranslator::emitBranchCopies(const Control &target) {
  uint32_t arity = target.branchSlots();
  uint32_t src = numLocalSlots_ + height_ - arity, dst = numLocalSlots_ + target.baseHeight;
  if (src == dst)
    return;
  for (uint32_t i = 0; i < arity; ++i) { // dst < src, so ascending order is safe
    emitOp(Op::Copy);
    code_.word(dst + i);
    code_.word(src + i);
  }
}

void FunctionTranslator::branchTo(Control &target) {
  if (target.kind == Control::Function) {
    emitReturn();
    return;
  }
  emitBranchCopies(target);
  if (target.kind == Control::Loop) {
    emitOp(Op::BrLoop);
    code_.target(target.loopStart);
  } else {
    emitOp(Op::Br);
    code_.forward(target.endList);
    target.branchedTo = true;
  }
}

void FunctionTranslator::emitReturn() {
  uint32_t numResults = uint32_t(type_->results.size());
  if (numResults == 1 && resultSlots_ == 1) {
    // One result goes straight from wherever it is to slot 0.
    Operand &result = stack_.back();
    if (result.where == Where::Const)
      emitConst(0, result.type, result.bits);
    else if (options_.foldLocals && result.where == Where::Stack &&
             previous().end == code_.size() && previous().height == result.height)
      code_[previous().dstWord] = 0; // the producer writes the result slot directly
    else if (uint32_t slot = slotOf(result); slot != 0)
      emitCopy(0, slot, result.type);
  } else if (numResults) {
    materializeTop(numResults);
    uint32_t src = numLocalSlots_ + height_ - resultSlots_;
    for (uint32_t i = 0; src && i < resultSlots_; ++i) {
      emitOp(Op::Copy);
      code_.word(i);
      code_.word(src + i);
    }
  }
  emitOp(Op::Ret);
}

void FunctionTranslator::br(uint32_t depth) {
  materializeAll();
  branchTo(label(depth));
  setUnreachable();
}

void FunctionTranslator::brIf(uint32_t depth) {
  Condition cond = takeCondition(pop());
  materializeAll();
  Control &target = label(depth);
  if (!branchNeedsStub(target)) {
    conditionalJump(cond, true, target);
    return;
  }
  uint32_t skip = 0;
  conditionalJumpTo(cond, false, skip);
  branchTo(target);
  code_.resolve(skip, code_.size());
}

void FunctionTranslator::brTable(const wasm::Instruction &ins) {
  uint32_t index = slotOf(pop());
  materializeAll();
  emitOp(Op::BrTable);
  code_.ensure(ins.listCount + 3);
  code_.word(index);
  code_.word(ins.listCount);
  // Labels that need copies, a return or a poll get a stub after the table, one per label.
  std::vector<std::pair<uint32_t, uint32_t>> pending; // (word, depth)
  auto entry = [&](uint32_t depth) {
    Control &target = label(depth);
    if (target.kind != Control::Loop && !branchNeedsStub(target)) {
      code_.forward(target.endList);
      target.branchedTo = true;
    } else {
      pending.push_back({code_.size(), depth});
      code_.word(0);
    }
  };
  ByteReader labels(ins.listBegin, module_->bytes.data() + module_->bytes.size());
  for (uint32_t i = 0; i < ins.listCount; ++i) {
    uint32_t depth = 0;
    labels.readU32(depth); // validated already
    entry(depth);
  }
  entry(ins.index);
  stubs_.assign(controls_.size(), 0);
  for (auto [word, depth] : pending) {
    if (!stubs_[depth]) {
      stubs_[depth] = code_.size() + 1;
      branchTo(label(depth));
    }
    code_[word] = uint32_t(int32_t(stubs_[depth] - 1 - word));
  }
  setUnreachable();
}

} // namespace strata::interp
