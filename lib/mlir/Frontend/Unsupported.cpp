// What the MLIR tier does not translate: SIMD (v128 values and the 0xFD opcodes) and memories
// other than memory 0. A function using either fails as a whole, dead code included, so the
// answer does not depend on reachability.
#include "FunctionBuilder.h"

#include <algorithm>

namespace strata::mlirtier {

using wasm::Opcode;
using wasm::ValType;

bool FunctionBuilder::isSimdType(const wasm::FuncType &type) const {
  auto isV128 = [](ValType t) { return t == ValType::V128; };
  return std::any_of(type.params.begin(), type.params.end(), isV128) ||
         std::any_of(type.results.begin(), type.results.end(), isV128);
}

Status FunctionBuilder::checkSignature() const {
  if (isSimdType(*type_) ||
      std::find(localTypes_.begin(), localTypes_.end(), ValType::V128) != localTypes_.end()) {
    return unsupported(wasm_.body(functionIndex_).bodyOffset, "SIMD");
  }
  return Status::ok();
}

Status FunctionBuilder::checkSupported(const wasm::Instruction &ins) const {
  const wasm::OpcodeInfo &info = wasm::info(ins.op);
  bool simd = info.prefix == 0xfd;
  bool otherMemory = info.immediate == wasm::ImmKind::MemArg && ins.memArg.memory != 0;
  switch (ins.op) {
  case Opcode::Block:
  case Opcode::Loop:
  case Opcode::If:
    simd = (ins.blockType.kind == wasm::BlockType::Value && ins.blockType.type == ValType::V128) ||
           (ins.blockType.kind == wasm::BlockType::TypeIndex &&
            isSimdType(wasm_.types[ins.blockType.index]));
    break;
  case Opcode::SelectT:
    simd = std::find(ins.listBegin, ins.listBegin + ins.listCount, uint8_t(ValType::V128)) !=
           ins.listBegin + ins.listCount;
    break;
  case Opcode::Call:
    simd = isSimdType(wasm_.functionType(ins.index));
    break;
  case Opcode::CallIndirect:
    simd = isSimdType(wasm_.types[ins.index]);
    break;
  case Opcode::GlobalGet:
  case Opcode::GlobalSet:
    simd = wasm_.globals[ins.index].type.type == ValType::V128;
    break;
  case Opcode::MemorySize:
  case Opcode::MemoryGrow:
  case Opcode::MemoryFill:
    otherMemory = ins.index != 0;
    break;
  case Opcode::MemoryInit:
    otherMemory = ins.index2 != 0;
    break;
  case Opcode::MemoryCopy:
    otherMemory = ins.index != 0 || ins.index2 != 0;
    break;
  default:
    break;
  }
  if (simd)
    return unsupported(ins.offset, "SIMD");
  if (otherMemory)
    return unsupported(ins.offset, "a memory other than memory 0");
  return Status::ok();
}

} // namespace strata::mlirtier
