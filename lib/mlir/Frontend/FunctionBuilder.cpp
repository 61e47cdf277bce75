// One function's translation: the func.func and its entry block (locals, stack check, poll,
// call counter), the instruction loop with its dead-code skipping, and the dispatch of each
// instruction to the group that translates it.
#include "FunctionBuilder.h"

#include "strata/mlir/Compiler.h"
#include "strata/support/ByteReader.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/DenseMap.h"

#include <string>

namespace strata::mlirtier {

using wasm::Opcode;
using wasm::ValType;

FunctionBuilder::FunctionBuilder(::mlir::ModuleOp module, const wasm::Module &wasm,
                                 const FrontendOptions &options)
    : module_(module), wasm_(wasm), options_(options), context_(module.getContext()),
      builder_(context_), fileName_(::mlir::StringAttr::get(context_, "wasm")),
      loc_(::mlir::UnknownLoc::get(context_)) {
  i1_ = builder_.getI1Type();
  i32_ = builder_.getI32Type();
  i64_ = builder_.getI64Type();
  f32_ = builder_.getF32Type();
  f64_ = builder_.getF64Type();
  v128_ = ::mlir::VectorType::get({4}, i32_);
}

Status FunctionBuilder::build(uint32_t functionIndex) {
  reset(functionIndex);
  if (options_.osrLoop && !outermostLoops() &&
      *options_.osrLoop >= wasm_.info(functionIndex).loops.size())
    return unreachableOsrLoop();
  if (!options_.osrFrame.empty()) {
    const wasm::FunctionInfo &info = wasm_.info(functionIndex);
    if (!options_.osrLoop || outermostLoops() ||
        options_.osrFrame.size() !=
            info.numLocalSlots + wasm::slotCount(info.loops[*options_.osrLoop].operandTypes))
      return Error("function " + std::to_string(functionIndex) +
                   ": a known OSR frame needs a single loop and one value per local and operand");
  }
  createFunction();
  Status status = translateBody();
  // A peeled continuation: one more translation per loop level down to L.
  for (osrPass_ = 1; status && osrPass_ < osrLoops_.size(); ++osrPass_) {
    stack_.clear();
    deadCode_.reset();
    loopCount_ = 0;
    peeling_ = nullptr;
    beginBody();
    status = translateBody();
  }
  if (status && options_.osrLoop)
    status = finishOsr();
  if (!status)
    discardFunction();
  return status;
}

/// Drops a half-built function: first its operations, which release their uses of the join
/// and else blocks that open controls still hold outside the function, then those blocks.
void FunctionBuilder::discardFunction() {
  func_.erase();
  func_ = nullptr;
  for (Control &control : controls_) {
    delete control.end;
    delete control.elseBlock;
  }
  controls_.clear();
}

void FunctionBuilder::reset(uint32_t functionIndex) {
  functionIndex_ = functionIndex;
  type_ = &wasm_.functionType(functionIndex);
  localTypes_.assign(type_->params.begin(), type_->params.end());
  for (const wasm::LocalRun &run : wasm_.body(functionIndex).locals)
    localTypes_.insert(localTypes_.end(), run.count, run.type);
  locals_.clear();
  stack_.clear();
  controls_.clear();
  deadCode_.reset();
  loopCount_ = 0;
  loopCounterBase_ = options_.counters ? loopCounterIndex(wasm_, functionIndex, 0) : 0;
  osrEntry_ = nullptr;
  osrEntries_.clear();
  osrReached_ = false;
  osrPass_ = 0;
  peeled_.clear();
  peeling_ = nullptr;
  findOsrLoops();
}

Type FunctionBuilder::typeOf(ValType type) const {
  switch (type) {
  case ValType::I32:
    return i32_;
  case ValType::F32:
    return f32_;
  case ValType::F64:
    return f64_;
  case ValType::V128:
    return v128_;
  default: // i64, and references as pointers
    return i64_;
  }
}

void FunctionBuilder::createFunction() {
  const wasm::FunctionBody &body = wasm_.body(functionIndex_);
  loc_ = ::mlir::FileLineColLoc::get(fileName_, unsigned(body.bodyOffset), 0);
  Type ptr = ::mlir::LLVM::LLVMPointerType::get(context_);
  llvm::SmallVector<Type, 8> inputs{ptr};
  llvm::SmallVector<Type, 2> results;
  std::string name = "wasm_f" + std::to_string(functionIndex_);
  if (options_.osrLoop) {
    inputs.push_back(ptr); // the interpreter frame
    if (outermostLoops())
      inputs.push_back(i32_); // the loop to enter
    name = osrFunctionSymbol(functionIndex_, *options_.osrLoop);
  } else {
    for (ValType type : type_->params)
      inputs.push_back(typeOf(type));
  }
  for (ValType type : type_->results)
    results.push_back(typeOf(type));

  builder_.setInsertionPointToEnd(module_.getBody());
  func_ = create<::mlir::func::FuncOp>(name, builder_.getFunctionType(inputs, results));
  func_->setAttr("wasm.function_index", builder_.getI32IntegerAttr(int32_t(functionIndex_)));
  if (options_.osrLoop && !outermostLoops())
    func_->setAttr("wasm.osr_loop", builder_.getI32IntegerAttr(int32_t(*options_.osrLoop)));
  body_ = &func_.getBody();
  builder_.setInsertionPointToEnd(func_.addEntryBlock());
  createLocals();
  create<wasmir::StackCheckOp>();
  create<wasmir::PollOp>();
  if (options_.osrLoop) {
    // The entry goes to the frame reads (filled at loop L); the function's code from its start
    // is translated as usual into blocks nothing reaches, for its control stack and operands.
    osrEntry_ = new ::mlir::Block();
    create<::mlir::cf::BranchOp>(osrEntry_);
    body_->push_back(osrEntry_);
  } else if (options_.counters) {
    create<wasmir::CounterOp>(wasmir::CounterKind::call, functionIndex_);
  }
  beginBody();
}

void FunctionBuilder::beginBody() {
  if (options_.osrLoop)
    enter(new ::mlir::Block());
  Control function;
  function.kind = Control::Function;
  for (ValType type : type_->results)
    function.results.push_back(typeOf(type));
  controls_.push_back(std::move(function));
}

/// Every local gets a rank-0 alloca that mem2reg later promotes: parameters start with their
/// argument, declared locals with zero (in F@L every local, until the frame is read).
void FunctionBuilder::createLocals() {
  ::mlir::Block *entry = builder_.getInsertionBlock();
  llvm::SmallDenseMap<Type, Value, 4> zeros;
  for (size_t i = 0; i < localTypes_.size(); ++i) {
    Type type = typeOf(localTypes_[i]);
    Value slot = emit<::mlir::memref::AllocaOp>(::mlir::MemRefType::get({}, type));
    Value init;
    if (i < type_->params.size() && !options_.osrLoop) {
      init = entry->getArgument(unsigned(i + 1));
    } else {
      Value &zero = zeros[type];
      if (!zero)
        zero = zeroOf(type);
      init = zero;
    }
    create<::mlir::memref::StoreOp>(init, slot);
    locals_.push_back(slot);
  }
}

Status FunctionBuilder::translateBody() {
  const wasm::FunctionBody &body = wasm_.body(functionIndex_);
  const uint8_t *bytes = wasm_.bytes.data();
  ByteReader reader(bytes + body.codeOffset, bytes + body.codeEnd, body.codeOffset);
  wasm::Instruction ins;
  while (!controls_.empty()) {
    if (!wasm::readInstruction(reader, ins, wasm_.features))
      return Error(reader.error()).setFunction(functionIndex_);
    if (Status status = checkSupported(ins); !status)
      return status;
    offset_ = ins.offset;
    if (options_.locations)
      loc_ = ::mlir::FileLineColLoc::get(fileName_, unsigned(offset_), 0);
    if (controls_.back().unreachable)
      skipDead(ins);
    else if (!translate(ins))
      return unsupported(ins.offset, wasm::info(ins.op).text);
  }
  return Status::ok();
}

/// Dead code is not translated; wasm::DeadCode finds where live code resumes.
void FunctionBuilder::skipDead(const wasm::Instruction &ins) {
  switch (deadCode_.skip(ins.op, loopCount_)) {
  case wasm::DeadCode::Resume::AtElse:
    elseBranch();
    break;
  case wasm::DeadCode::Resume::AtEnd:
    end();
    break;
  case wasm::DeadCode::Resume::No:
    break;
  }
}

bool FunctionBuilder::translate(const wasm::Instruction &ins) {
  return control(ins) || variable(ins) || constant(ins) || integer(ins.op) || floating(ins.op) ||
         conversion(ins.op) || memory(ins) || call(ins) || tableOrRef(ins) || simd(ins);
}

Error FunctionBuilder::unsupported(uint64_t offset, const char *what) const {
  return Error("function " + std::to_string(functionIndex_) + ": " + what +
                   " is not supported by the MLIR tier",
               offset);
}

// Small emitters shared by the instruction groups.

Value FunctionBuilder::isTrue(Value value) {
  // A comparison's i1 needs no round trip through i32.
  if (auto extend = value.getDefiningOp<::mlir::arith::ExtUIOp>();
      extend && extend.getIn().getType() == i1_)
    return extend.getIn();
  return emit<::mlir::arith::CmpIOp>(::mlir::arith::CmpIPredicate::ne, value,
                                     zeroOf(value.getType()));
}

Value FunctionBuilder::fromBool(Value flag) { return emit<::mlir::arith::ExtUIOp>(i32_, flag); }

::mlir::IntegerAttr FunctionBuilder::offsetAttr() {
  return builder_.getI32IntegerAttr(int32_t(uint32_t(offset_)));
}

void FunctionBuilder::trapIf(Value condition, wasmir::TrapKind kind) {
  create<wasmir::TrapIfOp>(condition, kind, offsetAttr());
}

} // namespace strata::mlirtier
