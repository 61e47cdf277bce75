// Function bodies: the spec's validation algorithm (an operand stack of one-byte type tags and a
// control stack, with unreachable polymorphism), driven by the opcode table, recording the side
// tables of FunctionInfo. Simple instructions are typed from the table's signature column,
// parsed at compile time; only its "*" rows are typed by hand.
#include "strata/wasm/Validator.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <string_view>

namespace strata::wasm {

namespace {

//===--- The opcode table, as the validator needs it -------------------------------------===//

struct OpTraits {
  bool special = false; // "*": typed by hand
  uint8_t numParams = 0;
  bool hasResult = false;
  ValType params[3] = {};
  ValType result = ValType::I32;
  ImmKind immediate = ImmKind::None;
  uint8_t arg = 0;              // natural alignment (log2) or lane count
  bool checksImmediate = false; // names an index or a lane, or has an alignment
  uint8_t paramSlots = 0;
  // The parameters as the top bytes of a word whose highest byte is the stack's top tag, so one
  // compare checks them all (OperandStack::topWord).
  uint32_t paramWord = 0;
  uint32_t paramMask = 0;
};

constexpr ValType letterType(char letter) {
  switch (letter) {
  case 'i': return ValType::I32;
  case 'l': return ValType::I64;
  case 'f': return ValType::F32;
  case 'd': return ValType::F64;
  case 'v': return ValType::V128;
  }
  throw "Opcodes.def: unknown type letter in a signature"; // a compile error when reached
}

constexpr OpTraits parseTraits(std::string_view signature, ImmKind immediate, uint8_t arg) {
  OpTraits traits;
  traits.immediate = immediate;
  traits.arg = arg;
  traits.checksImmediate = immediate != ImmKind::None && immediate != ImmKind::I32 &&
                           immediate != ImmKind::I64 && immediate != ImmKind::F32 &&
                           immediate != ImmKind::F64 && immediate != ImmKind::V128;
  if (signature == "*") {
    traits.special = true;
    return traits;
  }
  size_t arrow = signature.find('>');
  if (arrow == std::string_view::npos || arrow > 3 || signature.size() - arrow > 2)
    throw "Opcodes.def: a signature pops at most three operands and pushes at most one";
  for (size_t i = 0; i < arrow; ++i) {
    traits.params[i] = letterType(signature[i]);
    traits.paramSlots += traits.params[i] == ValType::V128 ? 2 : 1;
    unsigned shift = 8 * unsigned(4 - arrow + i);
    traits.paramWord |= uint32_t(traits.params[i]) << shift;
    traits.paramMask |= 0xffu << shift;
  }
  traits.numParams = uint8_t(arrow);
  if (arrow + 1 < signature.size()) {
    traits.hasResult = true;
    traits.result = letterType(signature[arrow + 1]);
  }
  return traits;
}

constexpr std::array<OpTraits, kOpcodeCount> kTraits = {{
#define WASM_OP(Name, Prefix, Code, Text, Imm, Sig, Arg) parseTraits(Sig, ImmKind::Imm, Arg),
#include "strata/wasm/Opcodes.def"
}};

//===--- Type tags and lists --------------------------------------------------------------===//

/// The tag of an operand of unknown type; only unreachable code has them.
constexpr ValType kUnknown = ValType(0);

inline uint32_t slotsOf(ValType type) { return type == ValType::V128 ? 2 : 1; }

/// Every byte as a type tag, so that one type can be viewed as a list of one.
constexpr std::array<ValType, 256> kTagByByte = [] {
  std::array<ValType, 256> tags{};
  for (unsigned i = 0; i < 256; ++i)
    tags[i] = ValType(i);
  return tags;
}();

/// A view of value types owned by the module or by kTagByByte, so frames can keep it.
struct TypeList {
  const ValType *data = nullptr;
  uint32_t size = 0;

  TypeList() = default;
  TypeList(const ValType *data, uint32_t size) : data(data), size(size) {}
  explicit TypeList(const std::vector<ValType> &types)
      : data(types.data()), size(uint32_t(types.size())) {}
  static TypeList single(ValType type) { return {&kTagByByte[uint8_t(type)], 1}; }

  ValType operator[](uint32_t i) const { return data[i]; }
  uint32_t slots() const {
    uint32_t total = 0;
    for (uint32_t i = 0; i < size; ++i)
      total += slotsOf(data[i]);
    return total;
  }
  bool operator==(const TypeList &other) const {
    return size == other.size && std::equal(data, data + size, other.data);
  }
};

std::string describe(ValType type, const char *unknown) {
  return type == kUnknown ? unknown : toString(type);
}

enum class FrameKind : uint8_t { Function, Block, Loop, If, Else };

struct Frame {
  FrameKind kind = FrameKind::Block;
  bool unreachable = false;
  uint32_t height = 0;       // operands below the frame's parameters
  uint32_t slotHeight = 0;   // the same in slots
  uint32_t controlIndex = 0; // into FunctionInfo::controls; unused for the function's frame
  TypeList params;
  TypeList results;

  TypeList labelTypes() const { return kind == FrameKind::Loop ? params : results; }
};

/// The operand stack: type tags plus the height in slots and its maximum. The storage only
/// grows, so validating many functions allocates only for the deepest one. Its first kGuard
/// bytes hold no operand, so that topWord can always read four tags.
class OperandStack {
public:
  OperandStack() : storage_(kGuard + 64) {}

  uint32_t size() const { return size_; }
  uint32_t slots() const { return slots_; }
  uint32_t maxSlots() const { return maxSlots_; }
  const ValType *begin() const { return storage_.data() + kGuard; }
  const ValType *end() const { return begin() + size_; }
  /// The operand `depth` places below the top (0 is the top).
  ValType peek(uint32_t depth) const { return end()[-1 - int(depth)]; }
  const ValType *topRange(uint32_t count) const { return end() - count; }
  /// The top four tags, the top one in the highest byte; below the bottom they are garbage.
  uint32_t topWord() const {
    const ValType *top = end();
    if constexpr (std::endian::native == std::endian::little) {
      uint32_t word;
      std::memcpy(&word, top - 4, 4);
      return word;
    }
    return uint32_t(top[-1]) << 24 | uint32_t(top[-2]) << 16 | uint32_t(top[-3]) << 8 |
           uint32_t(top[-4]);
  }

  [[gnu::always_inline]] void push(ValType type) {
    if (kGuard + size_ == storage_.size()) [[unlikely]]
      grow();
    storage_[kGuard + size_++] = type;
    slots_ += slotsOf(type);
    if (slots_ > maxSlots_)
      maxSlots_ = slots_;
  }
  ValType pop() {
    ValType type = storage_[kGuard + --size_];
    slots_ -= slotsOf(type);
    return type;
  }
  /// Drops the top `count` operands, which take `slots` slots.
  void drop(uint32_t count, uint32_t slots) {
    size_ -= count;
    slots_ -= slots;
  }
  void truncate(uint32_t size, uint32_t slots) {
    size_ = size;
    slots_ = slots;
  }
  void reset() { size_ = slots_ = maxSlots_ = 0; }

private:
  static constexpr uint32_t kGuard = 4;

  [[gnu::noinline]] void grow() { storage_.resize(storage_.size() * 2); }

  std::vector<ValType> storage_;
  uint32_t size_ = 0;
  uint32_t slots_ = 0;
  uint32_t maxSlots_ = 0;
};

/// A loop header recorded while the body is checked; its operand types are in a shared buffer.
struct LoopRecord {
  uint32_t controlIndex;
  uint64_t offset;
  uint32_t height;
  uint32_t typesBegin;
  uint32_t typesEnd;
};

} // namespace

//===--- The validator's state and its operations ------------------------------------------===//

class FunctionValidator::Impl {
public:
  Impl(const Module &module, const std::vector<bool> &declared)
      : module_(module), declared_(declared) {}

  Status validate(uint32_t functionIndex, FunctionInfo &info);

private:
  bool start(uint32_t functionIndex, FunctionInfo &info);
  bool declareLocals(const FuncType &type, const FunctionBody &body, FunctionInfo &info);
  bool run();
  bool step();
  bool simple(const OpTraits &traits);
  bool checkImmediates(const OpTraits &traits);
  void finish(FunctionInfo &info);

  // Operand stack, guarded by the current frame's height.
  bool pop(ValType &out);
  bool popExpect(ValType expected);
  bool popList(TypeList types);
  void pushList(TypeList types);
  bool checkTop(TypeList types);

  // Control stack.
  bool blockTypes(const BlockType &blockType, TypeList &params, TypeList &results);
  void pushFrame(FrameKind kind, TypeList params, TypeList results, uint32_t controlIndex);
  bool popFrame(Frame &out);
  bool label(uint32_t depth, TypeList &types);
  void markUnreachable();
  bool openBlock(FrameKind kind);
  bool recordLoop();
  bool onElse();
  bool onEnd();
  bool onBr();
  bool onBrIf();
  bool onBrTable();
  bool onReturn();

  // Instructions typed by hand.
  bool onCall();
  bool onCallIndirect();
  bool onDrop();
  bool onSelect();
  bool onSelectTyped();
  bool onLocal();
  bool onGlobal();
  bool onTable();
  bool onRef();

  // Index spaces.
  const FuncType *functionType(uint32_t functionIndex);
  bool checkTable(uint32_t index);
  bool checkMemory(uint32_t index);
  bool checkElem(uint32_t index);
  bool checkData(uint32_t index);
  bool checkLane(uint32_t lanes);

  // Errors, recorded at the current instruction.
  [[gnu::cold]] bool fail(std::string reason);
  [[gnu::cold]] bool failUnknown(const char *space, uint32_t index);
  [[gnu::cold]] bool failMismatch(ValType expected, ValType actual);

  const Module &module_;
  const std::vector<bool> &declared_;
  const std::vector<ValType> *locals_ = nullptr;
  OperandStack stack_;
  std::vector<Frame> frames_;
  // Side tables, gathered here and copied out once per function with their exact size.
  std::vector<ControlInfo> controls_;
  std::vector<LoopRecord> loops_;
  std::vector<ValType> loopTypes_;
  uint64_t loopBudget_ = 0; // operand types the loop table may still record
  ByteReader reader_{nullptr, nullptr};
  Instruction inst_;
  Error error_;
};

bool FunctionValidator::Impl::fail(std::string reason) {
  error_ = Error(std::move(reason), inst_.offset);
  return false;
}

bool FunctionValidator::Impl::failUnknown(const char *space, uint32_t index) {
  return fail(std::string("unknown ") + space + " " + std::to_string(index));
}

bool FunctionValidator::Impl::failMismatch(ValType expected, ValType actual) {
  return fail("type mismatch: expected " + describe(expected, "a value") + ", got " +
              describe(actual, "nothing"));
}

//===--- Operand stack --------------------------------------------------------------------===//

/// Pops any operand; below the frame's height that is an unknown one if the code is unreachable.
inline bool FunctionValidator::Impl::pop(ValType &out) {
  const Frame &frame = frames_.back();
  if (stack_.size() == frame.height) {
    out = kUnknown;
    return frame.unreachable || failMismatch(kUnknown, kUnknown);
  }
  out = stack_.pop();
  return true;
}

inline bool FunctionValidator::Impl::popExpect(ValType expected) {
  const Frame &frame = frames_.back();
  if (stack_.size() == frame.height)
    return frame.unreachable || failMismatch(expected, kUnknown);
  ValType actual = stack_.peek(0);
  if (actual != expected && actual != kUnknown)
    return failMismatch(expected, actual);
  stack_.pop();
  return true;
}

/// Pops `types` (the last one first); the common case compares them in place.
inline bool FunctionValidator::Impl::popList(TypeList types) {
  if (stack_.size() - frames_.back().height < types.size) {
    for (uint32_t i = types.size; i-- > 0;)
      if (!popExpect(types[i]))
        return false;
    return true;
  }
  const ValType *top = stack_.topRange(types.size);
  uint32_t slots = 0;
  for (uint32_t i = 0; i < types.size; ++i) {
    if (top[i] != types[i] && top[i] != kUnknown)
      return failMismatch(types[i], top[i]);
    slots += slotsOf(top[i]);
  }
  stack_.drop(types.size, slots);
  return true;
}

void FunctionValidator::Impl::pushList(TypeList types) {
  for (uint32_t i = 0; i < types.size; ++i)
    stack_.push(types[i]);
}

/// Checks that the top operands match `types` without popping them (br_table's targets).
bool FunctionValidator::Impl::checkTop(TypeList types) {
  const Frame &frame = frames_.back();
  uint32_t available = stack_.size() - frame.height;
  for (uint32_t i = 0; i < types.size; ++i) {
    ValType expected = types[types.size - 1 - i];
    if (i >= available)
      return frame.unreachable || failMismatch(expected, kUnknown);
    ValType actual = stack_.peek(i);
    if (actual != expected && actual != kUnknown)
      return failMismatch(expected, actual);
  }
  return true;
}

//===--- Control stack --------------------------------------------------------------------===//

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

void FunctionValidator::Impl::pushFrame(FrameKind kind, TypeList params, TypeList results,
                                        uint32_t controlIndex) {
  frames_.push_back(
      Frame{kind, false, stack_.size(), stack_.slots(), controlIndex, params, results});
  pushList(params);
}

/// The spec's pop_ctrl: the frame's results must be exactly what is left above its height.
bool FunctionValidator::Impl::popFrame(Frame &out) {
  const Frame &frame = frames_.back();
  if (!popList(frame.results))
    return false;
  if (stack_.size() != frame.height)
    return fail("type mismatch: " + std::to_string(stack_.size() - frame.height) +
                " operand(s) left at the end of the block");
  out = frame;
  frames_.pop_back();
  return true;
}

inline bool FunctionValidator::Impl::label(uint32_t depth, TypeList &types) {
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

bool FunctionValidator::Impl::openBlock(FrameKind kind) {
  TypeList params, results;
  if (!blockTypes(inst_.blockType, params, results))
    return false;
  if (kind == FrameKind::If && !popExpect(ValType::I32))
    return false;
  if (!popList(params))
    return false;
  ControlInfo &control = controls_.emplace_back();
  control.kind = kind == FrameKind::Block  ? ControlInfo::Block
                 : kind == FrameKind::Loop ? ControlInfo::Loop
                                           : ControlInfo::If;
  control.startOffset = inst_.offset;
  control.baseHeight = stack_.slots();
  control.paramSlots = params.slots();
  control.resultSlots = results.slots();
  pushFrame(kind, params, results, uint32_t(controls_.size() - 1));
  return kind != FrameKind::Loop || recordLoop();
}

/// Records the operands live at a loop header, parameters included, for OSR.
bool FunctionValidator::Impl::recordLoop() {
  if (stack_.size() > loopBudget_)
    return fail("too many operands live at loop headers");
  loopBudget_ -= stack_.size();
  uint32_t begin = uint32_t(loopTypes_.size());
  for (ValType type : stack_) // unknown operands are dead: any one-slot type will do
    loopTypes_.push_back(type == kUnknown ? ValType::I32 : type);
  loops_.push_back(LoopRecord{uint32_t(controls_.size() - 1), inst_.offset, stack_.slots(), begin,
                              uint32_t(loopTypes_.size())});
  return true;
}

bool FunctionValidator::Impl::onElse() {
  if (frames_.back().kind != FrameKind::If)
    return fail("else without matching if");
  Frame frame;
  if (!popFrame(frame))
    return false;
  controls_[frame.controlIndex].elseOffset = inst_.offset;
  pushFrame(FrameKind::Else, frame.params, frame.results, frame.controlIndex);
  return true;
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
  controls_[frame.controlIndex].endOffset = inst_.offset;
  pushList(frame.results);
  return true;
}

bool FunctionValidator::Impl::onBr() {
  TypeList types;
  if (!label(inst_.index, types) || !popList(types))
    return false;
  markUnreachable();
  return true;
}

bool FunctionValidator::Impl::onBrIf() {
  TypeList types;
  if (!label(inst_.index, types) || !popExpect(ValType::I32) || !popList(types))
    return false;
  pushList(types); // as the label's types: known from here on, even if they were not before
  return true;
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

bool FunctionValidator::Impl::onReturn() {
  if (!popList(frames_.front().results))
    return false;
  markUnreachable();
  return true;
}

//===--- Index spaces ---------------------------------------------------------------------===//

const FuncType *FunctionValidator::Impl::functionType(uint32_t functionIndex) {
  if (functionIndex >= module_.numFunctions()) {
    failUnknown("function", functionIndex);
    return nullptr;
  }
  uint32_t typeIndex = module_.functionTypes[functionIndex];
  if (typeIndex >= module_.types.size()) {
    failUnknown("type", typeIndex);
    return nullptr;
  }
  return &module_.types[typeIndex];
}

bool FunctionValidator::Impl::checkTable(uint32_t index) {
  return index < module_.tables.size() || failUnknown("table", index);
}

bool FunctionValidator::Impl::checkMemory(uint32_t index) {
  return index < module_.memories.size() || failUnknown("memory", index);
}

bool FunctionValidator::Impl::checkElem(uint32_t index) {
  return index < module_.elements.size() || failUnknown("elem segment", index);
}

/// memory.init and data.drop name data segments before the data section is read, so the binary
/// must declare their count up front; an index no segment has is reported as such first.
bool FunctionValidator::Impl::checkData(uint32_t index) {
  if (!module_.dataCount)
    return index >= module_.data.size() ? failUnknown("data segment", index)
                                        : fail("data count section required");
  return index < *module_.dataCount || failUnknown("data segment", index);
}

bool FunctionValidator::Impl::checkLane(uint32_t lanes) {
  return inst_.lane < lanes || fail("invalid lane index");
}

//===--- Instructions typed by hand -------------------------------------------------------===//

bool FunctionValidator::Impl::onCall() {
  const FuncType *type = functionType(inst_.index);
  if (!type || !popList(TypeList(type->params)))
    return false;
  pushList(TypeList(type->results));
  return true;
}

bool FunctionValidator::Impl::onCallIndirect() {
  if (!checkTable(inst_.index2))
    return false;
  if (module_.tables[inst_.index2].elemType != ValType::FuncRef)
    return fail("type mismatch: call_indirect needs a funcref table");
  if (inst_.index >= module_.types.size())
    return failUnknown("type", inst_.index);
  const FuncType &type = module_.types[inst_.index];
  if (!popExpect(ValType::I32) || !popList(TypeList(type.params)))
    return false;
  pushList(TypeList(type.results));
  return true;
}

bool FunctionValidator::Impl::onDrop() {
  ValType ignored;
  return pop(ignored);
}

/// Untyped select picks between two numeric or two vector operands of one type.
bool FunctionValidator::Impl::onSelect() {
  ValType first, second;
  if (!popExpect(ValType::I32) || !pop(first) || !pop(second))
    return false;
  auto plain = [](ValType t) { return t == kUnknown || isNumType(t) || t == ValType::V128; };
  if (!plain(first) || !plain(second))
    return fail("type mismatch: select without a type needs numeric or vector operands");
  if (first != second && first != kUnknown && second != kUnknown)
    return failMismatch(first, second);
  stack_.push(first == kUnknown ? second : first);
  return true;
}

bool FunctionValidator::Impl::onSelectTyped() {
  if (inst_.listCount != 1)
    return fail("invalid result arity");
  ValType type = ValType(inst_.listBegin[0]);
  if (!popExpect(ValType::I32) || !popExpect(type) || !popExpect(type))
    return false;
  stack_.push(type);
  return true;
}

inline bool FunctionValidator::Impl::onLocal() {
  if (inst_.index >= locals_->size())
    return failUnknown("local", inst_.index);
  ValType type = (*locals_)[inst_.index];
  if (inst_.op != Opcode::LocalGet && !popExpect(type))
    return false;
  if (inst_.op != Opcode::LocalSet)
    stack_.push(type);
  return true;
}

bool FunctionValidator::Impl::onGlobal() {
  if (inst_.index >= module_.globals.size())
    return failUnknown("global", inst_.index);
  const GlobalType &global = module_.globals[inst_.index].type;
  if (inst_.op == Opcode::GlobalGet) {
    stack_.push(global.type);
    return true;
  }
  if (!global.isMutable)
    return fail("global is immutable");
  return popExpect(global.type);
}

bool FunctionValidator::Impl::onTable() {
  if (!checkTable(inst_.index))
    return false;
  ValType elem = module_.tables[inst_.index].elemType;
  switch (inst_.op) {
  case Opcode::TableGet:
    if (!popExpect(ValType::I32))
      return false;
    stack_.push(elem);
    return true;
  case Opcode::TableSet: return popExpect(elem) && popExpect(ValType::I32);
  case Opcode::TableGrow:
    if (!popExpect(ValType::I32) || !popExpect(elem))
      return false;
    stack_.push(ValType::I32);
    return true;
  default: // table.fill
    return popExpect(ValType::I32) && popExpect(elem) && popExpect(ValType::I32);
  }
}

bool FunctionValidator::Impl::onRef() {
  if (inst_.op == Opcode::RefNull) {
    stack_.push(inst_.refType);
    return true;
  }
  if (inst_.op == Opcode::RefIsNull) {
    ValType type;
    if (!pop(type))
      return false;
    if (type != kUnknown && !isRefType(type))
      return fail("type mismatch: expected a reference, got " + describe(type, ""));
    stack_.push(ValType::I32);
    return true;
  }
  if (!functionType(inst_.index)) // ref.func
    return false;
  if (!declared_[inst_.index])
    return fail("undeclared function reference");
  stack_.push(ValType::FuncRef);
  return true;
}

//===--- Instructions typed by their signature --------------------------------------------===//

/// Checks the immediates of an instruction typed by its signature.
bool FunctionValidator::Impl::checkImmediates(const OpTraits &traits) {
  auto alignment = [&] {
    return inst_.memArg.alignLog2 <= traits.arg ||
           fail("alignment must not be larger than natural");
  };
  auto sameElemType = [&](ValType a, ValType b) { return a == b || failMismatch(a, b); };
  if (traits.immediate == ImmKind::MemArg) // most of them: spare it the jump table
    return checkMemory(inst_.memArg.memory) && alignment();
  switch (traits.immediate) {
  case ImmKind::MemArg: return checkMemory(inst_.memArg.memory) && alignment();
  case ImmKind::MemArgLane: // the lane count follows from the access width
    return checkMemory(inst_.memArg.memory) && alignment() && checkLane(16u >> traits.arg);
  case ImmKind::Lane: return checkLane(traits.arg);
  case ImmKind::Shuffle:
    for (uint8_t lane : inst_.v128)
      if (lane >= 32)
        return fail("invalid lane index");
    return true;
  case ImmKind::Memory: return checkMemory(inst_.index);
  case ImmKind::MemoryInit: return checkMemory(inst_.index2) && checkData(inst_.index);
  case ImmKind::MemoryCopy: return checkMemory(inst_.index) && checkMemory(inst_.index2);
  case ImmKind::Data: return checkData(inst_.index);
  case ImmKind::Table: return checkTable(inst_.index);
  case ImmKind::Elem: return checkElem(inst_.index);
  case ImmKind::TableInit:
    return checkTable(inst_.index2) && checkElem(inst_.index) &&
           sameElemType(module_.tables[inst_.index2].elemType,
                        module_.elements[inst_.index].elemType);
  case ImmKind::TableCopy:
    return checkTable(inst_.index) && checkTable(inst_.index2) &&
           sameElemType(module_.tables[inst_.index].elemType,
                        module_.tables[inst_.index2].elemType);
  default: return true;
  }
}

inline bool FunctionValidator::Impl::simple(const OpTraits &traits) {
  if (traits.special) [[unlikely]]
    return fail(std::string("no typing rule for ") + info(inst_.op).text);
  if (traits.checksImmediate && !checkImmediates(traits))
    return false;
  if (((stack_.topWord() ^ traits.paramWord) & traits.paramMask) == 0 &&
      stack_.size() - frames_.back().height >= traits.numParams) [[likely]]
    stack_.drop(traits.numParams, traits.paramSlots);
  else if (!popList(TypeList(traits.params, traits.numParams)))
    return false;
  if (traits.hasResult)
    stack_.push(traits.result);
  return true;
}

//===--- The body -------------------------------------------------------------------------===//

/// Types one instruction: the "*" rows by hand, every other row by its signature.
[[gnu::always_inline]] inline bool FunctionValidator::Impl::step() {
  switch (inst_.op) {
  case Opcode::LocalGet:
  case Opcode::LocalSet:
  case Opcode::LocalTee: return onLocal();
  case Opcode::Block: return openBlock(FrameKind::Block);
  case Opcode::Loop: return openBlock(FrameKind::Loop);
  case Opcode::If: return openBlock(FrameKind::If);
  case Opcode::Else: return onElse();
  case Opcode::End: return onEnd();
  case Opcode::Br: return onBr();
  case Opcode::BrIf: return onBrIf();
  case Opcode::BrTable: return onBrTable();
  case Opcode::Return: return onReturn();
  case Opcode::Unreachable: markUnreachable(); return true;
  case Opcode::Call: return onCall();
  case Opcode::CallIndirect: return onCallIndirect();
  case Opcode::Drop: return onDrop();
  case Opcode::Select: return onSelect();
  case Opcode::SelectT: return onSelectTyped();
  case Opcode::GlobalGet:
  case Opcode::GlobalSet: return onGlobal();
  case Opcode::TableGet:
  case Opcode::TableSet:
  case Opcode::TableGrow:
  case Opcode::TableFill: return onTable();
  case Opcode::RefNull:
  case Opcode::RefIsNull:
  case Opcode::RefFunc: return onRef();
  default: return simple(kTraits[unsigned(inst_.op)]);
  }
}

bool FunctionValidator::Impl::run() {
  const Features &features = module_.features;
  while (!frames_.empty()) {
    if (!readInstruction(reader_, inst_, features)) {
      error_ = reader_.error();
      return false;
    }
    if (!step())
      return false;
    if (stack_.maxSlots() > kMaxOperandSlots) [[unlikely]]
      return fail("operand stack exceeds " + std::to_string(kMaxOperandSlots) + " slots");
  }
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
  locals_ = &info.localTypes;
  return true;
}

/// Resets the state for a function and opens its outermost frame.
bool FunctionValidator::Impl::start(uint32_t functionIndex, FunctionInfo &info) {
  inst_ = Instruction();
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
  }
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
