// Placeholder entry until the frontend lands (not for commit).
#include "strata/mlir/Frontend/WasmToMLIR.h"

namespace strata::mlirtier {

Expected<::mlir::OwningOpRef<::mlir::ModuleOp>>
translateToMLIR(::mlir::MLIRContext &context, const wasm::Module &module,
                std::span<const uint32_t> functions, const FrontendOptions &options) {
  return Error("frontend: not written yet");
}

} // namespace strata::mlirtier
