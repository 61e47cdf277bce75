// Structured control flow as cf blocks. A block or if gets a join block, made by the first
// edge that needs it, whose arguments are the block's results; a loop gets a header whose
// arguments are its parameters and which polls for interruption (and bumps its counter). A
// block that only falls through needs no join at all: its results stay on the operand stack.
// Branches to the function's label return: directly when unconditional, through a shared
// return block otherwise.
#include "FunctionBuilder.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "strata/support/ByteReader.h"

namespace strata::mlirtier {

using wasm::Opcode;

bool FunctionBuilder::control(const wasm::Instruction &ins) {
  switch (ins.op) {
  case Opcode::Nop:
    return true;
  case Opcode::Unreachable:
    create<wasmir::TrapOp>(wasmir::TrapKind::unreachable, offsetAttr());
    setUnreachable();
    return true;
  case Opcode::Block:
    beginBlock(Control::Block, ins.blockType);
    return true;
  case Opcode::Loop:
    beginBlock(Control::Loop, ins.blockType);
    return true;
  case Opcode::If:
    beginBlock(Control::If, ins.blockType);
    return true;
  case Opcode::Else:
    elseBranch();
    return true;
  case Opcode::End:
    end();
    return true;
  case Opcode::Br:
    br(ins.index);
    return true;
  case Opcode::BrIf:
    brIf(ins.index);
    return true;
  case Opcode::BrTable:
    brTable(ins);
    return true;
  case Opcode::Return:
    emitReturn();
    setUnreachable();
    return true;
  default:
    return false;
  }
}

void FunctionBuilder::blockTypes(const wasm::BlockType &type, llvm::SmallVectorImpl<Type> &params,
                                 llvm::SmallVectorImpl<Type> &results) const {
  if (type.kind == wasm::BlockType::Value) {
    results.push_back(typeOf(type.type));
  } else if (type.kind == wasm::BlockType::TypeIndex) {
    const wasm::FuncType &signature = wasm_.types[type.index];
    for (wasm::ValType t : signature.params)
      params.push_back(typeOf(t));
    for (wasm::ValType t : signature.results)
      results.push_back(typeOf(t));
  }
}

void FunctionBuilder::enter(::mlir::Block *block) {
  body_->push_back(block);
  builder_.setInsertionPointToEnd(block);
}

void FunctionBuilder::beginBlock(Control::Kind kind, const wasm::BlockType &type) {
  Control control;
  control.kind = kind;
  llvm::SmallVector<Type, 2> params;
  blockTypes(type, params, control.results);
  Value condition = kind == Control::If ? isTrue(pop()) : Value();
  control.base = uint32_t(stack_.size() - params.size());
  if (kind == Control::Loop) {
    if (auto chain = llvm::find(osrLoops_, loopCount_); chain != osrLoops_.end())
      control.osrChain = size_t(chain - osrLoops_.begin());
    if (options_.osrLoop && (outermostLoops() ? !insideLoop()
                                              : loopCount_ == osrLoops_[osrPass_])) {
      enterOsr();
      control.enclosesEntry = true;
      if (peeling_ && osrPass_ == 0)
        createExitJoins(control, 1);
    } else if (peeling_ && control.osrChain == osrPass_ + 1) {
      createExitJoins(control, peeling_->loopPosition + 1);
    }
    control.loopIndex = loopCount_;
    control.header = new ::mlir::Block();
    for (Type t : params)
      control.header->addArgument(t, loc_);
    create<::mlir::cf::BranchOp>(control.header, top(params.size()));
    enter(control.header);
    stack_.resize(control.base);
    for (Value arg : control.header->getArguments())
      push(arg);
    create<wasmir::PollOp>();
    if (options_.counters)
      create<wasmir::CounterOp>(wasmir::CounterKind::loop, loopCounterBase_ + loopCount_);
    ++loopCount_;
  } else if (kind == Control::If) {
    // The parameters stay on the stack: their definitions dominate both branches.
    control.params.assign(top(params.size()).begin(), top(params.size()).end());
    control.elseBlock = new ::mlir::Block();
    auto *thenBlock = new ::mlir::Block();
    create<::mlir::cf::CondBranchOp>(condition, thenBlock, control.elseBlock);
    enter(thenBlock);
  }
  controls_.push_back(std::move(control));
}

::mlir::Block *FunctionBuilder::branchDest(Control &target) {
  if (target.kind == Control::Loop)
    return target.header;
  if (!target.end) {
    target.end = new ::mlir::Block();
    for (Type t : target.results)
      target.end->addArgument(t, loc_);
  }
  return target.end;
}

unsigned FunctionBuilder::branchArity(const Control &target) const {
  return target.kind == Control::Loop ? target.header->getNumArguments()
                                      : unsigned(target.results.size());
}

FunctionBuilder::Edge FunctionBuilder::edgeTo(Control &target) {
  llvm::ArrayRef<Value> args = top(branchArity(target));
  size_t position = size_t(&target - controls_.data());
  if (std::optional<Edge> edge = crossPassEdge(position, args, target.kind == Control::Loop))
    return std::move(*edge);
  Edge edge;
  edge.dest = branchDest(target);
  // A loop's branches go to its header, which takes its parameters only.
  if (target.kind == Control::Loop)
    edge.args.assign(args.begin(), args.end());
  else
    edge.args = joinArgs(target, args);
  return edge;
}

void FunctionBuilder::setUnreachable() {
  Control &control = controls_.back();
  control.unreachable = true;
  stack_.resize(control.base);
}

void FunctionBuilder::elseBranch() {
  Control &control = controls_.back();
  if (!control.unreachable)
    create<::mlir::cf::BranchOp>(branchDest(control),
                                 joinArgs(control, top(control.results.size())));
  enter(control.elseBlock);
  control.elseBlock = nullptr;
  control.hasElse = true;
  control.unreachable = false;
  stack_.resize(control.base);
  stack_.insert(stack_.end(), control.params.begin(), control.params.end());
}

void FunctionBuilder::end() {
  Control &control = controls_.back();
  if (control.kind == Control::Function) {
    endFunction();
    return;
  }
  if (!control.unreachable)
    if (std::optional<Edge> edge =
            crossPassEdge(controls_.size() - 1, top(control.results.size()), false)) {
      // Falling out of this translation's loop: continue in the translation that has the rest.
      create<::mlir::cf::BranchOp>(edge->dest, edge->args);
      control.unreachable = true;
    }
  bool pendingElse = control.elseBlock != nullptr; // an if without else
  if (!control.unreachable && !control.end && !pendingElse) {
    controls_.pop_back(); // only the fallthrough reaches the end: no join needed
    return;
  }
  if (!control.unreachable) // a loop's join is its end (branches go to its header)
    create<::mlir::cf::BranchOp>(control.kind == Control::Loop ? control.end
                                                               : branchDest(control),
                                 joinArgs(control, top(control.results.size())));
  if (pendingElse) {
    // The missing else passes the parameters through as the results.
    ::mlir::Block *join = branchDest(control);
    enter(control.elseBlock);
    create<::mlir::cf::BranchOp>(join, joinArgs(control, control.params));
  }
  ::mlir::Block *join = control.end;
  bool fullStack = control.fullStack;
  stack_.resize(control.base);
  controls_.pop_back();
  if (!join) { // nothing reaches the end
    setUnreachable();
    return;
  }
  enter(join);
  if (fullStack)
    stack_.clear();
  for (Value arg : join->getArguments())
    push(arg);
}

void FunctionBuilder::endFunction() {
  Control &function = controls_.back();
  if (!function.unreachable)
    create<::mlir::func::ReturnOp>(top(function.results.size()));
  if (::mlir::Block *returnBlock = function.end) {
    enter(returnBlock);
    create<::mlir::func::ReturnOp>(returnBlock->getArguments());
  }
  controls_.pop_back();
}

void FunctionBuilder::emitReturn() {
  create<::mlir::func::ReturnOp>(top(controls_.front().results.size()));
}

void FunctionBuilder::br(uint32_t depth) {
  Control &target = label(depth);
  if (target.kind == Control::Function)
    emitReturn();
  else {
    Edge edge = edgeTo(target);
    create<::mlir::cf::BranchOp>(edge.dest, edge.args);
  }
  setUnreachable();
}

void FunctionBuilder::brIf(uint32_t depth) {
  Value condition = isTrue(pop());
  Edge edge = edgeTo(label(depth));
  auto *next = new ::mlir::Block();
  create<::mlir::cf::CondBranchOp>(condition, edge.dest, edge.args, next, ::mlir::ValueRange());
  enter(next);
}

void FunctionBuilder::brTable(const wasm::Instruction &ins) {
  Value index = pop();
  llvm::SmallVector<int32_t, 16> values;
  llvm::SmallVector<Edge, 16> edges;
  // The labels were validated: read them without checks.
  ByteReader labels(ins.listBegin, wasm_.bytes.data() + wasm_.bytes.size());
  for (uint32_t i = 0; i < ins.listCount; ++i) {
    uint32_t depth = 0;
    labels.readU32(depth);
    values.push_back(int32_t(i));
    edges.push_back(edgeTo(label(depth)));
  }
  Edge fallback = edgeTo(label(ins.index));
  if (edges.empty()) {
    create<::mlir::cf::BranchOp>(fallback.dest, fallback.args);
  } else {
    llvm::SmallVector<::mlir::Block *, 16> dests;
    llvm::SmallVector<::mlir::ValueRange, 16> operands;
    for (const Edge &edge : edges) {
      dests.push_back(edge.dest);
      operands.push_back(edge.args);
    }
    create<::mlir::cf::SwitchOp>(index, fallback.dest, fallback.args, values, dests, operands);
  }
  setUnreachable();
}

} // namespace strata::mlirtier
