// The wasm dialect: WebAssembly runtime semantics in MLIR (see WasmDialect.td). Only lib/mlir
// and the tools built on it include this header: it pulls in MLIR.
#pragma once

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Dialect.h"

#include "strata/mlir/Dialect/Wasm/IR/WasmOpsDialect.h.inc"
#include "strata/mlir/Dialect/Wasm/IR/WasmOpsEnums.h.inc"
