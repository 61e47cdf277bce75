// Tables, element segments and references. A reference is an i64, 0 for null.
#include "FunctionBuilder.h"

namespace strata::mlirtier {

using ::mlir::arith::CmpIPredicate;
using wasm::Opcode;

bool FunctionBuilder::tableOrRef(const wasm::Instruction &ins) {
  switch (ins.op) {
  case Opcode::TableGet:
    push(emit<wasmir::TableGetOp>(i64_, pop(), ins.index));
    return true;
  case Opcode::TableSet: {
    Value value = pop(), index = pop();
    create<wasmir::TableSetOp>(index, value, ins.index);
    return true;
  }
  case Opcode::TableSize:
    push(emit<wasmir::TableSizeOp>(i32_, ins.index));
    return true;
  case Opcode::TableGrow: {
    Value delta = pop(), init = pop();
    push(emit<wasmir::TableGrowOp>(i32_, init, delta, ins.index));
    return true;
  }
  case Opcode::TableFill: {
    Value size = pop(), value = pop(), dest = pop();
    create<wasmir::TableFillOp>(dest, value, size, ins.index);
    return true;
  }
  case Opcode::TableCopy: { // immediates: destination table, source table
    Value size = pop(), source = pop(), dest = pop();
    create<wasmir::TableCopyOp>(dest, source, size, ins.index, ins.index2);
    return true;
  }
  case Opcode::TableInit: { // immediates: element segment, table
    Value size = pop(), source = pop(), dest = pop();
    create<wasmir::TableInitOp>(dest, source, size, ins.index2, ins.index);
    return true;
  }
  case Opcode::ElemDrop:
    create<wasmir::ElemDropOp>(ins.index);
    return true;
  case Opcode::RefNull:
    push(constInt(i64_, 0));
    return true;
  case Opcode::RefIsNull: {
    Value ref = pop();
    push(fromBool(emit<::mlir::arith::CmpIOp>(CmpIPredicate::eq, ref, zeroOf(i64_))));
    return true;
  }
  case Opcode::RefFunc:
    push(emit<wasmir::RefFuncOp>(i64_, ins.index));
    return true;
  default:
    return false;
  }
}

} // namespace strata::mlirtier
