// Module and function translation: setup, the instruction loop, and the dispatch of each
// WebAssembly instruction to the part of the translator that handles it.

#include "FunctionTranslator.h"
#include "ValidatedReader.h"

#include "strata/interp/Translator.h"

namespace strata::interp {

using wasm::Opcode;
using wasm::ValType;

Expected<std::shared_ptr<const CompiledModule>>
translateModule(const std::shared_ptr<const wasm::Module> &module, TranslationMode mode,
                TranslationOptions options, std::shared_ptr<FrameCompiler> frameCompiler,
                bool framesOnRequest) {
  if (!module->validated)
    return Error("the interpreter translates validated modules only");
  auto compiled = std::make_shared<const CompiledModule>(module, options,
                                                         std::move(frameCompiler), framesOnRequest);
  if (mode == TranslationMode::Eager)
    if (Status status = compiled->translateAll(); !status)
      return status.takeError();
  return compiled;
}

/// One translator per thread, so its buffers are reused from function to function.
Status translateFunction(const wasm::Module &module, uint32_t functionIndex, CompiledFunction &out,
                         const TranslationOptions &options) {
  static thread_local FunctionTranslator translator;
  return translator.translate(module, functionIndex, out, options);
}

Status FunctionTranslator::setUp(uint32_t functionIndex) {
  type_ = &module_->functionType(functionIndex);
  const wasm::FunctionBody &body = module_->body(functionIndex);
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

  // The validator's facts: the operand bound (every operand takes at least one slot, so it
  // holds for operands too) and the loops' nesting.
  size_t definedIndex = functionIndex - module_->numImportedFunctions;
  if (definedIndex >= module_->functionInfo.size())
    return Error("function " + std::to_string(functionIndex) + " was not validated");
  info_ = &module_->functionInfo[definedIndex];
  stack_.reset(info_->maxStackSlots + 1);
  code_.clear();
  code_.ensure(uint32_t(2 * (body.codeEnd - body.codeOffset)));
  height_ = maxHeight_ = canonicalFrom_ = 0;
  controls_.clear();
  deadCode_.reset();
  loopCount_ = 0;
  results_[0].end = results_[1].end = ~0u;
  pcMap_.clear();
  loops_.clear();

  Control function{Control::Function};
  function.results = type_->results.data();
  function.numResults = uint32_t(type_->results.size());
  function.resultSlots = resultSlots_;
  controls_.push_back(function);
  return Status::ok();
}

// Validation proved the body well formed, so the immediates are read without checks; a body
// always ends in `end`, which has no common form, so a run of common instructions stops inside
// the body. None of them changes the control stack or reachability, which the caller checked
// once for the whole run.
void FunctionTranslator::translateCommon(ByteReader &reader) {
  const uint8_t *first = reader.position();
  const uint64_t firstOffset = reader.offset();
  const uint8_t *start = first;
  for (;; start = reader.position()) {
    const uint8_t *p = start + 1;
    CommonForm form = commonForms_[*start];
    uint32_t immediate = 0;
    switch (form.kind) {
    case CommonForm::General:
      return;
    case CommonForm::LocalGet:
    case CommonForm::LocalSet:
    case CommonForm::LocalTee:
      immediate = readValidatedU32(p);
      break;
    case CommonForm::I32Const:
      immediate = readValidatedS32(p);
      break;
    case CommonForm::Unary:
    case CommonForm::Binary:
      break;
    case CommonForm::Memory: {
      uint32_t flags = readValidatedU32(p);
      if (flags & 0x40) // a memory index follows
        return;
      immediate = uint32_t(readValidatedU64(p));
      break;
    }
    }
    offset_ = firstOffset + uint64_t(start - first);
    reader.skip(uint64_t(p - start));
    nextInstruction();
    switch (form.kind) {
    case CommonForm::LocalGet:
      pushLocal(immediate);
      break;
    case CommonForm::LocalSet:
      localSet(immediate, false);
      break;
    case CommonForm::LocalTee:
      localSet(immediate, true);
      break;
    case CommonForm::I32Const:
      pushConst(ValType::I32, immediate);
      break;
    case CommonForm::Unary: {
      Opcode opcode = Opcode(wasm::kOneByteOpcodes[*start]);
      unary(opcode, formsOf(opcode).op, form.out);
      break;
    }
    case CommonForm::Binary: {
      Opcode opcode = Opcode(wasm::kOneByteOpcodes[*start]);
      binary(opcode, formsOf(opcode), form.out);
      break;
    }
    case CommonForm::Memory:
      memoryAccess(Opcode(wasm::kOneByteOpcodes[*start]), immediate);
      break;
    case CommonForm::General:
      break;
    }
  }
}

Status FunctionTranslator::translate(const wasm::Module &module, uint32_t functionIndex,
                                     CompiledFunction &out, const TranslationOptions &options) {
  module_ = &module;
  options_ = options;
  if (Status status = setUp(functionIndex); !status)
    return status;
  const wasm::FunctionBody &body = module_->body(functionIndex);
  const uint8_t *bytes = module_->bytes.data();
  ByteReader reader(bytes + body.codeOffset, bytes + body.codeEnd, body.codeOffset);
  wasm::Instruction ins;
  while (!controls_.empty()) {
    if (!controls_.back().unreachable)
      translateCommon(reader);
    if (!wasm::readInstruction(reader, ins, module_->features))
      return Error(reader.error()).setFunction(functionIndex);
    offset_ = ins.offset;
    nextInstruction();
    if (controls_.back().unreachable) {
      results_[0].end = results_[1].end = ~0u;
      skipDeadInstruction(ins);
      continue;
    }
    if (!translateInstruction(ins))
      return std::move(error_.setFunction(functionIndex));
  }

  if (out.index != functionIndex) // a module's functions know theirs, which callers read meanwhile
    out.index = functionIndex;
  out.numParamSlots = numParamSlots_;
  out.numLocalSlots = numLocalSlots_;
  out.maxStackSlots = maxHeight_;
  out.numResultSlots = resultSlots_;
  out.frameSlots = std::max(numLocalSlots_ + maxHeight_, resultSlots_);
  out.code = code_.words();
  out.pcMap = pcMap_;
  out.loops = loops_;
  return Status::ok();
}

void FunctionTranslator::skipDeadInstruction(const wasm::Instruction &ins) {
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

bool FunctionTranslator::unsupported(const wasm::Instruction &ins) {
  error_ =
      Error(std::string("the interpreter does not support ") + wasm::info(ins.op).text, ins.offset);
  return false;
}

bool FunctionTranslator::translateInstruction(const wasm::Instruction &ins) {
  // Control instructions are numbered first in the opcode table.
  static_assert(unsigned(Opcode::Unreachable) == 0 &&
                unsigned(Opcode::CallIndirect) + 1 == unsigned(Opcode::Drop));
  if (unsigned(ins.op) <= unsigned(Opcode::CallIndirect)) {
    control(ins);
    return true;
  }
  switch (ins.op) {
  case Opcode::Drop:
    pop();
    return true;
  case Opcode::Select:
  case Opcode::SelectT:
    select();
    return true;
  case Opcode::LocalGet:
    pushLocal(ins.index);
    return true;
  case Opcode::LocalSet:
    localSet(ins.index, false);
    return true;
  case Opcode::LocalTee:
    localSet(ins.index, true);
    return true;
  case Opcode::GlobalGet:
    globalGet(ins.index);
    return true;
  case Opcode::GlobalSet:
    globalSet(ins.index);
    return true;
  case Opcode::I32Const:
  case Opcode::F32Const:
    pushConst(ins.op == Opcode::I32Const ? ValType::I32 : ValType::F32, uint32_t(ins.bits));
    return true;
  case Opcode::I64Const:
  case Opcode::F64Const:
    pushConst(ins.op == Opcode::I64Const ? ValType::I64 : ValType::F64, ins.bits);
    return true;
  case Opcode::I32ReinterpretF32:
  case Opcode::I64ReinterpretF64:
  case Opcode::F32ReinterpretI32:
  case Opcode::F64ReinterpretI64: {
    // The type changes, never the bits.
    static_assert(unsigned(Opcode::F64ReinterpretI64) - unsigned(Opcode::I32ReinterpretF32) == 3);
    static constexpr ValType kTo[] = {ValType::I32, ValType::I64, ValType::F32, ValType::F64};
    stack_.back().type = kTo[unsigned(ins.op) - unsigned(Opcode::I32ReinterpretF32)];
    return true;
  }
  default:
    return operation(ins);
  }
}

} // namespace strata::interp
