// Module and function translation: setup, the instruction loop, and the dispatch of each
// WebAssembly instruction to the part of the translator that handles it.

#include "FunctionTranslator.h"

#include "strata/interp/Translator.h"

#include <chrono>

namespace strata::interp {

using wasm::Opcode;
using wasm::ValType;

Expected<std::shared_ptr<const CompiledModule>>
translateModule(const std::shared_ptr<const wasm::Module> &module) {
  if (!module->validated)
    return Error("the interpreter translates validated modules only");
  auto start = std::chrono::steady_clock::now();
  auto compiled = std::make_shared<CompiledModule>();
  compiled->module = module;
  compiled->functions.resize(module->numDefinedFunctions());
  FunctionTranslator translator(*module);
  for (uint32_t i = 0; i < module->numDefinedFunctions(); ++i) {
    uint32_t index = module->numImportedFunctions + i;
    if (Status status = translator.translate(index, compiled->functions[i]); !status)
      return status.takeError();
    compiled->stats.codeWords += compiled->functions[i].code.size();
  }
  compiled->stats.codeBytes = module->codeSize();
  compiled->stats.nanoseconds = uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                             std::chrono::steady_clock::now() - start)
                                             .count());
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
}

Status translateFunction(const wasm::Module &module, uint32_t functionIndex,
                         CompiledFunction &out) {
  FunctionTranslator translator(module);
  return translator.translate(functionIndex, out);
}

Status FunctionTranslator::setUp(uint32_t functionIndex) {
  type_ = &module_.functionType(functionIndex);
  const wasm::FunctionBody &body = module_.body(functionIndex);
  localTypes_.assign(type_->params.begin(), type_->params.end());
  for (const wasm::LocalRun &run : body.locals)
    localTypes_.insert(localTypes_.end(), run.count, run.type);
  localSlots_.clear();
  numLocalSlots_ = 0;
  for (size_t i = 0; i < localTypes_.size(); ++i) {
    if (i == type_->params.size())
      numParamSlots_ = numLocalSlots_;
    localSlots_.push_back(numLocalSlots_);
    numLocalSlots_ += wasm::slotCount(localTypes_[i]);
  }
  if (localTypes_.size() == type_->params.size())
    numParamSlots_ = numLocalSlots_;
  resultSlots_ = 0;
  for (ValType t : type_->results)
    resultSlots_ += wasm::slotCount(t);
  localRefs_.assign(numLocalSlots_, 0);

  stack_.clear();
  height_ = maxHeight_ = canonicalFrom_ = 0;
  controls_.clear();
  deadDepth_ = loopCount_ = 0;
  last_ = previous_ = {};
  code_.clear();
  pcMap_.clear();
  loops_.clear();

  Control function{Control::Function};
  function.results = type_->results.data();
  function.numResults = uint32_t(type_->results.size());
  function.resultSlots = resultSlots_;
  controls_.push_back(function);
  return Status::ok();
}

Status FunctionTranslator::translate(uint32_t functionIndex, CompiledFunction &out) {
  if (Status status = setUp(functionIndex); !status)
    return status;
  const wasm::FunctionBody &body = module_.body(functionIndex);
  const uint8_t *bytes = module_.bytes.data();
  ByteReader reader(bytes + body.codeOffset, bytes + body.codeEnd, body.codeOffset);
  wasm::Instruction ins;
  while (!controls_.empty()) {
    if (!wasm::readInstruction(reader, ins, module_.features))
      return Error(reader.error()).setFunction(functionIndex);
    offset_ = ins.offset;
    previous_ = last_;
    last_ = {};
    if (controls_.back().unreachable) {
      previous_ = {};
      skipDeadInstruction(ins);
      continue;
    }
    recordOffset();
    if (Status status = translateInstruction(ins); !status)
      return status.takeError().setFunction(functionIndex);
  }

  out.index = functionIndex;
  out.numParamSlots = numParamSlots_;
  out.numLocalSlots = numLocalSlots_;
  out.maxStackSlots = maxHeight_;
  out.numResultSlots = resultSlots_;
  out.frameSlots = std::max(numLocalSlots_ + maxHeight_, resultSlots_);
  out.code = code_.take();
  out.pcMap = pcMap_;
  out.loops = loops_;
  return Status::ok();
}

void FunctionTranslator::recordOffset() {
  PcEntry entry{code_.size(), uint32_t(offset_)};
  if (!pcMap_.empty() && pcMap_.back().codeOffset == entry.codeOffset)
    pcMap_.back() = entry; // the previous instruction emitted nothing
  else
    pcMap_.push_back(entry);
}

void FunctionTranslator::skipDeadInstruction(const wasm::Instruction &ins) {
  switch (ins.op) {
  case Opcode::Loop:
    ++loopCount_; // keep loop numbers aligned with the validator's loop table
    [[fallthrough]];
  case Opcode::Block:
  case Opcode::If:
    ++deadDepth_;
    break;
  case Opcode::Else:
    if (deadDepth_ == 0) {
      recordOffset();
      elseBranch();
    }
    break;
  case Opcode::End:
    if (deadDepth_ == 0) {
      recordOffset();
      end();
    } else {
      --deadDepth_;
    }
    break;
  default:
    break;
  }
}

Error FunctionTranslator::unsupported(const wasm::Instruction &ins) const {
  return Error(std::string("the interpreter does not support ") + wasm::info(ins.op).text,
               ins.offset);
}

Status FunctionTranslator::translateInstruction(const wasm::Instruction &ins) {
  switch (ins.op) {
  // Control.
  case Opcode::Nop:
    return Status::ok();
  case Opcode::Unreachable:
    code_.op(Op::Unreachable);
    setUnreachable();
    return Status::ok();
  case Opcode::Block:
    beginBlock(Control::Block, ins.blockType);
    return Status::ok();
  case Opcode::Loop:
    beginBlock(Control::Loop, ins.blockType);
    return Status::ok();
  case Opcode::If:
    beginBlock(Control::If, ins.blockType);
    return Status::ok();
  case Opcode::Else:
    elseBranch();
    return Status::ok();
  case Opcode::End:
    end();
    return Status::ok();
  case Opcode::Br:
    br(ins.index);
    return Status::ok();
  case Opcode::BrIf:
    brIf(ins.index);
    return Status::ok();
  case Opcode::BrTable:
    brTable(ins);
    return Status::ok();
  case Opcode::Return:
    returnFromFunction();
    return Status::ok();
  case Opcode::Call:
    call(ins.index);
    return Status::ok();
  case Opcode::CallIndirect:
    callIndirect(ins.index, ins.index2);
    return Status::ok();

  // Parametric.
  case Opcode::Drop:
    pop();
    return Status::ok();
  case Opcode::Select:
  case Opcode::SelectT:
    select();
    return Status::ok();

  // Variables.
  case Opcode::LocalGet:
    pushLocal(ins.index);
    return Status::ok();
  case Opcode::LocalSet:
    localSet(ins.index, false);
    return Status::ok();
  case Opcode::LocalTee:
    localSet(ins.index, true);
    return Status::ok();
  case Opcode::GlobalGet: {
    ValType type = module_.globals[ins.index].type.type;
    uint32_t start = code_.op(type == ValType::V128 ? Op::GlobalGet2 : Op::GlobalGet);
    uint32_t height = height_;
    code_.word(pushResult(type));
    code_.word(ins.index);
    noteResult(start, start + 2, height);
    return Status::ok();
  }
  case Opcode::GlobalSet: {
    Operand value = pop();
    uint32_t slot = slotOf(value);
    code_.op(value.type == ValType::V128 ? Op::GlobalSet2 : Op::GlobalSet);
    code_.word(ins.index);
    code_.word(slot);
    return Status::ok();
  }

  // Constants.
  case Opcode::I32Const:
    pushConst(ValType::I32, uint32_t(ins.bits));
    return Status::ok();
  case Opcode::I64Const:
    pushConst(ValType::I64, ins.bits);
    return Status::ok();
  case Opcode::F32Const:
    pushConst(ValType::F32, uint32_t(ins.bits));
    return Status::ok();
  case Opcode::F64Const:
    pushConst(ValType::F64, ins.bits);
    return Status::ok();

  // Reinterpretations change the type, never the bits.
  case Opcode::I32ReinterpretF32:
  case Opcode::I64ReinterpretF64:
  case Opcode::F32ReinterpretI32:
  case Opcode::F64ReinterpretI64: {
    static_assert(unsigned(Opcode::F64ReinterpretI64) - unsigned(Opcode::I32ReinterpretF32) == 3);
    static constexpr ValType kTo[] = {ValType::I32, ValType::I64, ValType::F32, ValType::F64};
    stack_.back().type = kTo[unsigned(ins.op) - unsigned(Opcode::I32ReinterpretF32)];
    return Status::ok();
  }

  default:
    return operation(ins);
  }
}

} // namespace strata::interp
