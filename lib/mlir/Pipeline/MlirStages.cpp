// The MLIR half of the pipeline: frontend, wasm-level optimizations, lowering to llvm dialect.
#include "Pipeline.h"

#include <algorithm>

#include "strata/mlir/Conversion/WasmToLLVM.h"
#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h"
#include "strata/mlir/Frontend/WasmToMLIR.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;

namespace strata::mlirtier::pipeline {

std::unique_ptr<MLIRContext> createContext() {
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  auto context = std::make_unique<MLIRContext>(registry, MLIRContext::Threading::DISABLED);
  loadStrataDialects(*context);
  return context;
}

Expected<OwningOpRef<ModuleOp>> translate(MLIRContext &context, const wasm::Module &module,
                                          std::span<const uint32_t> functions,
                                          const CompileOptions &options, StageTimes &times) {
  StageTimer timer(times.frontend);
  FrontendOptions frontendOptions;
  frontendOptions.counters = options.counters;
  frontendOptions.osrLoop = options.osrLoop;
  frontendOptions.osrFrame = options.osrFrame;
  uint32_t single = options.function.value_or(0);
  if (functions.empty() && options.function)
    functions = std::span<const uint32_t>(&single, 1);
  auto result = translateToMLIR(context, module, functions, frontendOptions);
  if (!result)
    return result.takeError();
  for (uint32_t index : compiledFunctions(**result)) {
    const wasm::FunctionBody &body = module.body(index);
    uint64_t bytes = body.codeEnd - body.bodyOffset;
    times.wasmBytes += bytes;
    times.largestFunctionBytes = std::max(times.largestFunctionBytes, bytes);
    if (module.info(index).loops.empty())
      times.largestLooplessFunctionBytes = std::max(times.largestLooplessFunctionBytes, bytes);
  }
  return std::move(*result);
}

std::vector<uint32_t> compiledFunctions(ModuleOp module) {
  std::vector<uint32_t> indexes;
  for (auto func : module.getOps<func::FuncOp>())
    if (auto index = func->getAttrOfType<IntegerAttr>("wasm.function_index"))
      indexes.push_back(uint32_t(index.getInt()));
  return indexes;
}

std::vector<std::string> compiledSymbols(ModuleOp module) {
  // Named as functionSymbol, osrFunctionSymbol and their thunks (Compiler.h) name them.
  std::vector<std::string> symbols;
  for (auto func : module.getOps<func::FuncOp>())
    if (func->hasAttr("wasm.function_index")) {
      symbols.push_back(func.getName().str());
      symbols.push_back(symbols.back() + "$array");
    }
  return symbols;
}

namespace {
/// Runs the passes `build` adds, turning a failure and its diagnostics into an Error.
Status runPasses(ModuleOp module, const char *stage,
                 llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(module.getContext());
  build(pm);
  std::string diagnostics;
  ScopedDiagnosticHandler handler(module.getContext(), [&](Diagnostic &diagnostic) {
    llvm::raw_string_ostream out(diagnostics);
    out << "\n  " << diagnostic.getLocation() << ": " << diagnostic;
    return success();
  });
  if (failed(pm.run(module)))
    return Error(std::string(stage) + " failed:" + diagnostics);
  return Status::ok();
}

} // namespace

uint64_t minimumMemoryBytes(const wasm::Module &module) {
  if (module.memories.empty())
    return 0;
  return module.memories.front().limits.min * wasm::kPageSize;
}

Status optimize(ModuleOp module, const wasm::Module &wasm, const CompileOptions &options) {
  return runPasses(module, "wasm-level optimization", [&](OpPassManager &pm) {
    OpPassManager &functions = pm.nest<func::FuncOp>();
    functions.addPass(createMem2Reg());
    functions.addPass(wasmir::createWasmCanonicalize());
    functions.addPass(createCSEPass());
    if (options.wasmOptimizations) {
      functions.addPass(wasmir::createWasmBoundsCheckElimination({minimumMemoryBytes(wasm)}));
      functions.addPass(wasmir::createWasmCacheMemoryBase());
    }
  });
}

Status lowerToLLVMDialect(ModuleOp module, const CompileOptions &options) {
  return runPasses(module, "lowering to the llvm dialect", [&](OpPassManager &pm) {
    // Polls become markers, expanded after the LLVM pipeline (expandPolls).
    // x86-64 writes nothing of a store that faults; aarch64 may write the part before the
    // guard region.
    bool storesMayTear = !llvm::Triple(targetTriple(options)).isX86();
    buildLowerToLLVMPipeline(pm, {options.guardPages, options.directCalls,
                                  /*pollMarkers=*/true, options.exactTraps, storesMayTear,
                                  options.volatileLoads});
  });
}

} // namespace strata::mlirtier::pipeline
