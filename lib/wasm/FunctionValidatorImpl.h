// The function-body validator's state: the opcode table's typing rules, the operand and control
// stacks and the Impl class whose members are spread over FunctionValidator.cpp (the dispatch
// loop), ValidateControl.cpp (blocks and branches) and ValidateOperators.cpp (the instructions
// typed by hand and the general path). Private to lib/wasm; depends on wasm/ only.
#pragma once

#include "strata/wasm/Instruction.h"
#include "strata/wasm/Validator.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace strata::wasm::detail {

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

inline constexpr std::array<OpTraits, kOpcodeCount> kTraits = {{
#define WASM_OP(Name, Prefix, Code, Text, Imm, Sig, Arg) parseTraits(Sig, ImmKind::Imm, Arg),
#include "strata/wasm/Opcodes.def"
}};

/// The opcode of each one-byte encoding, at compile time, for the dispatch loop's cases.
inline constexpr std::array<uint16_t, 256> kOneByteOpcode = [] {
  std::array<uint16_t, 256> table{};
  table.fill(kInvalidOpcode);
  uint16_t index = 0;
#define WASM_OP(Name, Prefix, Code, Text, Imm, Sig, Arg)                                           \
  if (Prefix == 0)                                                                                 \
    table[Code] = index;                                                                           \
  ++index;
#include "strata/wasm/Opcodes.def"
  return table;
}();

//===--- Type tags and lists --------------------------------------------------------------===//

/// The tag of an operand of unknown type; only unreachable code has them.
inline constexpr ValType kUnknown = ValType(0);

constexpr uint32_t slotsOf(ValType type) { return type == ValType::V128 ? 2 : 1; }

/// Every byte as a type tag, so that one type can be viewed as a list of one.
inline constexpr std::array<ValType, 256> kTagByByte = [] {
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

std::string describe(ValType type, const char *unknown);

enum class FrameKind : uint8_t { Function, Block, Loop, If, Else };

struct Frame {
  FrameKind kind = FrameKind::Block;
  bool unreachable = false;
  uint32_t height = 0;       // operands below the frame's parameters
  uint32_t slotHeight = 0;   // the same in slots
  uint32_t controlIndex = 0; // into FunctionInfo::controls; unused for the function's frame
  uint32_t enclosingLoop = kNoLoop; // the innermost loop at or around this frame
  TypeList params;
  TypeList results;

  TypeList labelTypes() const { return kind == FrameKind::Loop ? params : results; }
};

/// The operand stack: type tags plus the height in slots and its maximum. The storage only
/// grows, so validating many functions allocates only for the deepest one. Its first kGuard
/// bytes hold no operand, so that topWord can always read four tags.
class OperandStack {
public:
  OperandStack() : storage_(kGuard + 64) { rebase(); }
  OperandStack(const OperandStack &) = delete;
  OperandStack &operator=(const OperandStack &) = delete;

  uint32_t size() const { return uint32_t(top_ - base_); }
  uint32_t slots() const { return slots_; }
  uint32_t maxSlots() const { return maxSlots_; }
  const ValType *begin() const { return base_; }
  const ValType *end() const { return top_; }
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

  /// Pushes `type`; false when this push takes the maximum height past kMaxOperandSlots. Only
  /// pushes can raise the maximum, so only they check the bound.
  [[gnu::always_inline]] bool push(ValType type) {
    if (top_ == limit_) [[unlikely]]
      grow();
    *top_++ = type;
    slots_ += slotsOf(type);
    if (slots_ > maxSlots_) [[unlikely]]
      return raiseMax();
    return true;
  }
  ValType pop() {
    ValType type = *--top_;
    slots_ -= slotsOf(type);
    return type;
  }
  /// Drops the top `count` operands, which take `slots` slots.
  void drop(uint32_t count, uint32_t slots) {
    top_ -= count;
    slots_ -= slots;
  }
  void truncate(uint32_t size, uint32_t slots) {
    top_ = base_ + size;
    slots_ = slots;
  }
  void reset() {
    top_ = base_;
    slots_ = maxSlots_ = 0;
  }

private:
  static constexpr uint32_t kGuard = 4;

  void rebase() {
    size_t size = size_t(top_ - base_);
    base_ = storage_.data() + kGuard;
    top_ = base_ + size;
    limit_ = storage_.data() + storage_.size();
  }
  [[gnu::noinline]] void grow() {
    storage_.resize(storage_.size() * 2);
    rebase();
  }
  bool raiseMax() {
    maxSlots_ = slots_;
    return slots_ <= kMaxOperandSlots;
  }

  std::vector<ValType> storage_;
  ValType *base_ = nullptr;
  ValType *top_ = nullptr; // one past the top operand
  ValType *limit_ = nullptr;
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
  uint32_t parent;
  uint32_t root;
};

} // namespace strata::wasm::detail

namespace strata::wasm {

//===--- The validator's state and its operations ------------------------------------------===//

class FunctionValidator::Impl {
public:
  using FrameKind = detail::FrameKind;
  using Frame = detail::Frame;
  using OpTraits = detail::OpTraits;
  using TypeList = detail::TypeList;

  Impl(const Module &module, const std::vector<bool> &declared)
      : module_(module), declared_(declared), features_(module.features),
        numMemories_(uint32_t(module.memories.size())) {}

  Status validate(uint32_t functionIndex, FunctionInfo &info);

private:
  bool start(uint32_t functionIndex, FunctionInfo &info);
  bool declareLocals(const FuncType &type, const FunctionBody &body, FunctionInfo &info);
  bool run();
  template <unsigned Byte> bool dispatch();
  template <uint16_t Op> bool simpleInline();
  bool endOfBody();
  void finish(FunctionInfo &info);

  // The general path: any instruction through readInstruction and inst_.
  bool general();
  bool step();
  bool simple(const OpTraits &traits);
  bool checkImmediates(const OpTraits &traits);

  /// The byte offset of the instruction being checked.
  uint64_t offset() const { return reader_.offset() - uint64_t(reader_.position() - instStart_); }

  // Operand stack, guarded by the current frame's height.
  bool pop(ValType &out);
  bool popExpect(ValType expected);
  bool popList(TypeList types);
  bool popListSlow(TypeList types);
  /// Pushes; false when the operand stack has grown too high (see failTooHigh).
  bool push(ValType type) { return stack_.push(type); }
  bool pushList(TypeList types);
  bool checkTop(TypeList types);
  /// The operands above the current frame's height.
  uint32_t available() const { return stack_.size() - floor_; }

  // Control stack.
  bool blockTypes(const BlockType &blockType, TypeList &params, TypeList &results);
  bool pushFrame(FrameKind kind, TypeList params, TypeList results, uint32_t controlIndex);
  bool popFrame(Frame &out);
  bool label(uint32_t depth, TypeList &types);
  void markUnreachable();
  bool openBlock(FrameKind kind, const BlockType &blockType);
  bool recordLoop();
  bool onElse();
  bool onEnd();
  bool onBr(uint32_t depth);
  bool onBrIf(uint32_t depth);
  bool onBrTable();
  bool onReturn();

  // Instructions typed by hand.
  bool onCall(uint32_t functionIndex);
  bool onCallIndirect(uint32_t typeIndex, uint32_t tableIndex);
  bool onDrop();
  bool onSelect();
  bool onSelectTyped();
  bool onLocalGet(uint32_t index);
  bool onLocalSet(uint32_t index);
  bool onLocalTee(uint32_t index);
  bool onGlobalGet(uint32_t index);
  bool onGlobalSet(uint32_t index);
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
  [[gnu::cold]] bool failTooHigh();
  [[gnu::cold]] bool failRead();

  const Module &module_;
  const std::vector<bool> &declared_;
  const Features features_;
  const uint32_t numMemories_;
  const ValType *locals_ = nullptr;
  uint32_t numLocals_ = 0;
  detail::OperandStack stack_;
  std::vector<Frame> frames_;
  uint32_t floor_ = 0; // frames_.back().height, kept at hand for the pops
  // Side tables, gathered here and copied out once per function with their exact size.
  std::vector<ControlInfo> controls_;
  std::vector<detail::LoopRecord> loops_;
  std::vector<ValType> loopTypes_;
  std::vector<CallSite> calls_;
  uint64_t loopBudget_ = 0; // operand types the loop table may still record
  ByteReader reader_{nullptr, nullptr};
  const uint8_t *instStart_ = nullptr; // the current instruction's opcode
  Instruction inst_;                   // the general path's instruction
  Error error_;
};

//===--- Operand stack --------------------------------------------------------------------===//

/// Pops any operand; below the frame's height that is an unknown one if the code is unreachable.
inline bool FunctionValidator::Impl::pop(ValType &out) {
  if (available() == 0) [[unlikely]] {
    out = detail::kUnknown;
    return frames_.back().unreachable || failMismatch(detail::kUnknown, detail::kUnknown);
  }
  out = stack_.pop();
  return true;
}

inline bool FunctionValidator::Impl::popExpect(ValType expected) {
  if (available() == 0) [[unlikely]]
    return frames_.back().unreachable || failMismatch(expected, detail::kUnknown);
  ValType actual = stack_.peek(0);
  if (actual != expected && actual != detail::kUnknown) [[unlikely]]
    return failMismatch(expected, actual);
  stack_.pop();
  return true;
}

/// Pops `types` (the last one first); the common case compares them in place.
inline bool FunctionValidator::Impl::popList(TypeList types) {
  if (available() < types.size) [[unlikely]]
    return popListSlow(types);
  const ValType *top = stack_.topRange(types.size);
  uint32_t slots = 0;
  for (uint32_t i = 0; i < types.size; ++i) {
    if (top[i] != types[i] && top[i] != detail::kUnknown) [[unlikely]]
      return failMismatch(types[i], top[i]);
    slots += detail::slotsOf(top[i]);
  }
  stack_.drop(types.size, slots);
  return true;
}

inline bool FunctionValidator::Impl::pushList(TypeList types) {
  bool fits = true;
  for (uint32_t i = 0; i < types.size; ++i)
    fits &= stack_.push(types[i]);
  return fits;
}

//===--- Variables and drop, inline for the dispatch loop ----------------------------------===//

inline bool FunctionValidator::Impl::onLocalGet(uint32_t index) {
  if (index >= numLocals_) [[unlikely]]
    return failUnknown("local", index);
  return push(locals_[index]) || failTooHigh();
}

inline bool FunctionValidator::Impl::onLocalSet(uint32_t index) {
  if (index >= numLocals_) [[unlikely]]
    return failUnknown("local", index);
  return popExpect(locals_[index]);
}

inline bool FunctionValidator::Impl::onLocalTee(uint32_t index) {
  if (index >= numLocals_) [[unlikely]]
    return failUnknown("local", index);
  ValType type = locals_[index];
  if (available() != 0 && stack_.peek(0) == type) // pops and pushes the same: nothing changes
    return true;
  return popExpect(type) && (push(type) || failTooHigh());
}

inline bool FunctionValidator::Impl::onGlobalGet(uint32_t index) {
  if (index >= module_.globals.size()) [[unlikely]]
    return failUnknown("global", index);
  return push(module_.globals[index].type.type) || failTooHigh();
}

inline bool FunctionValidator::Impl::onDrop() {
  ValType ignored;
  return pop(ignored);
}

} // namespace strata::wasm
