// compileToNative: the pipeline up to an object file for this machine, then linked into the
// process-wide JIT (Jit.cpp). Each call has its own MLIRContext, LLVMContext and
// TargetMachine, so calls on different threads share nothing but the JIT.
#include "Pipeline.h"

namespace strata::mlirtier {

Expected<std::unique_ptr<NativeCode>> compileToNative(const wasm::Module &module,
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
  auto built = buildOptimizedLLVMIR(mlirModule, llvmContext, **target, hostOptions,
                                    minimumMemoryBytes(module), times);
  if (!built)
    return built.takeError();
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

} // namespace strata::mlirtier
