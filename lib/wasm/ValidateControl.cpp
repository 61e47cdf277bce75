// Function bodies: the control stack (blocks, loops, ifs and their side tables) and branches.
#include "FunctionValidatorImpl.h"

namespace strata::wasm {

using namespace detail;

bool FunctionValidator::Impl::blockTypes(const BlockType &blockType, TypeList &params,
                                         TypeList &results) {
  params = results = TypeList();
  if (blockType.kind == BlockType::Value)
    results = TypeList::single(blockType.type);
  if (blockType.kind != BlockType::TypeIndex)
    return true;
  if (blockType.index >= module_.types.size())
    return failUnknown("type", blockType.index);
  const FuncType &type = module_.types[blockType.index];
  params = TypeList(type.params);
  results = TypeList(type.results);
  return true;
}

/// Opens a frame and pushes its parameters; false when they make the stack too high.
bool FunctionValidator::Impl::pushFrame(FrameKind kind, TypeList params, TypeList results,
                                        uint32_t controlIndex) {
  floor_ = stack_.size();
  uint32_t enclosingLoop = frames_.empty() ? kNoLoop : frames_.back().enclosingLoop;
  frames_.push_back(
      Frame{kind, false, floor_, stack_.slots(), controlIndex, enclosingLoop, params, results});
  return pushList(params);
}

/// The spec's pop_ctrl: the frame's results must be exactly what is left above its height.
bool FunctionValidator::Impl::popFrame(Frame &out) {
  const Frame &frame = frames_.back();
  if (!popList(frame.results))
    return false;
  if (available() != 0)
    return fail("type mismatch: " + std::to_string(available()) +
                " operand(s) left at the end of the block");
  out = frame;
  frames_.pop_back();
  floor_ = frames_.empty() ? 0 : frames_.back().height;
  return true;
}

bool FunctionValidator::Impl::label(uint32_t depth, TypeList &types) {
  if (depth >= frames_.size())
    return failUnknown("label", depth);
  types = frames_[frames_.size() - 1 - depth].labelTypes();
  return true;
}

void FunctionValidator::Impl::markUnreachable() {
  Frame &frame = frames_.back();
  stack_.truncate(frame.height, frame.slotHeight);
  frame.unreachable = true;
}

bool FunctionValidator::Impl::openBlock(FrameKind kind, const BlockType &blockType) {
  TypeList params, results;
  if (!blockTypes(blockType, params, results))
    return false;
  if (kind == FrameKind::If && !popExpect(ValType::I32))
    return false;
  if (!popList(params))
    return false;
  ControlInfo &control = controls_.emplace_back();
  control.kind = kind == FrameKind::Block  ? ControlInfo::Block
                 : kind == FrameKind::Loop ? ControlInfo::Loop
                                           : ControlInfo::If;
  control.startOffset = offset();
  control.baseHeight = stack_.slots();
  control.paramSlots = params.slots();
  control.resultSlots = results.slots();
  bool fits = pushFrame(kind, params, results, uint32_t(controls_.size() - 1));
  if (kind == FrameKind::Loop && !recordLoop())
    return false;
  return fits || failTooHigh();
}

/// Records the operands live at a loop header, parameters included, for OSR.
bool FunctionValidator::Impl::recordLoop() {
  if (stack_.size() > loopBudget_)
    return fail("too many operands live at loop headers");
  loopBudget_ -= stack_.size();
  uint32_t begin = uint32_t(loopTypes_.size());
  for (ValType type : stack_) // unknown operands are dead: any one-slot type will do
    loopTypes_.push_back(type == kUnknown ? ValType::I32 : type);
  // The loop's frame is on top, with the enclosing frame's innermost loop, which becomes its.
  uint32_t index = uint32_t(loops_.size());
  uint32_t parent = frames_.back().enclosingLoop;
  frames_.back().enclosingLoop = index;
  loops_.push_back(LoopRecord{uint32_t(controls_.size() - 1), offset(), stack_.slots(), begin,
                              uint32_t(loopTypes_.size()), parent,
                              parent == kNoLoop ? index : loops_[parent].root});
  return true;
}

bool FunctionValidator::Impl::onElse() {
  if (frames_.back().kind != FrameKind::If)
    return fail("else without matching if");
  Frame frame;
  if (!popFrame(frame))
    return false;
  controls_[frame.controlIndex].elseOffset = offset();
  return pushFrame(FrameKind::Else, frame.params, frame.results, frame.controlIndex) ||
         failTooHigh();
}

bool FunctionValidator::Impl::onEnd() {
  Frame frame;
  if (!popFrame(frame))
    return false;
  // An if without else has an empty else branch, which passes its parameters through.
  if (frame.kind == FrameKind::If && !(frame.params == frame.results))
    return fail("type mismatch: if without else must have matching parameters and results");
  if (frame.kind == FrameKind::Function)
    return true;
  controls_[frame.controlIndex].endOffset = offset();
  return pushList(frame.results) || failTooHigh();
}

bool FunctionValidator::Impl::onBr(uint32_t depth) {
  TypeList types;
  if (!label(depth, types) || !popList(types))
    return false;
  markUnreachable();
  return true;
}

bool FunctionValidator::Impl::onBrIf(uint32_t depth) {
  TypeList types;
  if (!label(depth, types) || !popExpect(ValType::I32) || !popList(types))
    return false;
  // As the label's types: known from here on, even if they were not before.
  return pushList(types) || failTooHigh();
}

bool FunctionValidator::Impl::onBrTable() {
  if (!popExpect(ValType::I32))
    return false;
  TypeList fallback;
  if (!label(inst_.index, fallback))
    return false;
  // The labels lie between the list start and the default label; readInstruction checked them.
  ByteReader labels(inst_.listBegin, reader_.position());
  for (uint32_t i = 0; i < inst_.listCount; ++i) {
    uint32_t depth = 0;
    labels.readU32(depth);
    TypeList types;
    if (!label(depth, types))
      return false;
    if (types.size != fallback.size)
      return fail("type mismatch: br_table targets have different arities");
    if (!checkTop(types))
      return false;
  }
  if (!popList(fallback))
    return false;
  markUnreachable();
  return true;
}

/// Checks that the top operands match `types` without popping them (br_table's targets).
bool FunctionValidator::Impl::checkTop(TypeList types) {
  uint32_t count = available();
  for (uint32_t i = 0; i < types.size; ++i) {
    ValType expected = types[types.size - 1 - i];
    if (i >= count)
      return frames_.back().unreachable || failMismatch(expected, kUnknown);
    ValType actual = stack_.peek(i);
    if (actual != expected && actual != kUnknown)
      return failMismatch(expected, actual);
  }
  return true;
}

bool FunctionValidator::Impl::onReturn() {
  if (!popList(frames_.front().results))
    return false;
  markUnreachable();
  return true;
}

} // namespace strata::wasm
