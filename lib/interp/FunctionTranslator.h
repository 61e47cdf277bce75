// The translator of one function body into interpreter code. It keeps a model of the operand
// stack in which an operand is either in its canonical slot (numLocalSlots + height), still in a
// local, or a constant not yet written anywhere; consumers read locals and fold constants
// directly, and the model is materialized into the canonical slots before every control
// instruction, call and local write that would invalidate it. Private to lib/interp.
#pragma once

#include "CodeBuffer.h"
#include "FixedStack.h"
#include "Op.h"

#include "strata/interp/Code.h"
#include "strata/support/Error.h"
#include "strata/wasm/DeadCode.h"
#include "strata/wasm/Instruction.h"
#include "strata/wasm/Module.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace strata::interp {

/// The result type in an opcode's Opcodes.def signature (I32 when it has none).
wasm::ValType resultTypeOf(wasm::Opcode opcode);

class FunctionTranslator {
public:
  /// Translates the defined function `functionIndex` of `module` into `out`. Reuses its
  /// buffers across calls.
  Status translate(const wasm::Module &module, uint32_t functionIndex, CompiledFunction &out,
                   const TranslationOptions &options = {});

private:
  enum class Where : uint8_t { Stack, Local, Const };
  struct Operand {
    wasm::ValType type;
    Where where;
    uint32_t height; // in slots above the locals
    union {
      uint32_t local; // the local's slot, for Where::Local
      uint64_t bits;  // the value, for Where::Const
    };
  };

  struct Control {
    enum Kind : uint8_t { Function, Block, Loop, If } kind;
    bool unreachable = false;
    bool hasElse = false;
    bool branchedTo = false; // some branch jumps to the end
    uint32_t baseIndex = 0;  // operands below the block
    uint32_t baseHeight = 0;
    const wasm::ValType *params = nullptr;
    const wasm::ValType *results = nullptr;
    uint32_t numParams = 0, numResults = 0;
    uint32_t paramSlots = 0, resultSlots = 0;
    uint32_t loopStart = 0; // code position of a loop's header
    uint32_t loopIndex = 0; // a loop's index into FunctionInfo::loops
    uint32_t endList = 0;   // forward branches to the end (CodeBuffer list)
    uint32_t elseList = 0;  // an if's jump to its else branch
    uint32_t branchSlots() const { return kind == Loop ? paramSlots : resultSlots; }
  };

  /// What the last instruction computed, while nothing else has been emitted after it: a
  /// following local.set may retarget its result, a following br_if or if may fuse with it.
  struct LastResult {
    uint32_t start = ~0u; // code position of the instruction
    uint32_t end = ~0u;   // code position after it
    uint32_t dstWord = 0; // the word holding its destination slot
    uint32_t height = 0;  // where its result sits on the operand stack
    // For comparisons: the opcode and operands, to fuse into a branch.
    wasm::Opcode compare = wasm::Opcode::Nop;
    bool isImm = false, isEqz = false;
    uint32_t a = 0, b = 0;
    uint64_t imm = 0;
  };

  /// A branch condition: a slot, or the comparison it came from.
  struct Condition {
    uint32_t slot = 0;
    bool fused = false, isEqz = false, isImm = false;
    wasm::Opcode compare = wasm::Opcode::Nop;
    uint32_t a = 0, b = 0;
    uint64_t imm = 0;
  };

  /// How the translation loop handles a one-byte opcode itself, skipping readInstruction and
  /// the general dispatch: the instructions that make up most of compiled code.
  struct CommonForm {
    enum Kind : uint8_t { General, LocalGet, LocalSet, LocalTee, I32Const, Unary, Binary, Memory };
    Kind kind = General;
    wasm::ValType out = wasm::ValType::I32; // the result of Unary and Binary
  };
  /// Indexed by the opcode byte (TranslatorOps.cpp).
  static const CommonForm *commonForms();

  // Setup (Translator.cpp).
  Status setUp(uint32_t functionIndex);
  /// Translates instructions while they have a common form, in one loop rather than a call
  /// each; the reader is left at the first that has none, for the general path.
  void translateCommon(ByteReader &reader);
  bool translateInstruction(const wasm::Instruction &ins); // false: error_ says why
  void skipDeadInstruction(const wasm::Instruction &ins);
  bool unsupported(const wasm::Instruction &ins);

  // The operand model (TranslatorStack.cpp).
  void pushStack(wasm::ValType type);
  void pushLocal(uint32_t localIndex);
  void pushConst(wasm::ValType type, uint64_t bits);
  Operand pop();
  uint32_t canonicalSlot(const Operand &operand) const { return numLocalSlots_ + operand.height; }
  /// The slot holding the operand's value, writing a constant to its canonical slot first.
  uint32_t slotOf(const Operand &operand);
  void materialize(Operand &operand);
  void materializeAll();
  void materializeTop(uint32_t count);
  void truncateStack(uint32_t baseIndex, uint32_t baseHeight);
  void emitConst(uint32_t slot, wasm::ValType type, uint64_t bits);
  void emitCopy(uint32_t dst, uint32_t src, wasm::ValType type);
  /// Pushes the result of the instruction about to be emitted; its destination slot.
  uint32_t pushResult(wasm::ValType type);
  void noteResult(uint32_t start, uint32_t dstWord, uint32_t height);
  void localSet(uint32_t localIndex, bool tee);

  // Instructions (TranslatorOps.cpp).
  bool operation(const wasm::Instruction &ins); // everything but control and locals
  void unary(wasm::Opcode opcode, Op op, wasm::ValType out);
  void binary(wasm::Opcode opcode, const OpForms &forms, wasm::ValType out);
  bool memoryAccess(const wasm::Instruction &ins);
  void memoryAccess(wasm::Opcode opcode, uint32_t offset); // in memory 0
  void call(uint32_t functionIndex);
  void callIndirect(uint32_t typeIndex, uint32_t tableIndex);
  void select();
  void globalGet(uint32_t index);
  void globalSet(uint32_t index);
  /// SIMD instructions with 16-byte or lane immediates, or three operands (TranslatorSimd.cpp);
  /// the others take the generic unary, binary and memory paths.
  static bool needsSimdForm(const wasm::Instruction &ins);
  bool simd(const wasm::Instruction &ins);
  void emitBytes16(const uint8_t *bytes);
  /// Memory management, bulk memory, tables, references (TranslatorTables.cpp).
  bool tableOrBulk(const wasm::Instruction &ins);
  /// Pops `count` operands into slots, deepest first, for an instruction reading them.
  void popSlots(uint32_t *slots, unsigned count);

  // Control (TranslatorControl.cpp).
  void control(const wasm::Instruction &ins); // unreachable through call_indirect
  void blockSignature(const wasm::BlockType &type, Control &control) const;
  void beginBlock(Control::Kind kind, const wasm::BlockType &type);
  void elseBranch();
  void end();
  void br(uint32_t depth);
  void brIf(uint32_t depth);
  void brTable(const wasm::Instruction &ins);
  void setUnreachable() { controls_.back().unreachable = true; }
  Control &label(uint32_t depth) { return controls_[controls_.size() - 1 - depth]; }
  Condition takeCondition(const Operand &cond);
  /// Emits a jump taken when `cond` is `whenTrue`, to `target`'s label.
  void conditionalJump(const Condition &cond, bool whenTrue, Control &target);
  /// The same to a local forward list instead of a label.
  void conditionalJumpTo(const Condition &cond, bool whenTrue, uint32_t &list);
  void emitCondition(const Condition &cond, bool whenTrue, bool loop);
  /// Copies the branch values of `target` into place and jumps there.
  void branchTo(Control &target);
  bool branchNeedsStub(const Control &target) const;
  void emitBranchCopies(const Control &target);
  void emitReturn();
  /// Starts an instruction, noting its WebAssembly offset when it may trap or call. Inlined:
  /// as a call it cost a third of a binary instruction's translation.
  [[gnu::always_inline]] uint32_t emitOp(Op op) {
    uint32_t position = code_.op(op);
    if (mayTrap(op))
      pcMap_.push_back({position, uint32_t(offset_)});
    return position;
  }

  const wasm::Module *module_ = nullptr;
  const wasm::FunctionInfo *info_ = nullptr; // the validator's facts about the function
  const CommonForm *commonForms_ = commonForms();
  TranslationOptions options_;
  Error error_;
  const wasm::FuncType *type_ = nullptr;
  uint64_t offset_ = 0; // of the instruction being translated
  std::vector<wasm::ValType> localTypes_;
  std::vector<uint32_t> localSlots_; // per local index
  std::vector<uint32_t> localRefs_;  // per local slot: operands that still read it
  uint32_t numLocalSlots_ = 0;
  uint32_t numParamSlots_ = 0;
  uint32_t resultSlots_ = 0;

  FixedStack<Operand> stack_;
  uint32_t height_ = 0;
  uint32_t maxHeight_ = 0;
  uint32_t canonicalFrom_ = 0; // operands below this index are all in their canonical slots

  std::vector<Control> controls_;
  wasm::DeadCode deadCode_;
  uint32_t loopCount_ = 0;
  std::vector<uint32_t> stubs_; // br_table: stub position per label depth

  // What the instruction being translated leaves, and what the one before it left; a result
  // is valid while its `end` is the current code size.
  LastResult results_[2];
  unsigned current_ = 0;
  LastResult &last() { return results_[current_]; }
  const LastResult &previous() const { return results_[current_ ^ 1]; }
  void nextInstruction() {
    current_ ^= 1;
    results_[current_].end = ~0u;
  }
  CodeBuffer code_;
  std::vector<PcEntry> pcMap_;
  std::vector<LoopHeader> loops_;
};

// The operand model's hot paths, inline: each instruction goes through several of them.

inline void FunctionTranslator::pushStack(wasm::ValType type) {
  stack_.push_back({type, Where::Stack, height_, {0}});
  height_ += wasm::slotCount(type);
  maxHeight_ = std::max(maxHeight_, height_);
}

inline void FunctionTranslator::pushLocal(uint32_t localIndex) {
  wasm::ValType type = localTypes_[localIndex];
  uint32_t slot = localSlots_[localIndex];
  if (!options_.foldLocals) {
    emitCopy(pushResult(type), slot, type);
    return;
  }
  canonicalFrom_ = std::min(canonicalFrom_, uint32_t(stack_.size()));
  stack_.push_back({type, Where::Local, height_, {slot}});
  ++localRefs_[slot];
  height_ += wasm::slotCount(type);
  maxHeight_ = std::max(maxHeight_, height_);
}

inline void FunctionTranslator::pushConst(wasm::ValType type, uint64_t bits) {
  if (!options_.foldConstants) {
    emitConst(pushResult(type), type, bits);
    return;
  }
  canonicalFrom_ = std::min(canonicalFrom_, uint32_t(stack_.size()));
  Operand operand{type, Where::Const, height_, {0}};
  operand.bits = bits;
  stack_.push_back(operand);
  height_ += wasm::slotCount(type);
  maxHeight_ = std::max(maxHeight_, height_);
}

inline FunctionTranslator::Operand FunctionTranslator::pop() {
  Operand operand = stack_.back();
  stack_.pop_back();
  height_ = operand.height;
  if (operand.where == Where::Local)
    --localRefs_[operand.local];
  canonicalFrom_ = std::min(canonicalFrom_, uint32_t(stack_.size()));
  return operand;
}

inline uint32_t FunctionTranslator::slotOf(const Operand &operand) {
  if (operand.where == Where::Local)
    return operand.local;
  uint32_t slot = canonicalSlot(operand);
  if (operand.where == Where::Const)
    emitConst(slot, operand.type, operand.bits);
  return slot;
}

inline uint32_t FunctionTranslator::pushResult(wasm::ValType type) {
  uint32_t slot = numLocalSlots_ + height_;
  pushStack(type);
  return slot;
}

inline void FunctionTranslator::noteResult(uint32_t start, uint32_t dstWord, uint32_t height) {
  LastResult &result = last();
  result.start = start;
  result.end = code_.size();
  result.dstWord = dstWord;
  result.height = height;
  result.compare = wasm::Opcode::Nop;
  result.isEqz = false;
}

} // namespace strata::interp
