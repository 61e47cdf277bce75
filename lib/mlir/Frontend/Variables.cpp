// Parametric and variable instructions: drop, select, locals (loads and stores of their
// allocas, which mem2reg turns into SSA values) and globals.
#include "FunctionBuilder.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace strata::mlirtier {

using wasm::Opcode;

bool FunctionBuilder::variable(const wasm::Instruction &ins) {
  switch (ins.op) {
  case Opcode::Drop:
    pop();
    return true;
  case Opcode::Select:
  case Opcode::SelectT: {
    Value condition = isTrue(pop());
    Value ifFalse = pop(), ifTrue = pop();
    push(emit<::mlir::arith::SelectOp>(condition, ifTrue, ifFalse));
    return true;
  }
  case Opcode::LocalGet:
    push(emit<::mlir::memref::LoadOp>(locals_[ins.index]));
    return true;
  case Opcode::LocalSet:
    create<::mlir::memref::StoreOp>(pop(), locals_[ins.index]);
    return true;
  case Opcode::LocalTee:
    create<::mlir::memref::StoreOp>(stack_.back(), locals_[ins.index]);
    return true;
  case Opcode::GlobalGet:
    push(emit<wasmir::GlobalGetOp>(typeOf(wasm_.globals[ins.index].type.type), ins.index));
    return true;
  case Opcode::GlobalSet:
    create<wasmir::GlobalSetOp>(pop(), ins.index);
    return true;
  default:
    return false;
  }
}

} // namespace strata::mlirtier
