// compileToNative: the pipeline up to an object file for this machine, then linked into the
// process-wide JIT (Jit.cpp). Each call has its own LLVMContext and uses its thread's
// MLIRContext and TargetMachine, so calls on different threads share nothing but the JIT.
#include "Pipeline.h"

#include <malloc.h>

namespace strata::mlirtier {

namespace {
/// A unit holding a function of this many bytes of Wasm or more is large: its compilation is
/// followed by malloc_trim, and its MLIRContext is not reused.
constexpr uint64_t kLargeFunctionBytes = 4096;
bool isLarge(const StageTimes &times) { return times.largestFunctionBytes >= kLargeFunctionBytes; }
/// How many units one thread's MLIRContext serves before it is replaced.
constexpr unsigned kUnitsPerContext = 64;

/// Each thread keeps its MLIRContext for its next unit: loading the dialects cost about 0.5 ms
/// a unit. A context keeps what its units uniqued (attributes, types, locations), so it serves
/// at most kUnitsPerContext units, and none after a large one.
struct ThreadContext {
  std::unique_ptr<::mlir::MLIRContext> context;
  unsigned units = 0;
};
thread_local ThreadContext threadContext;

std::unique_ptr<::mlir::MLIRContext> takeContext() {
  if (threadContext.context)
    return std::move(threadContext.context);
  threadContext.units = 0;
  return pipeline::createContext();
}

void returnContext(std::unique_ptr<::mlir::MLIRContext> context, bool large) {
  if (!large && ++threadContext.units < kUnitsPerContext)
    threadContext.context = std::move(context);
}

Expected<std::unique_ptr<NativeCode>> compileUnit(const wasm::Module &module,
                                                  std::span<const uint32_t> functions,
                                                  const CompileOptions &options) {
  using namespace pipeline;
  StageTimes times;
  std::unique_ptr<::mlir::MLIRContext> context;
  {
    StageTimer timer(times.frontend); // loading the dialects, when it happens, is part of it
    context = takeContext();
  }
  auto translated = translate(*context, module, functions, options, times);
  if (!translated)
    return translated.takeError();
  ::mlir::ModuleOp mlirModule = **translated;
  std::vector<std::string> compiled = compiledSymbols(mlirModule);
  {
    StageTimer timer(times.mlirPasses);
    if (Status status = optimize(mlirModule, module, options); !status)
      return status.takeError();
    if (Status status = lowerToLLVMDialect(mlirModule, options); !status)
      return status.takeError();
  }

  CompileOptions hostOptions = options;
  hostOptions.targetTriple.clear(); // the JIT runs code on this machine
  auto above = [](uint64_t bytes, uint64_t limit) { return limit && bytes > limit; };
  if (options.optLevel > 0 &&
      (above(times.largestFunctionBytes, options.maxOptimizedBytes) ||
       above(times.largestLooplessFunctionBytes, options.maxOptimizedLooplessBytes))) {
    hostOptions.optLevel = 0;
    times.unitsAtLevelZero = 1;
  }
  Expected<llvm::TargetMachine *> target = Error("");
  {
    StageTimer timer(times.toLlvmIr); // setting up the target is part of that stage's cost
    target = jitTargetMachine(hostOptions);
  }
  if (!target)
    return target.takeError();
  llvm::LLVMContext llvmContext;
  auto built = buildOptimizedLLVMIR(std::move(*translated), llvmContext, **target, hostOptions,
                                    minimumMemoryBytes(module), times);
  if (!built)
    return built.takeError();
  // The module is gone; unless the context serves the next unit, what it uniqued goes too.
  returnContext(std::move(context), isLarge(times));
  std::unique_ptr<llvm::Module> llvmModule = std::move(*built);
  SymbolRenames renames;
  if (registeredWithDebugger())
    renames = nameFunctionsForDebugger(*llvmModule, module);
  Expected<llvm::SmallVector<char, 0>> object = Error("");
  {
    StageTimer timer(times.codegen);
    object = emitMachineCode(*llvmModule, **target, llvm::CodeGenFileType::ObjectFile);
  }
  if (!object)
    return object.takeError();
  return loadIntoJit(std::move(*object), compiled, renames, times, module);
}
} // namespace

Expected<std::unique_ptr<NativeCode>> compileToNative(const wasm::Module &module,
                                                      std::span<const uint32_t> functions,
                                                      const CompileOptions &options) {
  auto code = compileUnit(module, functions, options);
  // Compiling a large function frees tens of MB that glibc keeps in its arenas, resident until
  // reused: hand them back. Only after such units, since a trim walks every arena (0.6 ms a
  // unit on CPython's jit run, 7% of its compile time if done after each; docs/mlir-tier.md).
  if (code && isLarge((*code)->times()))
    malloc_trim(0);
  return code;
}

} // namespace strata::mlirtier
