// The OSR continuation F@L (DESIGN.md decision 8). The function's code is translated from its
// start as usual, so the control stack and the operand stack are right at loop L, but into
// blocks the entry does not reach. At loop L a merge block takes the operand stack as its
// arguments; its predecessors are the translated code before the loop (reachable again when
// an enclosing loop branches back) and the OSR entry, which reads every local and operand from
// the interpreter frame. Whatever nothing reaches is erased at the end. The continuation for
// outermost loops (kOutermostLoops) has one such entry per reachable loop in no other loop, chosen by a switch on its loop
// argument.
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

void FunctionBuilder::enterOsr() {
  // The frame layout (decision 2): local i in slot i, the operand at height h in slot
  // numLocalSlots + h; one slot per value, as v128 is not supported by this tier.
  const wasm::FunctionInfo &info = wasm_.info(functionIndex_);
  assert(info.loops[loopCount_].operandTypes.size() == stack_.size() &&
         info.numLocalSlots == locals_.size() && "the validator's frame map disagrees");

  auto *merge = new ::mlir::Block();
  for (Value value : stack_)
    merge->addArgument(value.getType(), loc_);
  create<::mlir::cf::BranchOp>(merge, stack_);

  ::mlir::Block *entry = osrEntry_;
  if (outermostLoops()) {
    entry = new ::mlir::Block();
    body_->push_back(entry);
    osrEntries_.push_back({int32_t(loopCount_), entry});
  }
  builder_.setInsertionPointToEnd(entry);
  Value frame = func_.getArgument(1);
  for (auto [slot, local] : llvm::enumerate(locals_)) {
    auto type = ::mlir::cast<::mlir::MemRefType>(local.getType()).getElementType();
    create<::mlir::memref::StoreOp>(emit<wasmir::OsrLoadOp>(type, frame, uint32_t(slot)), local);
  }
  llvm::SmallVector<Value, 8> operands;
  for (auto [height, value] : llvm::enumerate(stack_))
    operands.push_back(
        emit<wasmir::OsrLoadOp>(value.getType(), frame, uint32_t(info.numLocalSlots + height)));
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
