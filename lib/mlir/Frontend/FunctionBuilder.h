// The translation of one validated function body into a func.func of wasm-level MLIR. The
// operand stack holds SSA values, the control stack maps blocks, loops and ifs to cf blocks
// whose arguments carry the label values, and locals live in rank-0 allocas. One builder
// serves every function of a module. Private to lib/mlir/Frontend.
#pragma once

#include "strata/mlir/Compiler.h"
#include "strata/mlir/Dialect/Wasm/IR/WasmOps.h"
#include "strata/mlir/Frontend/WasmToMLIR.h"
#include "strata/wasm/DeadCode.h"
#include "strata/wasm/Instruction.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace strata::mlirtier {

class SimdEmitter;
using ::mlir::Type;
using ::mlir::Value;

class FunctionBuilder {
public:
  FunctionBuilder(::mlir::ModuleOp module, const wasm::Module &wasm,
                  const FrontendOptions &options);

  /// Appends func.func @wasm_f<functionIndex> (or its OSR continuation, with
  /// FrontendOptions::osrLoop) to the module; on failure appends nothing.
  Status build(uint32_t functionIndex);

private:
  struct Control {
    enum Kind : uint8_t { Function, Block, Loop, If } kind = Block;
    bool unreachable = false; // the rest of the block is dead code
    bool hasElse = false;
    uint32_t base = 0; // operands below the block's parameters
    llvm::SmallVector<Type, 1> results;
    ::mlir::Block *header = nullptr;    // a loop's header, where its branches go
    ::mlir::Block *end = nullptr;       // the join after the block (for the function: the
                                        // return block), made by the first edge into it
    ::mlir::Block *elseBlock = nullptr; // an if's else branch
    llvm::SmallVector<Value, 1> params; // an if's parameters, pushed again at its else
    uint32_t loopIndex = 0;             // a loop's index into FunctionInfo::loops
    /// Its join also takes the operands below it: a later OSR translation branches there.
    bool fullStack = false;
    /// Open where this OSR translation is entered, or the loop entered: branches to it leave
    /// the translation.
    bool enclosesEntry = false;
    /// A loop's place in osrLoops_ (kNotInChain for the others).
    size_t osrChain = kNotInChain;
  };
  static constexpr size_t kNotInChain = ~size_t(0);
  /// A translation of a peeled continuation other than the last, for loop osrLoops_[pass].
  struct PeeledPass {
    ::mlir::Block *loopEntry = nullptr; // the loop's top, taking the whole operand stack
    size_t loopPosition = 0;            // the loop's index in controls_
    /// By index in controls_: the joins after the next loop of the chain and after the blocks
    /// and ifs around it inside this loop (for the first pass also after this loop and the
    /// blocks around it), each taking the whole operand stack. Later translations leave
    /// their loops through them.
    llvm::SmallDenseMap<size_t, ::mlir::Block *, 4> exits;
    /// The loop's cycle is entered only through its dispatch block, which is also where its
    /// back-edges go: its argument selects loopEntry or a join in exits. A single entry keeps
    /// the loop natural. Filled as branches to it are made, built by buildDispatches.
    llvm::SmallVector<::mlir::Block *, 4> dispatchTargets;
    struct DispatchEdge {
      ::mlir::Block *from; // a block of its own that will branch to the dispatch block
      unsigned target;     // an index into dispatchTargets
      llvm::SmallVector<Value, 4> args;
    };
    std::vector<DispatchEdge> dispatchEdges;
  };
  /// A branch's destination block and arguments.
  struct Edge {
    ::mlir::Block *dest = nullptr;
    llvm::SmallVector<Value, 4> args;
  };

  // Setup and the instruction loop (FunctionBuilder.cpp).
  void reset(uint32_t functionIndex);
  void createFunction();
  void createLocals();
  /// Opens the function's control; for F@L, in a block nothing reaches.
  void beginBody();
  void discardFunction();
  Status translateBody();
  void skipDead(const wasm::Instruction &ins);
  bool translate(const wasm::Instruction &ins);
  /// "function N: <what> is not supported by the MLIR tier", at `offset`.
  Error unsupported(uint64_t offset, const char *what) const;
  /// The multi-memory check, for reachable and dead code alike (Unsupported.cpp).
  Status checkSupported(const wasm::Instruction &ins) const;

  // The OSR continuation F@L (Osr.cpp).
  /// "function N: loop L is not a reachable loop", at the loop (or the body when it has none).
  Error unreachableOsrLoop() const;
  /// The loops enclosing loop L, outermost first, then L: the body is translated once per
  /// entry, starting with the outermost loop.
  void findOsrLoops();
  /// At the loop the current translation enters: joins the code before it with the entry from
  /// the interpreter frame (the last translation) or with the back-edges of later ones.
  void enterOsr();
  /// A branch with `values` to the control at `position` in controls_ that leaves this
  /// translation: to the start of a loop's next iteration (`backEdge`) or past the control,
  /// in the translation that has it. None when the control is this translation's own.
  std::optional<Edge> crossPassEdge(size_t position, llvm::ArrayRef<Value> values, bool backEdge);
  /// An edge to `target` of pass `pass`'s dispatch block.
  Edge dispatchEdge(size_t pass, ::mlir::Block *target, llvm::SmallVector<Value, 4> args);
  /// Gives the non-loop controls from `first` on, and `loop` (about to be opened), joins
  /// taking the whole operand stack (fullStack), recorded in this pass's exits.
  void createExitJoins(Control &loop, size_t first);
  /// The dispatch blocks of the peeled translations and the branches to them.
  void buildDispatches();
  /// The operands below `control`, then `values`: the arguments of a join that takes both.
  llvm::SmallVector<Value, 4> withBelow(const Control &control, llvm::ArrayRef<Value> values) const;
  /// Arguments for a branch to `control`'s join: with the operands below it when fullStack.
  llvm::SmallVector<Value, 4> joinArgs(const Control &control, llvm::ArrayRef<Value> values) const {
    return control.fullStack ? withBelow(control, values)
                             : llvm::SmallVector<Value, 4>(values.begin(), values.end());
  }
  /// Checks that loop L was reached and drops the code before it, which nothing reaches.
  Status finishOsr();

  // Instruction groups; each returns false for an instruction it does not handle.
  bool control(const wasm::Instruction &ins);    // Control.cpp
  bool variable(const wasm::Instruction &ins);   // Variables.cpp
  bool integer(wasm::Opcode op);                 // Integer.cpp
  bool floating(wasm::Opcode op);                // Float.cpp
  bool conversion(wasm::Opcode op);              // Conversions.cpp
  bool constant(const wasm::Instruction &ins);   // Constants.cpp
  bool memory(const wasm::Instruction &ins);     // Memory.cpp
  bool tableOrRef(const wasm::Instruction &ins); // Tables.cpp
  bool call(const wasm::Instruction &ins);       // Calls.cpp
  bool simd(const wasm::Instruction &ins);       // Simd.cpp, SimdMemory.cpp
  /// wasm::returnedParam of a function, read once per builder.
  std::optional<uint32_t> returnedParam(uint32_t function);

  // Control (Control.cpp).
  void beginBlock(Control::Kind kind, const wasm::BlockType &type);
  void elseBranch();
  void end();
  void endFunction();
  void br(uint32_t depth);
  void brIf(uint32_t depth);
  void brTable(const wasm::Instruction &ins);
  void emitReturn();
  void setUnreachable();
  Control &label(uint32_t depth) { return controls_[controls_.size() - 1 - depth]; }
  /// Where a branch to `target` goes: a loop's header, or the block's join (made on demand).
  ::mlir::Block *branchDest(Control &target);
  unsigned branchArity(const Control &target) const;
  /// A branch to `target` from here: a loop peeled off in this translation is entered again
  /// from its top in the earlier one, with the operands below it.
  Edge edgeTo(Control &target);
  /// Appends `block` to the function and continues there.
  void enter(::mlir::Block *block);
  void blockTypes(const wasm::BlockType &type, llvm::SmallVectorImpl<Type> &params,
                  llvm::SmallVectorImpl<Type> &results) const;

  // Parts of the integer instructions (Integer.cpp).
  void divide(bool isSigned, bool isRemainder);
  void shift(wasm::Opcode op);
  void rotate(bool left);
  void compare(::mlir::arith::CmpIPredicate predicate);
  void eqz();
  void extendSigned(unsigned fromBits);

  // Parts of the float instructions (Float.cpp).
  /// add, sub, mul, div: quiets NaNs when a constant operand invites an identity fold.
  template <typename OpTy> void arithmetic();
  template <typename OpTy> void minMax();
  /// `result`, or a quiet NaN when `lhs` or `rhs` is NaN.
  Value quietNaN(Value result, Value lhs, Value rhs);

  // SIMD (Simd.cpp, SimdMemory.cpp).
  /// An instruction of Simd.cpp's lane table: its kind and shape (Simd.cpp's enums), and the
  /// lane index of extract and replace.
  void simdLanes(SimdEmitter &e, unsigned kind, unsigned shape, uint32_t lane);
  /// The v128 loads and stores; false for other instructions.
  bool simdMemory(const wasm::Instruction &ins);

  // Loads and stores (Memory.cpp).
  void load(Type type, uint32_t width, bool signExtend, uint64_t offset);
  void store(uint32_t width, uint64_t offset);

  // The operand stack and small emitters (FunctionBuilder.cpp; constants in Constants.cpp).
  void push(Value value) { stack_.push_back(value); }
  Value pop() {
    Value value = stack_.back();
    stack_.pop_back();
    return value;
  }
  /// The top `count` operands, bottom first.
  llvm::ArrayRef<Value> top(size_t count) const {
    return llvm::ArrayRef<Value>(stack_).take_back(count);
  }
  template <typename OpTy, typename... Args> OpTy create(Args &&...args) {
    return builder_.create<OpTy>(loc_, std::forward<Args>(args)...);
  }
  /// The single result of a new operation.
  template <typename OpTy, typename... Args> Value emit(Args &&...args) {
    return create<OpTy>(std::forward<Args>(args)...)->getResult(0);
  }
  template <typename OpTy> void unary() { push(emit<OpTy>(pop())); }
  template <typename OpTy> void binary() {
    Value rhs = pop(), lhs = pop();
    push(emit<OpTy>(lhs, rhs));
  }
  Type typeOf(wasm::ValType type) const;
  Value constInt(Type type, uint64_t bits);
  /// A constant of any number type from its bits.
  Value constBits(Type type, uint64_t bits);
  Value zeroOf(Type type);
  /// An i32 condition as i1 (`value != 0`).
  Value isTrue(Value value);
  /// An i1 as the i32 0 or 1 Wasm comparisons give.
  Value fromBool(Value flag);
  /// `wasm.trap_if`, with the instruction's offset.
  void trapIf(Value condition, wasmir::TrapKind kind);
  ::mlir::IntegerAttr offsetAttr();

  ::mlir::ModuleOp module_;
  const wasm::Module &wasm_;
  FrontendOptions options_;
  ::mlir::MLIRContext *context_;
  ::mlir::OpBuilder builder_;
  ::mlir::StringAttr fileName_;
  Type i1_, i32_, i64_, f32_, f64_;
  ::mlir::VectorType v128_; // vector<4xi32>, as the wasm dialect carries v128

  // Per function.
  uint32_t functionIndex_ = 0;
  const wasm::FuncType *type_ = nullptr;
  ::mlir::func::FuncOp func_;
  ::mlir::Region *body_ = nullptr;
  ::mlir::Location loc_;
  uint64_t offset_ = 0; // of the instruction being translated
  std::vector<wasm::ValType> localTypes_;
  std::vector<Value> locals_; // the allocas
  std::vector<Value> stack_;
  std::vector<Control> controls_;
  wasm::DeadCode deadCode_;
  llvm::DenseMap<uint32_t, std::optional<uint32_t>> returnedParams_; // by function index
  uint32_t loopCount_ = 0; // loops seen, dead ones included: the index into FunctionInfo::loops
  uint32_t loopCounterBase_ = 0; // loopCounterIndex of loop 0, with counters
  ::mlir::Block *osrEntry_ = nullptr; // F@L: where the entry reads the frame, filled at loop L
  bool osrReached_ = false;
  std::vector<uint32_t> osrLoops_; // F@L: the enclosing loops, outermost first, then L
  size_t osrPass_ = 0;             // the translation under way, an index into osrLoops_
  std::vector<PeeledPass> peeled_; // the translations before this one
  PeeledPass *peeling_ = nullptr;  // this translation's, while it is not the last
  /// With kOutermostLoops: each reachable outermost loop and the block reading the frame for it.
  llvm::SmallVector<std::pair<int32_t, ::mlir::Block *>, 4> osrEntries_;
  bool outermostLoops() const { return options_.osrLoop == kOutermostLoops; }
  bool insideLoop() const {
    for (const Control &control : controls_)
      if (control.kind == Control::Loop)
        return true;
    return false;
  }
};

} // namespace strata::mlirtier
