// The wasm dialect's operations (see WasmOps.td).
#pragma once

#include "strata/mlir/Dialect/Wasm/IR/WasmDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_ATTRDEF_CLASSES
#include "strata/mlir/Dialect/Wasm/IR/WasmOpsAttributes.h.inc"

#define GET_OP_CLASSES
#include "strata/mlir/Dialect/Wasm/IR/WasmOps.h.inc"
