#include "strata/mlir/Dialect/Wasm/IR/WasmDialect.h"
#include "strata/mlir/Dialect/Wasm/IR/WasmOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace strata::wasmir;

#include "strata/mlir/Dialect/Wasm/IR/WasmOpsDialect.cpp.inc"
#include "strata/mlir/Dialect/Wasm/IR/WasmOpsEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "strata/mlir/Dialect/Wasm/IR/WasmOpsAttributes.cpp.inc"

void WasmDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "strata/mlir/Dialect/Wasm/IR/WasmOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "strata/mlir/Dialect/Wasm/IR/WasmOpsAttributes.cpp.inc"
      >();
}
