// The frontend's entry point: translates the requested functions of a validated module into
// one MLIR module, verifying each function as it is built so that a bad translation is
// reported with the function it came from.
#include "FunctionBuilder.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace strata::mlirtier {

namespace {
/// Verifies `op`, collecting the diagnostics into the returned error's reason.
Status verify(::mlir::Operation *op, bool recursive, const std::string &what) {
  std::string diagnostics;
  ::mlir::ScopedDiagnosticHandler handler(op->getContext(), [&](::mlir::Diagnostic &diag) {
    llvm::raw_string_ostream out(diagnostics);
    out << "\n  " << diag.getLocation() << ": " << diag;
    for (const ::mlir::Diagnostic &note : diag.getNotes())
      out << "\n  note: " << note;
    return ::mlir::success();
  });
  if (::mlir::succeeded(::mlir::verify(op, recursive)))
    return Status::ok();
  return Error(what + ": the frontend produced invalid MLIR:" + diagnostics);
}
} // namespace

Expected<::mlir::OwningOpRef<::mlir::ModuleOp>> translateToMLIR(::mlir::MLIRContext &context,
                                                                const wasm::Module &module,
                                                                std::span<const uint32_t> functions,
                                                                const FrontendOptions &options) {
  if (!module.validated)
    return Error("the MLIR tier translates validated modules only");
  if (options.osrLoop && functions.size() != 1)
    return Error("an OSR continuation (loop " + std::to_string(*options.osrLoop) +
                 ") needs exactly one function");
  std::vector<uint32_t> all;
  if (functions.empty()) {
    for (uint32_t i = module.numImportedFunctions; i < module.numFunctions(); ++i)
      all.push_back(i);
    functions = all;
  }
  ::mlir::OwningOpRef<::mlir::ModuleOp> result =
      ::mlir::ModuleOp::create(::mlir::UnknownLoc::get(&context));
  FunctionBuilder builder(*result, module, options);
  std::vector<bool> seen(module.numFunctions());
  for (uint32_t index : functions) {
    std::string what = "function " + std::to_string(index);
    if (index >= module.numFunctions() || module.isImportedFunction(index))
      return Error(what + " is not a defined function");
    if (seen[index])
      return Error(what + " is requested twice");
    seen[index] = true;
    if (Status status = builder.build(index); !status)
      return status.takeError();
    ::mlir::Operation *func = &result->getBody()->back();
    if (Status status = verify(func, true, what); !status)
      return status.takeError();
  }
  // The functions are verified already; this checks the module itself (symbols).
  if (Status status = verify(result->getOperation(), false, "module"); !status)
    return status.takeError();
  return result;
}

} // namespace strata::mlirtier
