// From wasm-level MLIR to pure llvm dialect: convert-wasm-to-llvm (declared with the wasm
// passes) followed by the upstream conversions of arith, math, cf, func and memref and the
// reconciliation of their casts. Includes MLIR headers: for lib/mlir and its tools only.
#pragma once

#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"

namespace strata::mlirtier {

/// The names of the calls that keep faulting loads alive through the LLVM pipeline start with
/// this, followed by the load's type: `strata.faulting_load.i32(i32)`.
inline constexpr const char *kFaultingLoadMarkerPrefix = "strata.faulting_load.";
/// The alias type of the accesses that may fault (with guard pages and exact traps): the
/// parent of linear memory's and the globals' types, a sibling of the runtime's.
inline constexpr const char *kFaultingAccessType = "wasm state";
/// Whether the alias type `kind` is a child of kFaultingAccessType: the state a trap must leave
/// as the Wasm code had it.
inline bool isWasmStateType(llvm::StringRef kind) {
  return kind == "linear memory" || kind == "global";
}

/// The upstream conversions (memref, arith, math, cf and func to llvm) as one pass,
/// "strata-upstream-to-llvm"; unrealized casts may remain.
std::unique_ptr<::mlir::Pass> createUpstreamToLLVMPass();

/// Adds the whole lowering to `pm` (on a builtin.module): convert-wasm-to-llvm,
/// strata-upstream-to-llvm, reconcile-unrealized-casts.
void buildLowerToLLVMPipeline(::mlir::OpPassManager &pm,
                              const wasmir::ConvertWasmToLLVMOptions &options);

/// Registers strata-upstream-to-llvm and the whole lowering as the pass pipeline
/// "strata-lower-to-llvm" (with the options of convert-wasm-to-llvm), for strata-opt.
void registerLowerToLLVMPasses();

} // namespace strata::mlirtier
