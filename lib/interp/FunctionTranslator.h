// The translator of one function body into interpreter code. It keeps a model of the operand
// stack in which an operand is either in its canonical slot (numLocalSlots + height), still in a
// local, or a constant not yet written anywhere; consumers read locals and fold constants
// directly, and the model is materialized into the canonical slots before every control
// instruction, call and local write that would invalidate it. Private to lib/interp.
#pragma once

#include "CodeBuffer.h"
#include "Op.h"

#include "strata/interp/Code.h"
#include "strata/support/Error.h"
#include "strata/wasm/Instruction.h"
#include "strata/wasm/Module.h"

#include <cstdint>
#include <vector>

namespace strata::interp {

class FunctionTranslator {
public:
  explicit FunctionTranslator(const wasm::Module &module) : module_(module) {}

  /// Translates the defined function `functionIndex` into `out`. Reuses its buffers across
  /// calls.
  Status translate(uint32_t functionIndex, CompiledFunction &out);

private:
  enum class Where : uint8_t { Stack, Local, Const };
  struct Operand {
    wasm::ValType type;
    Where where;
    uint32_t height; // in slots above the locals
    uint32_t local;  // the local's slot, for Where::Local
    uint64_t bits;   // the value, for Where::Const
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

  // Setup (Translator.cpp).
  Status setUp(uint32_t functionIndex);
  Status translateInstruction(const wasm::Instruction &ins);
  void skipDeadInstruction(const wasm::Instruction &ins);
  Error unsupported(const wasm::Instruction &ins) const;

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
  Status operation(const wasm::Instruction &ins); // everything but control and locals
  void unary(wasm::Opcode opcode, Op op, wasm::ValType out);
  void binary(wasm::Opcode opcode, const OpForms &forms, wasm::ValType out);
  Status memoryAccess(const wasm::Instruction &ins);
  void call(uint32_t functionIndex);
  void callIndirect(uint32_t typeIndex, uint32_t tableIndex);
  void select();
  /// Pops `count` operands into slots, deepest first, for an instruction reading them.
  void popSlots(uint32_t *slots, unsigned count);

  // Control (TranslatorControl.cpp).
  void blockSignature(const wasm::BlockType &type, Control &control) const;
  void beginBlock(Control::Kind kind, const wasm::BlockType &type);
  void elseBranch();
  void end();
  void br(uint32_t depth);
  void brIf(uint32_t depth);
  void brTable(const wasm::Instruction &ins);
  void returnFromFunction();
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
  void recordOffset();

  const wasm::Module &module_;
  const wasm::FuncType *type_ = nullptr;
  uint64_t offset_ = 0; // of the instruction being translated
  std::vector<wasm::ValType> localTypes_;
  std::vector<uint32_t> localSlots_; // per local index
  std::vector<uint32_t> localRefs_;  // per local slot: operands that still read it
  uint32_t numLocalSlots_ = 0;
  uint32_t numParamSlots_ = 0;
  uint32_t resultSlots_ = 0;

  std::vector<Operand> stack_;
  uint32_t height_ = 0;
  uint32_t maxHeight_ = 0;
  uint32_t canonicalFrom_ = 0; // operands below this index are all in their canonical slots

  std::vector<Control> controls_;
  uint32_t deadDepth_ = 0; // blocks opened inside unreachable code
  uint32_t loopCount_ = 0;
  std::vector<uint32_t> stubs_; // br_table: stub position per label depth

  LastResult last_;     // set by the instruction being translated
  LastResult previous_; // what the instruction before it left
  CodeBuffer code_;
  std::vector<PcEntry> pcMap_;
  std::vector<LoopHeader> loops_;
};

} // namespace strata::interp
