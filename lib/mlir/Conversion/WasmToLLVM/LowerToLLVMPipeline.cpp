//===- LowerToLLVMPipeline.cpp - wasm-level MLIR to pure llvm dialect -----===//
#include "strata/mlir/Conversion/WasmToLLVM.h"

#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

namespace strata::mlirtier {

void buildLowerToLLVMPipeline(OpPassManager &pm, const wasmir::ConvertWasmToLLVMOptions &options) {
  pm.addPass(wasmir::createConvertWasmToLLVM(options));
  // Also converts the locals mem2reg could not promote, still memrefs.
  pm.addPass(createUpstreamToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

namespace {
struct LowerToLLVMPipelineOptions : PassPipelineOptions<LowerToLLVMPipelineOptions> {
  Option<bool> guardPages{*this, "guard-pages",
                          llvm::cl::desc("rely on guard pages instead of explicit bounds checks"),
                          llvm::cl::init(false)};
  Option<bool> directCalls{*this, "direct-calls",
                           llvm::cl::desc("call functions of the same module directly"),
                           llvm::cl::init(true)};
  Option<bool> pollMarkers{*this, "poll-markers",
                           llvm::cl::desc("lower wasm.poll to llvm.sideeffect markers"),
                           llvm::cl::init(false)};
  Option<bool> exactTraps{*this, "exact-traps",
                          llvm::cl::desc("with guard-pages, keep accesses that may fault in order"),
                          llvm::cl::init(true)};
  Option<bool> probeStoreEnds{
      *this, "probe-store-ends",
      llvm::cl::desc("read a faulting store's last byte first, so that it writes nothing"),
      llvm::cl::init(false)};
  Option<bool> volatileLoads{*this, "volatile-loads",
                             llvm::cl::desc("make loads that may fault volatile, not marked"),
                             llvm::cl::init(false)};
};
} // namespace

void registerLowerToLLVMPasses() {
  registerPass([] { return createUpstreamToLLVMPass(); });
  PassPipelineRegistration<LowerToLLVMPipelineOptions>(
      "strata-lower-to-llvm",
      "convert-wasm-to-llvm and the upstream conversions: pure llvm dialect",
      [](OpPassManager &pm, const LowerToLLVMPipelineOptions &options) {
        buildLowerToLLVMPipeline(pm,
                                 {options.guardPages, options.directCalls, options.pollMarkers,
                                  options.exactTraps, options.probeStoreEnds,
                                  options.volatileLoads});
      });
}

} // namespace strata::mlirtier
