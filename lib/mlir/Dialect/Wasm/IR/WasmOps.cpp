#include "strata/mlir/Dialect/Wasm/IR/WasmOps.h"

using namespace mlir;
using namespace strata::wasmir;

/// An access of `width` bytes must fit its value type, and narrower accesses exist only for
/// integers; a v128 is accessed whole.
static LogicalResult verifyAccess(Operation *op, Type valueType, uint32_t width) {
  if (isa<VectorType>(valueType))
    return width == 16 ? success() : op->emitOpError("a v128 access is 16 bytes wide, not ") << width;
  unsigned bits = valueType.getIntOrFloatBitWidth();
  if (width != 1 && width != 2 && width != 4 && width != 8)
    return op->emitOpError("width must be 1, 2, 4 or 8 bytes, not ") << width;
  if (width * 8 > bits)
    return op->emitOpError("width ") << width << " is wider than " << valueType;
  if (width * 8 < bits && !isa<IntegerType>(valueType))
    return op->emitOpError("narrow accesses need an integer type");
  return success();
}

LogicalResult LoadOp::verify() {
  if (getSignExtend() && (isa<VectorType>(getType()) || getWidth() * 8 == getType().getIntOrFloatBitWidth()))
    return emitOpError("`sign_extend` applies to narrow loads only");
  return verifyAccess(*this, getType(), getWidth());
}

LogicalResult StoreOp::verify() { return verifyAccess(*this, getValue().getType(), getWidth()); }

#define GET_OP_CLASSES
#include "strata/mlir/Dialect/Wasm/IR/WasmOps.cpp.inc"
