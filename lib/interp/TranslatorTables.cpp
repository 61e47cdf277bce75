// Translation of memory management, bulk memory, table and reference instructions: each is one
// interpreter instruction over its operands' slots.

#include "FunctionTranslator.h"

namespace strata::interp {

using wasm::Opcode;
using wasm::ValType;

bool FunctionTranslator::tableOrBulk(const wasm::Instruction &ins) {
  uint32_t slots[5];
  auto emit = [&](Op op, std::initializer_list<uint32_t> words) {
    emitOp(op);
    for (uint32_t w : words)
      code_.word(w);
  };
  // Instructions with one result: the destination first, noted for retargeting.
  auto emitResult = [&](Op op, ValType type, std::initializer_list<uint32_t> words) {
    uint32_t height = height_;
    uint32_t start = emitOp(op);
    code_.word(pushResult(type));
    for (uint32_t w : words)
      code_.word(w);
    noteResult(start, start + 2, height);
  };
  switch (ins.op) {
  case Opcode::MemorySize:
    if (ins.index != 0)
      return unsupported(ins);
    emitResult(Op::MemorySize, ValType::I32, {});
    return true;
  case Opcode::MemoryGrow:
    if (ins.index != 0)
      return unsupported(ins);
    popSlots(slots, 1);
    emitResult(Op::MemoryGrow, ValType::I32, {slots[0]});
    return true;
  case Opcode::MemoryInit:
    if (ins.index2 != 0)
      return unsupported(ins);
    popSlots(slots, 3);
    emit(Op::MemoryInit, {ins.index, slots[0], slots[1], slots[2]});
    return true;
  case Opcode::DataDrop:
    emit(Op::DataDrop, {ins.index});
    return true;
  case Opcode::MemoryCopy:
    if (ins.index != 0 || ins.index2 != 0)
      return unsupported(ins);
    popSlots(slots, 3);
    emit(Op::MemoryCopy, {slots[0], slots[1], slots[2]});
    return true;
  case Opcode::MemoryFill:
    if (ins.index != 0)
      return unsupported(ins);
    popSlots(slots, 3);
    emit(Op::MemoryFill, {slots[0], slots[1], slots[2]});
    return true;

  case Opcode::TableGet:
    popSlots(slots, 1);
    emitResult(Op::TableGet, module_->tables[ins.index].elemType, {ins.index, slots[0]});
    return true;
  case Opcode::TableSet:
    popSlots(slots, 2);
    emit(Op::TableSet, {ins.index, slots[0], slots[1]});
    return true;
  case Opcode::TableSize:
    emitResult(Op::TableSize, ValType::I32, {ins.index});
    return true;
  case Opcode::TableGrow:
    popSlots(slots, 2);
    emitResult(Op::TableGrow, ValType::I32, {ins.index, slots[0], slots[1]});
    return true;
  case Opcode::TableFill:
    popSlots(slots, 3);
    emit(Op::TableFill, {ins.index, slots[0], slots[1], slots[2]});
    return true;
  case Opcode::TableCopy:
    popSlots(slots, 3);
    emit(Op::TableCopy, {ins.index, ins.index2, slots[0], slots[1], slots[2]});
    return true;
  case Opcode::TableInit: // immediates: element segment, then table
    popSlots(slots, 3);
    emit(Op::TableInit, {ins.index2, ins.index, slots[0], slots[1], slots[2]});
    return true;
  case Opcode::ElemDrop:
    emit(Op::ElemDrop, {ins.index});
    return true;

  case Opcode::RefNull:
    pushConst(ins.refType, 0); // the null reference
    return true;
  case Opcode::RefIsNull:
    popSlots(slots, 1);
    emitResult(Op::RefIsNull, ValType::I32, {slots[0]});
    return true;
  case Opcode::RefFunc:
    emitResult(Op::RefFunc, ValType::FuncRef, {ins.index});
    return true;
  default:
    return unsupported(ins); // SIMD
  }
}

} // namespace strata::interp
