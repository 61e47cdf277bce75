//===- Lowering.h - shared state of convert-wasm-to-llvm ------------------===//
// ModuleLowering holds what the whole module shares (runtime function declarations, TBAA
// tags, the functions defined in it); FunctionLowering lowers the wasm ops of one function
// against the VMContext layout (runtime/VMContext.h), one file per group of ops. Private to
// lib/mlir/Conversion/WasmToLLVM.
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/mlir/Dialect/Wasm/IR/WasmOps.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/DenseMap.h"

#include <cstdint>
#include <optional>
#include <string>

namespace strata::mlirtier::lowering {

/// The strata_rt_* functions, in RuntimeFunctions.def's order.
enum class RuntimeFunction {
#define STRATA_RT_FUNCTION(name, ...) name,
#include "strata/native/RuntimeFunctions.def"
};

/// What a load or store touches, for type-based alias analysis: accesses of different kinds
/// never alias, so a store to linear memory does not force the memory size, the interrupt
/// flag or a global to be reloaded. `FaultingMemory` is a linear-memory access that the guard
/// pages check: it may trap, so its type is the parent of linear memory's and the globals'
/// (no store to a global or to memory moves across it; runtime fields and counters do), a
/// store is volatile, and a load is kept alive by a faulting-load marker
/// (ModuleLowering::faultingLoadMarker).
enum class AccessKind { LinearMemory, Runtime, Global, Counter, Frame, Slot, FaultingMemory };

struct LoweringOptions {
  bool guardPages = false;
  bool directCalls = true;
  bool pollMarkers = false;
  bool exactTraps = true;
  /// Before a store that the guard region checks, read its last byte, so that a store that
  /// straddles the end of memory faults before it writes anything: on aarch64 an access that
  /// crosses into the guard region may be done in parts, its first bytes written before the
  /// fault (x86-64 writes nothing).
  bool probeStoreEnds = false;
  /// Faulting loads volatile, as stores are, instead of marked (the older encoding).
  bool volatileLoads = false;
};


/// The array thunk of a compiled function: its symbol and "$array" (wasm_f<N>$array, and
/// wasm_f<N>$osr<L>$array for an OSR continuation).
std::string arrayThunkName(mlir::FunctionOpInterface func);
/// The function's `wasm.function_index`, if it has one.
std::optional<uint32_t> wasmFunctionIndex(mlir::Operation *func);

class ModuleLowering {
public:
  ModuleLowering(mlir::ModuleOp module, const LoweringOptions &options);

  mlir::ModuleOp module() const { return module_; }
  const LoweringOptions &options() const { return options_; }
  /// strata_rt_<name>, declared on first use.
  mlir::LLVM::LLVMFuncOp runtimeFunction(RuntimeFunction function);
  /// The func.func or llvm.func @wasm_f<N> of this module, or null.
  mlir::Operation *definedFunction(uint32_t index) const;
  /// The TBAA tag of an access of `kind`.
  mlir::ArrayAttr accessTag(AccessKind kind);
  /// `void strata.faulting_load.<type>(<type>)`, declared on first use: a call that takes a
  /// faulting load's value and touches only memory no one else can reach. It keeps the load
  /// from being removed, sunk or narrowed while letting LLVM combine, forward and reorder loads
  /// among themselves; the pipeline removes the calls after the LLVM passes (releaseFaultingLoads).
  mlir::LLVM::LLVMFuncOp faultingLoadMarker(mlir::Type type);

private:
  mlir::ModuleOp module_;
  LoweringOptions options_;
  llvm::DenseMap<uint32_t, mlir::Operation *> functions_;
  llvm::DenseMap<unsigned, mlir::LLVM::LLVMFuncOp> runtime_;
  llvm::DenseMap<unsigned, mlir::ArrayAttr> tags_;
  llvm::DenseMap<mlir::Type, mlir::LLVM::LLVMFuncOp> markers_;
};

/// Lowers the wasm ops of one function. The VMContext is the function's first argument.
/// The 64-bit slots a value of `type` takes in frames and slot arrays: two for a v128.
unsigned slotCountOf(mlir::Type type);
unsigned slotCountOf(mlir::TypeRange types);

class FunctionLowering {
public:
  FunctionLowering(ModuleLowering &module, mlir::FunctionOpInterface func);
  /// Replaces one wasm op by llvm ops (and blocks, for checks); the op is erased.
  mlir::LogicalResult lower(mlir::Operation *op);

  // Building blocks shared by the op lowerings and the array thunks.
  mlir::Value constI32(int64_t value);
  mlir::Value constI64(int64_t value);
  mlir::Value nullPtr();
  /// `base + offset` bytes.
  mlir::Value bytePtr(mlir::Value base, int64_t offset);
  /// `&base[index]` for 8-byte elements; index is i64.
  mlir::Value slotPtr(mlir::Value base, mlir::Value index);
  mlir::Value load(mlir::Type type, mlir::Value ptr, AccessKind kind, bool invariant = false);
  void store(mlir::Value value, mlir::Value ptr, AccessKind kind);
  /// A pointer field of the VMContext, loaded once in the entry block (they never change).
  mlir::Value vmctxField(size_t offset);
  /// The running call's interrupt flag pointer, loaded once in the entry block: a nested
  /// native entry restores it before it returns, so it is the same at every poll.
  mlir::Value interruptFlag();
  /// The running thread's NativeLimits: the thread pointer plus the VMContext's offset.
  mlir::Value nativeLimits();
  /// Branches to a cold block that raises `kind` (an i32) when `condition` holds; continues
  /// in the block after the check.
  void trapIf(mlir::Value condition, mlir::Value kind, std::optional<uint32_t> offset);
  /// Raises the trap and ends the block.
  void emitTrap(mlir::Value kind, std::optional<uint32_t> offset);
  /// Splits the current block at the insertion point; the builder stays at the end of the
  /// first half, which has no terminator yet. Returns the second half.
  mlir::Block *splitHere();
  mlir::Block *newBlock();
  /// A value in the 64-bit slot representation and back (i32 zero-extended, floats as bits;
  /// a pointer parameter, the OSR frame, from its address).
  mlir::Value toSlot(mlir::Value value);
  mlir::Value fromSlot(mlir::Value slot, mlir::Type type);
  /// Values in consecutive slots from `slots` (a v128 takes two, its low half first), as
  /// runtime::Value::toSlots lays them out; and back.
  void storeSlots(mlir::ValueRange values, mlir::Value slots);
  llvm::SmallVector<mlir::Value> loadSlots(mlir::TypeRange types, mlir::Value slots);

  mlir::OpBuilder &builder() { return b_; }
  void setLoc(mlir::Location loc) { loc_ = loc; }

private:
  /// Runs `build` at the end of the entry block's prologue (values loaded once per call).
  mlir::Value inPrologue(llvm::function_ref<mlir::Value()> build);

  // Memory (LowerMemory.cpp).
  void lowerMemoryBase(wasmir::MemoryBaseOp op);
  void lowerLoad(wasmir::LoadOp op);
  void lowerStore(wasmir::StoreOp op);
  void lowerMemorySize(wasmir::MemorySizeOp op);
  /// The address of an access, after its bounds check unless it is proven or left to guards.
  mlir::Value accessAddress(mlir::Value addr, mlir::Value base, uint64_t offset, uint32_t width,
                            bool inBounds);
  /// How an access is tagged: FaultingMemory when guard pages must catch it.
  AccessKind accessKind(bool inBounds) const;
  mlir::Value memoryInstance();

  // Globals, tables, tiering hooks (LowerVariables.cpp).
  void lowerGlobalGet(wasmir::GlobalGetOp op);
  void lowerGlobalSet(wasmir::GlobalSetOp op);
  void lowerRefFunc(wasmir::RefFuncOp op);
  void lowerCounter(wasmir::CounterOp op);
  void lowerOsrLoad(wasmir::OsrLoadOp op);
  /// The ops that are one runtime call each (memory.grow/fill/..., table.*, *.drop).
  mlir::LogicalResult lowerRuntimeCall(mlir::Operation *op);

  // Calls (LowerCalls.cpp).
  void lowerCall(wasmir::CallOp op);
  void lowerCallIndirect(wasmir::CallIndirectOp op);
  /// Calls through a FunctionInstance's switchboard entry: its code when there is some,
  /// strata_rt_call_function otherwise.
  llvm::SmallVector<mlir::Value> callThroughEntry(mlir::Value function, mlir::ValueRange args,
                                                  mlir::TypeRange results);
  mlir::Value slotBuffer(unsigned slots);

  // Traps and checks (LowerChecks.cpp).
  void lowerTrap(wasmir::TrapOp op);
  void lowerTrapIf(wasmir::TrapIfOp op);
  void lowerTrunc(wasmir::TruncOp op);
  void lowerStackCheck(wasmir::StackCheckOp op);
  void lowerPoll(wasmir::PollOp op);

  ModuleLowering &module_;
  mlir::FunctionOpInterface func_;
  mlir::OpBuilder b_;
  mlir::Location loc_;
  mlir::Value vmctx_;
  int32_t functionIndex_ = -1;
  /// The last op of the entry block's prologue.
  mlir::Operation *prologueEnd_ = nullptr;
  llvm::DenseMap<size_t, mlir::Value> fields_;
  mlir::Value interruptFlag_;
  mlir::Value nativeLimits_;
  mlir::Value slots_;
  unsigned slotCount_ = 0;
};

/// Adds wasm_f<N>$array for every function with a `wasm.function_index` (ArrayThunks.cpp).
void addArrayThunks(ModuleLowering &module);

} // namespace strata::mlirtier::lowering
