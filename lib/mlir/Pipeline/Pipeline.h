// The pipeline's stages, shared by emitStage (EmitStage.cpp) and the JIT (Jit.cpp):
//   Wasm -> wasm-level MLIR -> optimized MLIR -> llvm dialect -> LLVM IR -> machine code.
// Each stage works on its own MLIRContext / LLVMContext, so compilations on different threads
// share nothing but the JIT. Private to lib/mlir/Pipeline.
#pragma once

#include "strata/mlir/Compiler.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Target/TargetMachine.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace strata::mlirtier::pipeline {

/// Adds the time from construction to destruction to one field of StageTimes.
class StageTimer {
public:
  explicit StageTimer(double &total) : total_(total), start_(Clock::now()) {}
  ~StageTimer() { total_ += std::chrono::duration<double>(Clock::now() - start_).count(); }
  StageTimer(const StageTimer &) = delete;
  StageTimer &operator=(const StageTimer &) = delete;

private:
  using Clock = std::chrono::steady_clock;
  double &total_;
  Clock::time_point start_;
};

/// A context with every dialect of the pipeline and their translations to LLVM IR; single
/// threaded, since compilations run in parallel one per thread instead.
std::unique_ptr<::mlir::MLIRContext> createContext();

/// Wasm -> wasm-level MLIR for `functions` (options.function when empty, else all defined
/// ones), or the OSR continuation of the single function with options.osrLoop. Adds the
/// bytes of Wasm code translated to times.wasmBytes.
Expected<::mlir::OwningOpRef<::mlir::ModuleOp>>
translate(::mlir::MLIRContext &context, const wasm::Module &module,
          std::span<const uint32_t> functions, const CompileOptions &options, StageTimes &times);

/// The function indexes of the module's compiled functions (their wasm.function_index).
std::vector<uint32_t> compiledFunctions(::mlir::ModuleOp module);
/// The symbols of the module's compiled functions and their array thunks, before lowering.
std::vector<std::string> compiledSymbols(::mlir::ModuleOp module);

/// mem2reg, canonicalize, cse, then (with wasmOptimizations) bounds-check elimination and
/// memory-base caching.
Status optimize(::mlir::ModuleOp module, const wasm::Module &wasm, const CompileOptions &options);

/// convert-wasm-to-llvm and the upstream conversions: pure llvm dialect.
Status lowerToLLVMDialect(::mlir::ModuleOp module, const CompileOptions &options);

/// Registers every target LLVM was built with, once.
void initializeTargets();

/// The features of this machine's CPU, as LLVM's subtarget feature string.
std::string hostFeatures();
/// `options.targetTriple`, normalized, or the host's triple when it is empty.
std::string targetTriple(const CompileOptions &options);
/// A target machine for `options.targetTriple` (the host, with its CPU and features, when
/// empty) at optLevel. `forJit` tunes it for code loaded into this process.
Expected<std::unique_ptr<llvm::TargetMachine>> createTargetMachine(const CompileOptions &options,
                                                                   bool forJit);
/// This thread's target machine for JIT code at options.optLevel and fastInstructionSelection,
/// created at first use, then reused: a new one per unit cost about 0.5 ms of feature parsing
/// and subtarget setup.
Expected<llvm::TargetMachine *> jitTargetMachine(const CompileOptions &options);

/// llvm dialect -> LLVM IR with the target's triple and data layout.
Expected<std::unique_ptr<llvm::Module>>
translateToLLVMIR(::mlir::ModuleOp module, llvm::LLVMContext &context, llvm::TargetMachine &target);

/// The LLVM pipeline of `options` (its optLevel, 0-3, and its pipeline), tuned for the
/// target. `minMemoryBytes` is the declared minimum size of the module's memory (0: none).
void optimizeLLVMIR(llvm::Module &module, llvm::TargetMachine &target,
                    const CompileOptions &options, uint64_t minMemoryBytes);

/// Replaces the generic form of Wasm instructions that the target does in one instruction
/// with that instruction's intrinsic (TargetInstructions.cpp); before the LLVM pipeline.
void selectTargetInstructions(llvm::Module &module);

/// Turns the llvm.sideeffect markers wasm.poll left into the interrupt-flag test and the call
/// of strata_rt_poll; run after the LLVM pipeline, whose loop optimizations see through the
/// markers but not the poll itself.
void expandPolls(llvm::Module &module);

/// Makes every faulting load volatile and removes the marker calls that kept them alive
/// through the LLVM pipeline (FaultingLoads.cpp); before instruction selection.
void releaseFaultingLoads(llvm::Module &module);

/// Makes plain the faulting accesses whose addresses all lie below `minMemoryBytes`, the
/// memory's declared minimum (ProvenAccesses.cpp). Registered after each peephole point.
class ProvenAccessesPass : public llvm::PassInfoMixin<ProvenAccessesPass> {
public:
  explicit ProvenAccessesPass(uint64_t minMemoryBytes) : minMemoryBytes_(minMemoryBytes) {}
  llvm::PreservedAnalyses run(llvm::Function &function, llvm::FunctionAnalysisManager &analyses);

private:
  uint64_t minMemoryBytes_;
};

/// Versions innermost loops whose faulting (guard-page checked) accesses can be bounded before
/// the loop: a copy with plain accesses runs when they all lie in the memory
/// (VersionFaultingLoops.cpp). Registered before the vectorizers from -O2 on.
struct VersionFaultingLoopsPass : llvm::PassInfoMixin<VersionFaultingLoopsPass> {
  llvm::PreservedAnalyses run(llvm::Function &function, llvm::FunctionAnalysisManager &analyses);
};

/// The two LLVM IR stages together, each timed: translation (times.toLlvmIr), then the LLVM
/// pipeline with the polls expanded (times.llvmOpt). The MLIR module is erased once translated,
/// so that its memory is not held through the LLVM pipeline's peak.
Expected<std::unique_ptr<llvm::Module>>
buildOptimizedLLVMIR(::mlir::OwningOpRef<::mlir::ModuleOp> module, llvm::LLVMContext &context,
                     llvm::TargetMachine &target, const CompileOptions &options,
                     uint64_t minMemoryBytes, StageTimes &times);

/// The declared minimum size in bytes of the module's memory, 0 without one.
uint64_t minimumMemoryBytes(const wasm::Module &module);

/// Assembly or an object file.
Expected<llvm::SmallVector<char, 0>>
emitMachineCode(llvm::Module &module, llvm::TargetMachine &target, llvm::CodeGenFileType type);

/// What an ahead-of-time object was compiled from and for (AheadOfTime.cpp): the module's
/// hash, the architecture, CPU and features of `target`, and the options its code depends on.
std::string aheadOfTimeStamp(const wasm::Module &module, const CompileOptions &options,
                             const llvm::TargetMachine &target);
/// Puts `stamp` into `module`, in a section of its own that loadAheadOfTime reads.
void addAheadOfTimeStamp(llvm::Module &module, const std::string &stamp);

/// Symbols renamed for the debugger: wasm_f<N>... to its Wasm name.
using SymbolRenames = std::map<std::string, std::string>;

/// Whether the JIT registers code with the debugger (registerCodeWithDebugger).
bool registeredWithDebugger();
/// Names each Wasm function, continuation and thunk of `llvmModule` as gdb should show it,
/// "wasm:MODULE!NAME" and the variant's suffix ($osr<L>, $array), unique in the module;
/// returns what it renamed. The object file's symbols are all a debugger has to name a frame.
SymbolRenames nameFunctionsForDebugger(llvm::Module &llvmModule, const wasm::Module &module);

/// Links `object`, compiled from `module`, into a new unit of the process-wide JIT and
/// resolves `symbols` (compiledSymbols; `renames` says which of them the object names
/// otherwise); adds the link time to times.codegen. The functions' code is registered for
/// stack traces (native/CodeMap.h) while the unit lives.
Expected<std::unique_ptr<NativeCode>> loadIntoJit(llvm::SmallVector<char, 0> object,
                                                  const std::vector<std::string> &symbols,
                                                  const SymbolRenames &renames, StageTimes &times,
                                                  const wasm::Module &module);

/// An object file's view of `bytes`, or null when they are none (the error consumed).
std::unique_ptr<llvm::object::ObjectFile> parseObject(llvm::StringRef bytes);
/// Bytes of executable sections in an object file.
uint64_t codeBytes(const llvm::object::ObjectFile &object);

} // namespace strata::mlirtier::pipeline
