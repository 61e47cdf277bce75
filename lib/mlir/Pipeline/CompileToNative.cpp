// compileToNative: the pipeline up to an object file for this machine, then linked into the
// process-wide JIT (Jit.cpp). Each call has its own MLIRContext, LLVMContext and
// TargetMachine, so calls on different threads share nothing but the JIT.
#include "Pipeline.h"

#include <malloc.h>

namespace strata::mlirtier {

namespace {
/// The Wasm size of a function whose compilation is followed by malloc_trim.
constexpr uint64_t kTrimAfterFunctionBytes = 4096;

Expected<std::unique_ptr<NativeCode>> compileUnit(const wasm::Module &module,
                                                  std::span<const uint32_t> functions,
                                                  const CompileOptions &options) {
  using namespace pipeline;
  StageTimes times;
  std::unique_ptr<::mlir::MLIRContext> context;
  {
    // Loading the dialects is part of every compilation's cost.
    StageTimer timer(times.frontend);
    context = createContext();
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
  if (options.maxOptimizedBytes && times.largestFunctionBytes > options.maxOptimizedBytes &&
      options.optLevel > 0) {
    hostOptions.optLevel = 0;
    times.unitsAtLevelZero = 1;
  }
  Expected<std::unique_ptr<llvm::TargetMachine>> target = Error("");
  {
    StageTimer timer(times.toLlvmIr); // setting up the target is part of that stage's cost
    target = createTargetMachine(hostOptions, /*forJit=*/true);
  }
  if (!target)
    return target.takeError();
  llvm::LLVMContext llvmContext;
  auto built = buildOptimizedLLVMIR(std::move(*translated), llvmContext, **target, hostOptions,
                                    minimumMemoryBytes(module), times);
  if (!built)
    return built.takeError();
  context.reset(); // the module is gone; the attributes and types it uniqued can go too
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
  if (code && (*code)->times().largestFunctionBytes >= kTrimAfterFunctionBytes)
    malloc_trim(0);
  return code;
}

} // namespace strata::mlirtier
