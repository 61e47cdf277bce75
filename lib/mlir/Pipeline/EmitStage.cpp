// emitStage: runs the pipeline up to one stage and returns that stage's text or bytes.
#include "strata/mlir/Compiler.h"
#include "strata/mlir/Frontend/WasmToMLIR.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

namespace strata::mlirtier {

Expected<std::string> emitStage(const wasm::Module &module, EmitStage stage,
                                const CompileOptions &options, StageTimes *times) {
  ::mlir::MLIRContext context;
  loadStrataDialects(context);
  std::vector<uint32_t> functions;
  if (options.function)
    functions.push_back(*options.function);
  auto translated = translateToMLIR(context, module, functions);
  if (!translated)
    return translated.error();
  ::mlir::OwningOpRef<::mlir::ModuleOp> mlirModule = std::move(*translated);
  if (stage != EmitStage::WasmMlir)
    return Error("this stage is not available yet");
  std::string text;
  llvm::raw_string_ostream out(text);
  mlirModule->print(out);
  return text;
}

} // namespace strata::mlirtier
