#include "strata/wasm/DirectCalls.h"

#include "strata/support/ByteReader.h"
#include "strata/wasm/Instruction.h"

namespace strata::wasm {

void forEachDirectCallee(const Module &module, uint32_t function, uint64_t from,
                         const std::function<bool(uint32_t callee)> &visit) {
  const FunctionBody &body = module.body(function);
  if (from == 0)
    from = body.codeOffset;
  ByteReader reader(module.bytes.data() + from, module.bytes.data() + body.codeEnd, from);
  Instruction instruction;
  // The body was validated: every instruction reads.
  while (!reader.atEnd() && readInstruction(reader, instruction, module.features)) {
    if (instruction.op != Opcode::Call || module.isImportedFunction(instruction.index))
      continue;
    if (!visit(instruction.index))
      return;
  }
}

} // namespace strata::wasm
