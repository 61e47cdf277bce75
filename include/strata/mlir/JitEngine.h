// The `jit` engine: the MLIR tier behind the engine interfaces (engine/Engine.h). Every defined
// function of a module is compiled to native code before its first call; the code is shared by
// all instances of the module (it reaches its instance through the VMContext). Traps unwind to
// the CallEngine's entry; memory bounds are checked by guard pages or explicitly. Free of MLIR
// headers. Depends on engine/ and mlir/Compiler.h.
#pragma once

#include "strata/engine/Engine.h"
#include "strata/engine/Registry.h"
#include "strata/mlir/Compiler.h"

#include <memory>

namespace strata::mlirtier {

/// JitOptions::batchBytes by default: no batches, which measured no cheaper (docs/mlir-tier.md).
inline constexpr uint64_t kDefaultBatchBytes = 0;

struct JitOptions {
  CompileOptions compile;
  /// Compile each function at its first call, as a unit of its own; otherwise every defined
  /// function as one unit (direct calls, inlining across functions) before instantiation.
  bool lazy = true;
  /// With lazy compilation, threads that compile ahead the functions called by functions that
  /// have run (0: each function compiles at its first call only).
  unsigned compileThreads = 1;
  /// A background unit also takes other functions waiting to be compiled ahead, each of at most
  /// a quarter of this many bytes of Wasm code, up to this many in all: one unit's fixed cost
  /// (about 7 ms) for several small functions. 0: one function per unit.
  uint64_t batchBytes = kDefaultBatchBytes;
  /// Load every module's code from this object file, which `strata compile --emit=obj` wrote
  /// for it with the same options, instead of compiling (lazy is then off).
  std::string aheadOfTimeObject;
  /// Process-wide outputs for the standard tools (docs/profiling.md): from the engine's
  /// creation on, every unit linked by any engine is listed in the perf map, recorded in the
  /// jitdump file, or registered with the GDB JIT interface.
  bool perfMap = false, jitDump = false, gdb = false;
};

/// Starts the tool outputs `options` asks for (a no-op for those already on); fails when a
/// file cannot be written.
Status enableToolOutputs(const JitOptions &options);

/// Reads the jit engine's settings: "compilation" (`lazy`, the default, or `eager`),
/// "opt-level" (0-3, default 2), "max-optimized-bytes" and
/// "max-optimized-loopless-bytes" (CompileOptions::maxOptimizedBytes and
/// maxOptimizedLooplessBytes),
/// "llvm-pipeline" (`lean`, the default, or `clang`: CompileOptions::pipeline), "fast-isel"
/// (`off`, the default, or `on`: CompileOptions::fastInstructionSelection),
/// "bounds-checks" (`guard-pages`, the default, or `explicit`),
/// "exact-traps" (`on`, the default, or `off`: see CompileOptions::exactTraps), "direct-calls"
/// (`on`/`off`), "wasm-opt" (`on`/`off`: the wasm-level optimizations), "compile-threads"
/// (JitOptions::compileThreads; default one per core beyond the first, at least one),
/// "batch-bytes" (JitOptions::batchBytes) and
/// "perf-map", "jitdump", "gdb" (`on`/`off`) and "aot-object" (a file: aheadOfTimeObject).
/// Reading has no effect beyond its result.
Expected<JitOptions> parseJitOptions(const engine::EngineOptions &options);

std::unique_ptr<engine::Engine> createJitEngine(JitOptions options = {});

} // namespace strata::mlirtier

namespace strata::engine {
/// Registers the "jit" engine (BuiltinEngines.def).
void registerJitEngine();
} // namespace strata::engine
