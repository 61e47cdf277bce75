// Function bodies: the spec's validation algorithm (an operand stack of one-byte type tags and a
// control stack, with unreachable polymorphism), driven by the opcode table, recording the side
// tables of FunctionInfo. This file holds the dispatch loop: one switch on the opcode byte whose
// cases read their immediates themselves, so each instruction costs one indirect jump. The
// prefixed groups and rare instructions take the general path through readInstruction.
#include "FunctionValidatorImpl.h"
#include "ImmediateReaders.h"

namespace strata::wasm {

using namespace detail;

/// An instruction typed by its signature, with its immediates read and checked inline.
template <uint16_t Op> [[gnu::always_inline]] inline bool FunctionValidator::Impl::simpleInline() {
  constexpr OpTraits traits = kTraits[Op];
  constexpr ImmKind kind = traits.immediate;
  if constexpr (kind == ImmKind::MemArg) {
    MemArg memArg;
    if (!readMemArg(reader_, memArg, features_)) [[unlikely]]
      return failRead();
    if (memArg.memory >= numMemories_) [[unlikely]]
      return failUnknown("memory", memArg.memory);
    if (memArg.alignLog2 > traits.arg) [[unlikely]]
      return fail("alignment must not be larger than natural");
  } else if constexpr (kind == ImmKind::I32) {
    int32_t value;
    if (!reader_.trySkipS32() && !reader_.readS32(value)) [[unlikely]]
      return failRead();
  } else if constexpr (kind == ImmKind::I64) {
    int64_t value;
    if (!reader_.readS64(value)) [[unlikely]]
      return failRead();
  } else if constexpr (kind == ImmKind::F32 || kind == ImmKind::F64) {
    if (!reader_.skip(kind == ImmKind::F32 ? 4 : 8)) [[unlikely]]
      return failRead();
  } else {
    static_assert(kind == ImmKind::None, "simpleInline: an immediate it cannot read");
  }
  if (((stack_.topWord() ^ traits.paramWord) & traits.paramMask) == 0 &&
      available() >= traits.numParams) [[likely]]
    stack_.drop(traits.numParams, traits.paramSlots);
  else if (!popList(TypeList(kTraits[Op].params, traits.numParams)))
    return false;
  if constexpr (traits.hasResult)
    return push(traits.result) || failTooHigh();
  return true;
}

static constexpr bool readsInline(ImmKind kind) {
  return kind == ImmKind::None || kind == ImmKind::MemArg || kind == ImmKind::I32 ||
         kind == ImmKind::I64 || kind == ImmKind::F32 || kind == ImmKind::F64;
}

/// The instruction whose opcode byte is `Byte`, already read.
template <unsigned Byte> [[gnu::always_inline]] inline bool FunctionValidator::Impl::dispatch() {
  constexpr uint16_t index = kOneByteOpcode[Byte];
  if constexpr (index == kInvalidOpcode) {
    return general();
  } else {
    constexpr Opcode op = Opcode(index);
    uint32_t imm;
    auto readIndex = [&] { return reader_.readU32(imm) || failRead(); };
    if constexpr (op == Opcode::LocalGet)
      return readIndex() && onLocalGet(imm);
    else if constexpr (op == Opcode::LocalSet)
      return readIndex() && onLocalSet(imm);
    else if constexpr (op == Opcode::LocalTee)
      return readIndex() && onLocalTee(imm);
    else if constexpr (op == Opcode::GlobalGet)
      return readIndex() && onGlobalGet(imm);
    else if constexpr (op == Opcode::GlobalSet)
      return readIndex() && onGlobalSet(imm);
    else if constexpr (op == Opcode::Br)
      return readIndex() && onBr(imm);
    else if constexpr (op == Opcode::BrIf)
      return readIndex() && onBrIf(imm);
    else if constexpr (op == Opcode::Call)
      return readIndex() && onCall(imm);
    else if constexpr (op == Opcode::CallIndirect) {
      uint32_t table;
      return readIndex() && (reader_.readU32(table) || failRead()) && onCallIndirect(imm, table);
    } else if constexpr (op == Opcode::Block || op == Opcode::Loop || op == Opcode::If) {
      constexpr FrameKind kind = op == Opcode::Block  ? FrameKind::Block
                                 : op == Opcode::Loop ? FrameKind::Loop
                                                      : FrameKind::If;
      BlockType type;
      return (readBlockTypeInline(reader_, type) || failRead()) && openBlock(kind, type);
    } else if constexpr (op == Opcode::Else)
      return onElse();
    else if constexpr (op == Opcode::End)
      return onEnd();
    else if constexpr (op == Opcode::Return)
      return onReturn();
    else if constexpr (op == Opcode::Unreachable) {
      markUnreachable();
      return true;
    } else if constexpr (op == Opcode::Drop)
      return onDrop();
    else if constexpr (op == Opcode::Select)
      return onSelect();
    else if constexpr (!kTraits[index].special && readsInline(kTraits[index].immediate))
      return simpleInline<index>();
    else
      return general();
  }
}

bool FunctionValidator::Impl::run() {
  for (;;) {
    instStart_ = reader_.position();
    uint8_t byte;
    if (!reader_.readByte(byte)) [[unlikely]]
      return failRead();
    // Every byte has its case, so the switch needs no range check. Only `end` can close the
    // function's frame.
    switch (byte) {
#define STRATA_CASE(B)                                                                             \
  case B:                                                                                          \
    if (!dispatch<(B)>())                                                                          \
      return false;                                                                                \
    if ((B) == 0x0b && frames_.empty())                                                            \
      return endOfBody();                                                                          \
    continue;
#define STRATA_CASE4(B) STRATA_CASE(B) STRATA_CASE(B + 1) STRATA_CASE(B + 2) STRATA_CASE(B + 3)
#define STRATA_CASE16(B)                                                                           \
  STRATA_CASE4(B) STRATA_CASE4(B + 4) STRATA_CASE4(B + 8) STRATA_CASE4(B + 12)
#define STRATA_CASE64(B)                                                                           \
  STRATA_CASE16(B) STRATA_CASE16(B + 16) STRATA_CASE16(B + 32) STRATA_CASE16(B + 48)
      STRATA_CASE64(0)
      STRATA_CASE64(64)
      STRATA_CASE64(128)
      STRATA_CASE64(192)
#undef STRATA_CASE64
#undef STRATA_CASE16
#undef STRATA_CASE4
#undef STRATA_CASE
    }
  }
}

bool FunctionValidator::Impl::endOfBody() {
  if (!reader_.atEnd()) {
    error_ = Error("operators remaining after end of function", reader_.offset());
    return false;
  }
  return true;
}

/// Lists the parameters and declared locals in `info`, where the body's checks read them.
bool FunctionValidator::Impl::declareLocals(const FuncType &type, const FunctionBody &body,
                                            FunctionInfo &info) {
  uint64_t count = type.params.size();
  for (const LocalRun &run : body.locals)
    count += run.count;
  if (count > kMaxLocals) {
    error_ = Error("too many locals", body.bodyOffset);
    return false;
  }
  info.localTypes.assign(type.params.begin(), type.params.end());
  for (const LocalRun &run : body.locals)
    info.localTypes.insert(info.localTypes.end(), run.count, run.type);
  info.numLocalSlots = TypeList(info.localTypes).slots();
  locals_ = info.localTypes.data();
  numLocals_ = uint32_t(info.localTypes.size());
  return true;
}

/// Resets the state for a function and opens its outermost frame.
bool FunctionValidator::Impl::start(uint32_t functionIndex, FunctionInfo &info) {
  inst_ = Instruction();
  reader_ = ByteReader(nullptr, nullptr); // errors before the body are reported at offset 0
  instStart_ = nullptr;
  if (functionIndex < module_.numImportedFunctions ||
      functionIndex - module_.numImportedFunctions >= module_.code.size())
    return failUnknown("function", functionIndex);
  const FuncType *type = functionType(functionIndex);
  if (!type)
    return false;
  const FunctionBody &body = module_.body(functionIndex);
  if (body.codeOffset > body.codeEnd || body.codeEnd > module_.bytes.size())
    return fail("function body out of bounds");
  if (!declareLocals(*type, body, info))
    return false;
  stack_.reset();
  frames_.clear();
  controls_.clear();
  loops_.clear();
  loopTypes_.clear();
  calls_.clear();
  loopBudget_ = kLoopOperandsBase + kLoopOperandsPerByte * (body.codeEnd - body.codeOffset);
  reader_ = ByteReader(module_.bytes.data() + body.codeOffset, module_.bytes.data() + body.codeEnd,
                       body.codeOffset);
  pushFrame(FrameKind::Function, TypeList(), TypeList(type->results), 0);
  return true;
}

/// Fills `info` from a validated body, each table allocated once with its exact size.
void FunctionValidator::Impl::finish(FunctionInfo &info) {
  info.controls.assign(controls_.begin(), controls_.end());
  info.loops.clear();
  info.loops.reserve(loops_.size());
  for (const LoopRecord &record : loops_) {
    LoopInfo &loop = info.loops.emplace_back();
    loop.controlIndex = record.controlIndex;
    loop.offset = record.offset;
    loop.height = record.height;
    loop.operandTypes.assign(loopTypes_.begin() + record.typesBegin,
                             loopTypes_.begin() + record.typesEnd);
    loop.parent = record.parent;
    loop.root = record.root;
  }
  info.calls.assign(calls_.begin(), calls_.end());
  info.maxStackSlots = stack_.maxSlots();
}

Status FunctionValidator::Impl::validate(uint32_t functionIndex, FunctionInfo &info) {
  if (!start(functionIndex, info) || !run())
    return std::move(error_.setFunction(functionIndex));
  finish(info);
  return Status::ok();
}

//===--- Public entry points --------------------------------------------------------------===//

FunctionValidator::FunctionValidator(const Module &module, const std::vector<bool> &declared)
    : impl_(std::make_unique<Impl>(module, declared)) {}

FunctionValidator::~FunctionValidator() = default;

Status FunctionValidator::validate(uint32_t functionIndex, FunctionInfo &info) {
  return impl_->validate(functionIndex, info);
}

Status validateFunction(const Module &module, uint32_t functionIndex, FunctionInfo &info) {
  std::vector<bool> declared = collectDeclaredFunctions(module);
  return FunctionValidator(module, declared).validate(functionIndex, info);
}

} // namespace strata::wasm
