// emitStage: runs the pipeline up to one stage and returns that stage's text or bytes.
#include "Pipeline.h"

#include "llvm/Support/raw_ostream.h"

namespace strata::mlirtier {

namespace {
std::string print(::mlir::ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream out(text);
  module.print(out);
  return text;
}
} // namespace

Expected<std::string> emitStage(const wasm::Module &module, EmitStage stage,
                                const CompileOptions &options, StageTimes *times) {
  using namespace pipeline;
  StageTimes local;
  StageTimes &t = times ? *times : local;
  std::unique_ptr<::mlir::MLIRContext> context = createContext();
  auto translated = translate(*context, module, {}, options, t);
  if (!translated)
    return translated.takeError();
  ::mlir::ModuleOp mlirModule = **translated;
  if (stage == EmitStage::WasmMlir)
    return print(mlirModule);

  {
    StageTimer timer(t.mlirPasses);
    if (Status status = optimize(mlirModule, module, options); !status)
      return status.takeError();
  }
  if (stage == EmitStage::OptMlir)
    return print(mlirModule);
  {
    StageTimer timer(t.mlirPasses);
    if (Status status = lowerToLLVMDialect(mlirModule, options); !status)
      return status.takeError();
  }
  if (stage == EmitStage::LlvmMlir)
    return print(mlirModule);

  auto target = createTargetMachine(options, /*forJit=*/false);
  if (!target)
    return target.takeError();
  llvm::LLVMContext llvmContext;
  auto built = buildOptimizedLLVMIR(std::move(*translated), llvmContext, **target, options,
                                    minimumMemoryBytes(module), t);
  if (!built)
    return built.takeError();
  std::unique_ptr<llvm::Module> llvmModule = std::move(*built);
  if (stage == EmitStage::Llvm) {
    std::string text;
    llvm::raw_string_ostream out(text);
    llvmModule->print(out, nullptr);
    return text;
  }

  bool assembly = stage == EmitStage::Asm;
  // An object of the whole module can be loaded ahead of time (loadAheadOfTime).
  if (!assembly && !options.function && !options.osrLoop)
    addAheadOfTimeStamp(*llvmModule, aheadOfTimeStamp(module, options, **target));
  Expected<llvm::SmallVector<char, 0>> code = Error("");
  {
    StageTimer timer(t.codegen);
    code = emitMachineCode(*llvmModule, **target,
                           assembly ? llvm::CodeGenFileType::AssemblyFile
                                    : llvm::CodeGenFileType::ObjectFile);
  }
  if (!code)
    return code.takeError();
  std::string bytes(code->begin(), code->end());
  if (!assembly)
    if (auto file = parseObject(bytes))
      t.codeBytes += codeBytes(*file);
  return bytes;
}

} // namespace strata::mlirtier
