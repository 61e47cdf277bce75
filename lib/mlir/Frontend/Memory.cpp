// Linear memory (memory 0): loads and stores become wasm.load/wasm.store with the memarg's
// offset and the access width in bytes (bounds checks and the memory base are left to the
// passes), and the memory and data-segment instructions their wasm ops.
#include "FunctionBuilder.h"

namespace strata::mlirtier {

using wasm::Opcode;

bool FunctionBuilder::memory(const wasm::Instruction &ins) {
  uint64_t offset = ins.memArg.offset;
  switch (ins.op) {
  case Opcode::I32Load:
    load(i32_, 4, false, offset);
    return true;
  case Opcode::I64Load:
    load(i64_, 8, false, offset);
    return true;
  case Opcode::F32Load:
    load(f32_, 4, false, offset);
    return true;
  case Opcode::F64Load:
    load(f64_, 8, false, offset);
    return true;
  case Opcode::I32Load8S:
  case Opcode::I32Load8U:
    load(i32_, 1, ins.op == Opcode::I32Load8S, offset);
    return true;
  case Opcode::I32Load16S:
  case Opcode::I32Load16U:
    load(i32_, 2, ins.op == Opcode::I32Load16S, offset);
    return true;
  case Opcode::I64Load8S:
  case Opcode::I64Load8U:
    load(i64_, 1, ins.op == Opcode::I64Load8S, offset);
    return true;
  case Opcode::I64Load16S:
  case Opcode::I64Load16U:
    load(i64_, 2, ins.op == Opcode::I64Load16S, offset);
    return true;
  case Opcode::I64Load32S:
  case Opcode::I64Load32U:
    load(i64_, 4, ins.op == Opcode::I64Load32S, offset);
    return true;
  case Opcode::I32Store:
  case Opcode::F32Store:
  case Opcode::I64Store32:
    store(4, offset);
    return true;
  case Opcode::I64Store:
  case Opcode::F64Store:
    store(8, offset);
    return true;
  case Opcode::I32Store8:
  case Opcode::I64Store8:
    store(1, offset);
    return true;
  case Opcode::I32Store16:
  case Opcode::I64Store16:
    store(2, offset);
    return true;
  case Opcode::MemorySize:
    push(emit<wasmir::MemorySizeOp>(i32_));
    return true;
  case Opcode::MemoryGrow:
    push(emit<wasmir::MemoryGrowOp>(i32_, pop()));
    return true;
  case Opcode::MemoryFill: {
    Value size = pop(), value = pop(), dest = pop();
    create<wasmir::MemoryFillOp>(dest, value, size);
    return true;
  }
  case Opcode::MemoryCopy: {
    Value size = pop(), source = pop(), dest = pop();
    create<wasmir::MemoryCopyOp>(dest, source, size);
    return true;
  }
  case Opcode::MemoryInit: {
    Value size = pop(), source = pop(), dest = pop();
    create<wasmir::MemoryInitOp>(dest, source, size, ins.index);
    return true;
  }
  case Opcode::DataDrop:
    create<wasmir::DataDropOp>(ins.index);
    return true;
  default:
    return false;
  }
}

void FunctionBuilder::load(Type type, uint32_t width, bool signExtend, uint64_t offset) {
  Value addr = pop();
  push(emit<wasmir::LoadOp>(type, addr, Value(), offset, width, signExtend));
}

void FunctionBuilder::store(uint32_t width, uint64_t offset) {
  Value value = pop(), addr = pop();
  create<wasmir::StoreOp>(addr, value, Value(), offset, width);
}

} // namespace strata::mlirtier
