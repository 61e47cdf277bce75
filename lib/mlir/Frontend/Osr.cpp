// The OSR continuation F@L (DESIGN.md decision 8). The function's code is translated from its
// start as usual, so the control stack and the operand stack are right at loop L, but into
// blocks the entry does not reach. At loop L a merge block takes the operand stack as its
// arguments; its predecessors are the translated code before the loop and the OSR entry, which
// reads every local and operand from the interpreter frame (or, for an entry known in advance,
// uses its numbers as constants). Whatever nothing reaches is erased at the end.
//
// Jumping into an inner loop would give the loops around it a second entry. Instead the body is
// translated once per loop from the outermost one around L down to L, as in V8's OSR: the last
// translation is entered at L and holds L. Each earlier one holds its loop R, entered only
// through a dispatch block that also takes R's back-edges; its argument selects R's top or a
// join after the next loop of the chain (or a block around it), where a later translation
// leaves. Each loop then has one entry and is a natural loop, and no code after an inner loop
// is translated twice.
//
// The continuation for outermost loops (kOutermostLoops) has one entry per reachable loop in no
// other loop, chosen by a switch on its loop argument.
#include "FunctionBuilder.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"

#include <algorithm>
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
  // The target and the loops enclosing it, outermost first.
  for (uint32_t loop = *options_.osrLoop; loop != wasm::kNoLoop; loop = info.loops[loop].parent)
    osrLoops_.push_back(loop);
  std::reverse(osrLoops_.begin(), osrLoops_.end());
}

std::optional<FunctionBuilder::Edge>
FunctionBuilder::crossPassEdge(size_t position, llvm::ArrayRef<Value> values, bool backEdge) {
  // Position 0 is the function: its returns are every translation's own.
  const Control &control = controls_[position];
  if (position == 0 || !control.enclosesEntry)
    return std::nullopt;
  if (backEdge) {
    // The last translation's loop keeps its own header; the others start again at their top.
    if (control.osrChain >= peeled_.size())
      return std::nullopt;
    return dispatchEdge(control.osrChain, peeled_[control.osrChain].loopEntry,
                        withBelow(control, values));
  }
  for (size_t pass = 0; pass < osrPass_; ++pass) {
    auto found = peeled_[pass].exits.find(position);
    if (found == peeled_[pass].exits.end())
      continue;
    // Past the outermost loop is in no loop: a plain branch enters there.
    if (position <= peeled_.front().loopPosition)
      return Edge{found->second, withBelow(control, values)};
    return dispatchEdge(pass, found->second, withBelow(control, values));
  }
  return std::nullopt;
}

FunctionBuilder::Edge FunctionBuilder::dispatchEdge(size_t pass, ::mlir::Block *target,
                                                    llvm::SmallVector<Value, 4> args) {
  PeeledPass &peeled = peeled_[pass];
  auto found = llvm::find(peeled.dispatchTargets, target);
  unsigned index = unsigned(found - peeled.dispatchTargets.begin());
  if (found == peeled.dispatchTargets.end())
    peeled.dispatchTargets.push_back(target);
  auto *from = new ::mlir::Block();
  body_->push_back(from);
  peeled.dispatchEdges.push_back({from, index, std::move(args)});
  return Edge{from, {}};
}

void FunctionBuilder::buildDispatches() {
  ::mlir::OpBuilder::InsertionGuard guard(builder_);
  for (PeeledPass &peeled : peeled_) {
    if (peeled.dispatchEdges.empty())
      continue;
    // One argument selects the target; then each target's arguments in turn, zeros for
    // the targets an edge does not take.
    auto *dispatch = new ::mlir::Block();
    body_->push_back(dispatch);
    Value selector = dispatch->addArgument(i32_, loc_);
    llvm::SmallVector<unsigned, 4> firstArgument;
    for (::mlir::Block *target : peeled.dispatchTargets) {
      firstArgument.push_back(dispatch->getNumArguments());
      for (Type type : target->getArgumentTypes())
        dispatch->addArgument(type, loc_);
    }
    for (const PeeledPass::DispatchEdge &edge : peeled.dispatchEdges) {
      builder_.setInsertionPointToEnd(edge.from);
      llvm::SmallVector<Value, 8> operands{constInt(i32_, edge.target)};
      for (auto [index, target] : llvm::enumerate(peeled.dispatchTargets)) {
        if (index == edge.target)
          operands.append(edge.args.begin(), edge.args.end());
        else
          for (Type type : target->getArgumentTypes())
            operands.push_back(zeroOf(type));
      }
      create<::mlir::cf::BranchOp>(dispatch, operands);
    }
    builder_.setInsertionPointToEnd(dispatch);
    auto argumentsOf = [&](size_t index) -> ::mlir::ValueRange {
      return dispatch->getArguments().slice(firstArgument[index],
                                            peeled.dispatchTargets[index]->getNumArguments());
    };
    llvm::SmallVector<int32_t, 4> values;
    llvm::SmallVector<::mlir::Block *, 4> dests;
    llvm::SmallVector<::mlir::ValueRange, 4> operands;
    for (size_t index = 1; index < peeled.dispatchTargets.size(); ++index) {
      values.push_back(int32_t(index));
      dests.push_back(peeled.dispatchTargets[index]);
      operands.push_back(argumentsOf(index));
    }
    if (values.empty())
      create<::mlir::cf::BranchOp>(peeled.dispatchTargets[0], argumentsOf(0));
    else
      create<::mlir::cf::SwitchOp>(selector, peeled.dispatchTargets[0], argumentsOf(0), values,
                                   dests, operands);
  }
}

llvm::SmallVector<Value, 4> FunctionBuilder::withBelow(const Control &control,
                                                      llvm::ArrayRef<Value> values) const {
  llvm::SmallVector<Value, 4> args(stack_.begin(), stack_.begin() + control.base);
  args.append(values.begin(), values.end());
  return args;
}

void FunctionBuilder::createExitJoins(Control &loop, size_t first) {
  auto fullJoin = [&](Control &control, size_t position) {
    auto *join = new ::mlir::Block();
    for (Value value : llvm::ArrayRef<Value>(stack_).take_front(control.base))
      join->addArgument(value.getType(), loc_);
    for (Type type : control.results)
      join->addArgument(type, loc_);
    if (control.end) {
      // Made by a branch before here: it passes on to the new join.
      body_->push_back(control.end);
      ::mlir::OpBuilder::InsertionGuard guard(builder_);
      builder_.setInsertionPointToEnd(control.end);
      llvm::SmallVector<Value, 4> results(control.end->getArguments().begin(),
                                          control.end->getArguments().end());
      create<::mlir::cf::BranchOp>(join, withBelow(control, results));
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
  // The frame layout (decision 2): the locals from slot 0, then the operands from slot
  // numLocalSlots, bottom first; a v128 takes two slots.
  const wasm::FunctionInfo &info = wasm_.info(functionIndex_);
  const wasm::LoopInfo &loop = info.loops[loopCount_];
  assert(loop.operandTypes.size() == stack_.size() &&
         info.numLocalSlots == wasm::slotCount(localTypes_) &&
         "the validator's frame map disagrees");

  auto *merge = new ::mlir::Block();
  for (Value value : stack_)
    merge->addArgument(value.getType(), loc_);
  create<::mlir::cf::BranchOp>(merge, stack_);
  for (Control &control : controls_)
    control.enclosesEntry = true;
  if (!outermostLoops() && osrPass_ + 1 < osrLoops_.size()) {
    // An enclosing loop: later translations branch back to here.
    peeling_ = &peeled_.emplace_back();
    peeling_->loopEntry = merge;
    peeling_->loopPosition = controls_.size();
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
  uint32_t slot = 0;
  for (auto [index, local] : llvm::enumerate(locals_)) {
    auto type = ::mlir::cast<::mlir::MemRefType>(local.getType()).getElementType();
    create<::mlir::memref::StoreOp>(slotValue(type, localTypes_[index], slot), local);
    slot += wasm::slotCount(localTypes_[index]);
  }
  llvm::SmallVector<Value, 8> operands;
  for (auto [index, value] : llvm::enumerate(stack_)) {
    operands.push_back(slotValue(value.getType(), loop.operandTypes[index], slot));
    slot += wasm::slotCount(loop.operandTypes[index]);
  }
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
  buildDispatches();
  ::mlir::IRRewriter rewriter(context_);
  (void)::mlir::eraseUnreachableBlocks(rewriter, func_->getRegions());
  return Status::ok();
}

} // namespace strata::mlirtier
