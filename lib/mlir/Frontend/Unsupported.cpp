// What the MLIR tier does not translate: memories other than memory 0 (multi-memory, beyond
// WebAssembly 2.0). A function using one fails as a whole, dead code included, so the answer
// does not depend on reachability.
#include "FunctionBuilder.h"

namespace strata::mlirtier {

using wasm::Opcode;

Status FunctionBuilder::checkSupported(const wasm::Instruction &ins) const {
  const wasm::ImmKind immediate = wasm::info(ins.op).immediate;
  bool otherMemory = (immediate == wasm::ImmKind::MemArg || immediate == wasm::ImmKind::MemArgLane) &&
                     ins.memArg.memory != 0;
  switch (ins.op) {
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
  if (otherMemory)
    return unsupported(ins.offset, "a memory other than memory 0");
  return Status::ok();
}

} // namespace strata::mlirtier
