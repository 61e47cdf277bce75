// The OSR continuation F@L (DESIGN.md decision 8). The function's code is translated from its
// start as usual, so the control stack and the operand stack are right at loop L, but into
// blocks the entry does not reach. At loop L a merge block takes the operand stack as its
// arguments; its predecessors are the translated code before the loop and the OSR entry, which
// reads every local and operand from the interpreter frame (or, for an entry known in advance,
// uses its numbers as constants). Whatever nothing reaches is erased at the end.
//
// Jumping into an inner loop would give the loops around it a second entry. Instead the body is
// translated once per loop from the outermost one around L down to L, as in V8's OSR: the last
// translation is entered at L and runs the rest of the current iteration of every enclosing
// loop, and a back-edge to an enclosing loop goes to the translation entered at that loop,
// where it starts a fresh iteration from the loop's top. Each loop is then a natural loop.
//
// The continuation for outermost loops (kOutermostLoops) has one entry per reachable loop in no
// other loop, chosen by a switch on its loop argument.
#include "FunctionBuilder.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"

#include <cassert>
#include <string>

namespace strata::mlirtier {

Error FunctionBuilder::unreachableOsrLoop() const {
  if (outermostLoops())
    return Error("function " + std::to_string(functionIndex_) + " has no reachable loop",
                 wasm_.body(functionIndex_).bodyOffset);
  const wasm::FunctionInfo &info = wasm_.info(functionIndex_);
  uint32_t loop = *options_.osrLoop;
  uint64_t offset =
      loop < info.loops.size() ? info.loops[loop].offset : wasm_.body(functionIndex_).bodyOffset;
  return Error("function " + std::to_string(functionIndex_) + ": loop " + std::to_string(loop) +
                   " is not a reachable loop",
               offset);
}

void FunctionBuilder::findOsrLoops() {
  osrLoops_.clear();
  const wasm::FunctionInfo &info = wasm_.info(functionIndex_);
  if (!options_.osrLoop || outermostLoops() || *options_.osrLoop >= info.loops.size())
    return;
  uint32_t target = *options_.osrLoop;
  const wasm::ControlInfo &inner = info.controls[info.loops[target].controlIndex];
  // Loops are in code order, so the enclosing ones come first, outermost first.
  for (uint32_t loop = 0; loop <= target; ++loop) {
    const wasm::ControlInfo &outer = info.controls[info.loops[loop].controlIndex];
    if (outer.startOffset <= inner.startOffset && inner.endOffset <= outer.endOffset)
      osrLoops_.push_back(loop);
  }
}

std::optional<size_t> FunctionBuilder::exitOwner(size_t position) const {
  // Position 0 is the function: its returns are every translation's own.
  if (position == 0 || !controls_[position].enclosesEntry)
    return std::nullopt;
  for (size_t pass = 0; pass < osrPass_; ++pass)
    if (position <= peeled_[pass].loopPosition)
      return pass;
  return std::nullopt;
}

llvm::SmallVector<Value, 4> FunctionBuilder::withBelow(const Control &control,
                                                      llvm::ArrayRef<Value> values) const {
  llvm::SmallVector<Value, 4> args(stack_.begin(), stack_.begin() + control.base);
  args.append(values.begin(), values.end());
  return args;
}

void FunctionBuilder::createExitJoins(Control &loop) {
  size_t first = peeled_.size() > 1 ? peeled_[peeled_.size() - 2].loopPosition + 1 : 1;
  auto fullJoin = [&](Control &control, size_t position) {
    auto *join = new ::mlir::Block();
    for (Value value : llvm::ArrayRef<Value>(stack_).take_front(control.base))
      join->addArgument(value.getType(), loc_);
    for (Type type : control.results)
      join->addArgument(type, loc_);
    if (control.end) {
      // Made by a branch in the code before the entry, which nothing reaches: it goes with it.
      body_->push_back(control.end);
      ::mlir::OpBuilder::InsertionGuard guard(builder_);
      builder_.setInsertionPointToEnd(control.end);
      create<wasmir::TrapOp>(wasmir::TrapKind::unreachable, offsetAttr());
    }
    control.end = join;
    control.fullStack = true;
    peeling_->exits[position] = join;
  };
  for (size_t position = first; position < controls_.size(); ++position)
    if (controls_[position].kind != Control::Loop)
      fullJoin(controls_[position], position);
  // The loop itself is not on the stack yet; it takes the next place once opened.
  fullJoin(loop, controls_.size());
}

void FunctionBuilder::enterOsr() {
  // The frame layout (decision 2): local i in slot i, the operand at height h in slot
  // numLocalSlots + h; one slot per value, as v128 is not supported by this tier.
  const wasm::FunctionInfo &info = wasm_.info(functionIndex_);
  const wasm::LoopInfo &loop = info.loops[loopCount_];
  assert(loop.operandTypes.size() == stack_.size() && info.numLocalSlots == locals_.size() &&
         "the validator's frame map disagrees");

  auto *merge = new ::mlir::Block();
  for (Value value : stack_)
    merge->addArgument(value.getType(), loc_);
  create<::mlir::cf::BranchOp>(merge, stack_);
  for (Control &control : controls_)
    control.enclosesEntry = true;
  if (!outermostLoops() && osrPass_ + 1 < osrLoops_.size()) {
    // An enclosing loop: later translations branch back to here.
    peeled_.push_back({merge, controls_.size(), {}});
    peeling_ = &peeled_.back();
    enter(merge);
    stack_.assign(merge->getArguments().begin(), merge->getArguments().end());
    return;
  }

  ::mlir::Block *entry = osrEntry_;
  if (outermostLoops()) {
    entry = new ::mlir::Block();
    body_->push_back(entry);
    osrEntries_.push_back({int32_t(loopCount_), entry});
  }
  builder_.setInsertionPointToEnd(entry);
  Value frame = func_.getArgument(1);
  // A known frame's numbers are constants; references are always read (they are pointers).
  auto slotValue = [&](Type type, wasm::ValType wasmType, uint32_t slot) {
    if (!options_.osrFrame.empty() && wasm::isNumType(wasmType))
      return constBits(type, options_.osrFrame[slot]);
    return emit<wasmir::OsrLoadOp>(type, frame, slot);
  };
  for (auto [slot, local] : llvm::enumerate(locals_)) {
    auto type = ::mlir::cast<::mlir::MemRefType>(local.getType()).getElementType();
    create<::mlir::memref::StoreOp>(slotValue(type, localTypes_[slot], uint32_t(slot)), local);
  }
  llvm::SmallVector<Value, 8> operands;
  for (auto [height, value] : llvm::enumerate(stack_))
    operands.push_back(slotValue(value.getType(), loop.operandTypes[height],
                                 uint32_t(info.numLocalSlots + height)));
  create<::mlir::cf::BranchOp>(merge, operands);

  enter(merge);
  stack_.assign(merge->getArguments().begin(), merge->getArguments().end());
  osrReached_ = true;
}

Status FunctionBuilder::finishOsr() {
  if (!osrReached_)
    return unreachableOsrLoop();
  if (outermostLoops()) {
    auto *unknown = new ::mlir::Block();
    body_->push_back(unknown);
    builder_.setInsertionPointToEnd(unknown);
    create<wasmir::TrapOp>(wasmir::TrapKind::unreachable,
                           builder_.getI32IntegerAttr(int32_t(wasm_.body(functionIndex_).bodyOffset)));
    builder_.setInsertionPointToEnd(osrEntry_);
    llvm::SmallVector<int32_t, 4> loops;
    llvm::SmallVector<::mlir::Block *, 4> entries;
    for (auto [loop, entry] : osrEntries_) {
      loops.push_back(loop);
      entries.push_back(entry);
    }
    llvm::SmallVector<::mlir::ValueRange, 4> operands(entries.size(), ::mlir::ValueRange());
    create<::mlir::cf::SwitchOp>(func_.getArgument(2), unknown, ::mlir::ValueRange(), loops,
                                 entries, operands);
  }
  ::mlir::IRRewriter rewriter(context_);
  (void)::mlir::eraseUnreachableBlocks(rewriter, func_->getRegions());
  return Status::ok();
}

} // namespace strata::mlirtier
