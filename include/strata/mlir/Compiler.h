// The MLIR tier's entry points, free of MLIR headers so the engine glue and the CLI compile
// fast: translate a validated module's functions through the pipeline
//   Wasm -> wasm-level MLIR -> optimized MLIR -> llvm dialect -> LLVM IR -> native code
// and either show one stage (strata compile) or load the code into an ORC LLJIT.
//
// Symbols of a compiled function N (index in the module's function index space):
//   wasm_f<N>          ret wasm_f<N>(VMContext*, params...)        the native ABI
//   wasm_f<N>$array    void wasm_f<N>$array(VMContext*, uint64_t*) params in, results out,
//                                                                  one 64-bit slot each
// Native code reaches memory, globals, tables and other functions through the VMContext
// (runtime/VMContext.h) and calls the runtime through strata_rt_* (RuntimeFunctions.def).
#pragma once

#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace strata::mlirtier {

/// The stages `strata compile --emit=` shows.
enum class EmitStage { WasmMlir, OptMlir, LlvmMlir, Llvm, Asm, Obj };
/// "wasm-mlir", "opt-mlir", "llvm-mlir", "llvm", "asm", "obj".
std::optional<EmitStage> parseEmitStage(std::string_view name);

struct CompileOptions {
  /// The LLVM pipeline's level, 0-3.
  unsigned optLevel = 2;
  /// Leave memory bounds checks to the memory's guard region instead of compare-and-branch.
  bool guardPages = true;
  /// Call functions of the same compilation unit directly rather than through the table.
  bool directCalls = true;
  /// Run the wasm-level optimizations (bounds-check elimination, memory-base caching).
  bool wasmOptimizations = true;
  /// Count calls and loop iterations in VMContext::counters (wasm.counter), for tiering.
  bool counters = false;
  /// The target for asm and obj output; empty means the host.
  std::string targetTriple;
  /// Only this function (an index of a defined function); all defined functions otherwise.
  std::optional<uint32_t> function;
};

/// Where compile time goes, in seconds, and how much code came out.
struct StageTimes {
  double frontend = 0;   // Wasm -> wasm-level MLIR
  double mlirPasses = 0; // wasm-level optimizations, lowering to the llvm dialect
  double toLlvmIr = 0;   // translation to LLVM IR
  double llvmOpt = 0;    // the LLVM pipeline at optLevel
  double codegen = 0;    // machine code, in the JIT or for an object file
  uint64_t codeBytes = 0;
  uint64_t wasmBytes = 0; // bytes of Wasm code compiled
  double total() const { return frontend + mlirPasses + toLlvmIr + llvmOpt + codegen; }
  StageTimes &operator+=(const StageTimes &other);
};

/// One stage's output for the module's functions: MLIR or LLVM IR text, assembly, or the bytes
/// of an ELF object.
Expected<std::string> emitStage(const wasm::Module &module, EmitStage stage,
                                const CompileOptions &options, StageTimes *times = nullptr);

/// Native code of some functions of one module, loaded into a JIT. Lives as long as any
/// instance runs it.
class NativeCode {
public:
  virtual ~NativeCode() = default;
  /// The address of a symbol (wasm_f<N>, wasm_f<N>$array), or null.
  virtual void *lookup(std::string_view symbol) const = 0;
  void *function(uint32_t index) const;
  void *arrayThunk(uint32_t index) const;
  const StageTimes &times() const { return times_; }

protected:
  StageTimes times_;
};

/// Compiles `functions` (indexes of defined functions; every defined function when empty) as
/// one unit and loads it into the process-wide JIT.
Expected<std::unique_ptr<NativeCode>> compileToNative(const wasm::Module &module,
                                                      std::span<const uint32_t> functions,
                                                      const CompileOptions &options);

/// The addresses the JIT binds the strata_rt_* symbols to (RuntimeFunctions.def), handed over
/// once by the library that defines them, before the first compileToNative.
void bindRuntimeFunctions(std::span<const std::pair<const char *, void *>> symbols);

/// "wasm_f3", "wasm_f3$array".
std::string functionSymbol(uint32_t index);
std::string arrayThunkSymbol(uint32_t index);

} // namespace strata::mlirtier
