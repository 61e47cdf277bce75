// The MLIR tier's entry points, free of MLIR headers so the engine glue and the CLI compile
// fast: translate a validated module's functions through the pipeline
//   Wasm -> wasm-level MLIR -> optimized MLIR -> llvm dialect -> LLVM IR -> native code
// and either show one stage (strata compile) or load the code into an ORC LLJIT.
//
// Symbols of a compiled function N (index in the module's function index space):
//   wasm_f<N>          ret wasm_f<N>(VMContext*, params...)        the native ABI
//   wasm_f<N>$array    void wasm_f<N>$array(VMContext*, uint64_t*) params in, results out,
//                                                                  one 64-bit slot each
//   wasm_f<N>$osr<L>   ret wasm_f<N>$osr<L>(VMContext*, uint64_t *frame)
//                      F's continuation from its loop L (an OSR entry): reads the locals and
//                      the live operands from an interpreter frame (decision 2 of DESIGN.md)
//   wasm_f<N>$osr<L>$array  void (VMContext*, uint64_t *slots): slots[0] holds the frame
//                      pointer on entry, the results come back in slots[0..n)
//   wasm_f<N>$osr      ret wasm_f<N>$osr(VMContext*, uint64_t *frame, i32 loop)
//                      one continuation for every outermost loop of F (loops in no other
//                      loop; osrLoop = kOutermostLoops): the entry
//                      switches on `loop` to that loop's frame reads; its thunk
//                      wasm_f<N>$osr$array takes the frame in slots[0] and the loop in slots[1]
//
// Tiering counters (CompileOptions::counters) share one array, VMContext::counters:
//   [0, numFunctions)                calls of function N (the function index space)
//   numFunctions + ...               iterations of loop L of each defined function, the loops
//                                    of defined functions one after the other (loopCounterIndex)
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
#include <vector>

namespace strata::mlirtier {

/// The stages `strata compile --emit=` shows.
enum class EmitStage { WasmMlir, OptMlir, LlvmMlir, Llvm, Asm, Obj };
/// "wasm-mlir", "opt-mlir", "llvm-mlir", "llvm", "asm", "obj".
std::optional<EmitStage> parseEmitStage(std::string_view name);

/// CompileOptions::maxOptimizedBytes by default.
inline constexpr uint64_t kDefaultMaxOptimizedBytes = 128 * 1024;
/// CompileOptions::maxOptimizedLooplessBytes by default.
inline constexpr uint64_t kDefaultMaxOptimizedLooplessBytes = 16 * 1024;

/// Which LLVM passes run at levels 1-3 (docs/mlir-tier.md, "The LLVM pipeline").
enum class LlvmPipeline {
  /// The passes of Clang's pipeline that Wasm code needs, once or twice each, and the
  /// inliner: 30% less time than Clang's on sqlite3, code as fast on the program suite.
  Lean,
  /// LLVM's per-module default pipeline at the level, as `clang -O<level>` runs it.
  Clang,
};
/// "lean", "clang".
std::optional<LlvmPipeline> parseLlvmPipeline(std::string_view name);
std::string_view llvmPipelineName(LlvmPipeline pipeline);

struct CompileOptions {
  /// The LLVM pipeline's level, 0-3.
  unsigned optLevel = 2;
  /// The passes of levels 1-3.
  LlvmPipeline pipeline = LlvmPipeline::Lean;
  /// Select instructions with FastISel (SelectionDAG where it cannot) at levels 1-3 too, as
  /// level 0 always does: code generation about 18% cheaper on sqlite3, code up to 15% slower
  /// on tight loops (docs/mlir-tier.md).
  bool fastInstructionSelection = false;
  /// A compilation that holds a function body of more bytes runs LLVM at level 0, its pipeline
  /// and its code generation: on such bodies LLVM's loop and code-generation passes can take
  /// minutes (docs/mlir-tier.md). 0: no limit. Neither emitStage nor the jit engine's eager
  /// whole-module unit applies it: their level is the one asked for.
  uint64_t maxOptimizedBytes = kDefaultMaxOptimizedBytes;
  /// The same for a function body without loops: each call runs each of its instructions at
  /// most once, so optimizing a large one pays only if it is called very often, and one such
  /// body (CPython's 40 KB `_Py_Deepfreeze_Fini`, run once at exit) took 39 MB more memory
  /// and 1.1 s more at -O2 than at level 0 (docs/mlir-tier.md). 0: no limit.
  uint64_t maxOptimizedLooplessBytes = kDefaultMaxOptimizedLooplessBytes;
  /// Leave memory bounds checks to the memory's guard region instead of compare-and-branch.
  bool guardPages = true;
  /// With guard pages, keep each access that may fault in program order, so a trap comes
  /// exactly where the Wasm code has it. Off only to measure what that costs: LLVM may then
  /// remove or move such accesses.
  bool exactTraps = true;
  /// With exact traps, make every load that may fault volatile from the start, as stores are,
  /// instead of keeping it alive with a marker (docs/mlir-tier.md): the older, slower
  /// encoding, kept to measure the difference.
  bool volatileLoads = false;
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
  /// Compile the continuation F@L of the single requested function F from its loop L (an
  /// index into wasm::FunctionInfo::loops) instead of F: wasm_f<N>$osr<L> and its thunk; or,
  /// with kOutermostLoops, one continuation entered at any loop not nested in another:
  /// wasm_f<N>$osr. An inner loop's continuation peels the current iterations of the loops
  /// around it, so that LLVM sees natural loops (vectorization needs them).
  std::optional<uint32_t> osrLoop;
  /// The frame a single-loop continuation will be entered with, slot by slot (locals, then
  /// the operands at the loop): its numbers become constants, so the code is valid for this
  /// one entry only. Empty: the entry reads every slot from the frame.
  std::vector<uint64_t> osrFrame;
};

/// CompileOptions::osrLoop for a continuation that can enter every outermost loop.
inline constexpr uint32_t kOutermostLoops = UINT32_MAX;

/// Where compile time goes, in seconds, and how much code came out.
struct StageTimes {
  double frontend = 0;   // Wasm -> wasm-level MLIR
  double mlirPasses = 0; // wasm-level optimizations, lowering to the llvm dialect
  double toLlvmIr = 0;   // translation to LLVM IR
  double llvmOpt = 0;    // the LLVM pipeline at optLevel
  double codegen = 0;    // machine code, in the JIT or for an object file
  uint64_t codeBytes = 0;
  uint64_t wasmBytes = 0; // bytes of Wasm code compiled
  uint64_t largestFunctionBytes = 0; // the largest function body among them
  uint64_t largestLooplessFunctionBytes = 0; // the largest of those without loops
  uint32_t unitsAtLevelZero = 0; // compiled at level 0 by the maxOptimized*Bytes limits
  double total() const { return frontend + mlirPasses + toLlvmIr + llvmOpt + codegen; }
  StageTimes &operator+=(const StageTimes &other);
};

/// One stage's output for the module's functions: MLIR or LLVM IR text, assembly, or the bytes
/// of an ELF object.
Expected<std::string> emitStage(const wasm::Module &module, EmitStage stage,
                                const CompileOptions &options, StageTimes *times = nullptr);

/// Machine code for `triple` (empty: the host's), shown at `address`, as assembly text in
/// LLVM's syntax, an instruction per line; bytes that decode to no instruction as `.byte`.
Expected<std::string> disassemble(std::span<const uint8_t> code, uint64_t address,
                                  const std::string &triple);

/// Native code of some functions of one module, loaded into a JIT. Lives as long as any
/// instance runs it.
class NativeCode {
public:
  virtual ~NativeCode() = default;
  /// The address of a symbol (wasm_f<N>, wasm_f<N>$array), or null.
  virtual void *lookup(std::string_view symbol) const = 0;
  void *function(uint32_t index) const;
  void *arrayThunk(uint32_t index) const;
  /// wasm_f<N>$osr<L>$array, or null.
  void *osrArrayThunk(uint32_t index, uint32_t loop) const;
  const StageTimes &times() const { return times_; }

protected:
  StageTimes times_;
};

/// Compiles `functions` (indexes of defined functions; when empty, options.function or else
/// every defined function) as one unit and loads it into the process-wide JIT. With
/// options.osrLoop, the unit is the OSR continuation of its single function (osrArrayThunk).
Expected<std::unique_ptr<NativeCode>> compileToNative(const wasm::Module &module,
                                                      std::span<const uint32_t> functions,
                                                      const CompileOptions &options);

/// Bytes of memory the process-wide JIT holds for linked units now: whole 64 KB slabs, which
/// units share (docs/mlir-tier.md, "Packed code pages").
size_t jitCodeMemoryBytes();

/// Loads an object file `strata compile --emit=obj` wrote for `module` (every defined
/// function, its stamp in section .strata.aot) into the process-wide JIT, as compileToNative
/// would have compiled it. Fails with the reason when the file is not such an object, or was
/// compiled from another module, for another architecture or CPU, or with other bounds checks,
/// exact traps, direct calls or wasm-level optimizations than `options`.
Expected<std::unique_ptr<NativeCode>> loadAheadOfTime(const wasm::Module &module,
                                                      const CompileOptions &options,
                                                      const std::string &path);

/// The addresses the JIT binds the strata_rt_* symbols to (RuntimeFunctions.def), handed over
/// once by the library that defines them, before the first compileToNative.
void bindRuntimeFunctions(std::span<const std::pair<const char *, void *>> symbols);
/// Binds the native runtime's functions into the JIT and, with `guardPages`, installs the
/// guard-page handler; once per process (the handler once per thread). Before the first
/// compilation.
void prepareNativeRuntime(bool guardPages);

/// From now on every unit the JIT links is also registered through the GDB JIT interface
/// (LLVM ORC's debugger support), its functions, continuations and thunks named by their Wasm
/// names ("wasm:MODULE!NAME", "...$osr<L>", "...$array"), so that gdb names native Wasm
/// frames and unwinds through them. Process-wide.
Status registerCodeWithDebugger();

/// "wasm_f3", "wasm_f3$array".
std::string functionSymbol(uint32_t index);
std::string arrayThunkSymbol(uint32_t index);
/// "wasm_f3$osr1", "wasm_f3$osr1$array"; for kOutermostLoops "wasm_f3$osr", "wasm_f3$osr$array".
std::string osrFunctionSymbol(uint32_t index, uint32_t loop);
std::string osrArrayThunkSymbol(uint32_t index, uint32_t loop);

/// The index in VMContext::counters of the iteration counter of loop `loop` of the defined
/// function `function`: numFunctions + the loops of the defined functions before it + loop.
uint32_t loopCounterIndex(const wasm::Module &module, uint32_t function, uint32_t loop);
/// How many counters a module's code bumps: its functions plus every loop of its defined ones.
uint32_t counterCount(const wasm::Module &module);

} // namespace strata::mlirtier
