// The wasm dialect's passes (see Passes.td): each registered and runnable alone, e.g. through
// strata-opt.
#pragma once

#include "strata/mlir/Dialect/Wasm/IR/WasmOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace strata::wasmir {

#define GEN_PASS_DECL
#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "strata/mlir/Dialect/Wasm/Transforms/Passes.h.inc"

} // namespace strata::wasmir
