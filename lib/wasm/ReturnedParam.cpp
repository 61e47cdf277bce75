#include "strata/wasm/ReturnedParam.h"

#include "strata/support/ByteReader.h"
#include "strata/wasm/Instruction.h"

namespace strata::wasm {

namespace {
bool isLabelOf(const Module &module, const Instruction &brTable, uint32_t depth) {
  if (brTable.index == depth)
    return true;
  ByteReader labels(brTable.listBegin, module.bytes.data() + module.bytes.size());
  for (uint32_t i = 0; i < brTable.listCount; ++i) {
    uint32_t label = 0;
    labels.readU32(label);
    if (label == depth)
      return true;
  }
  return false;
}
} // namespace

std::optional<uint32_t> returnedParam(const Module &module, uint32_t function) {
  if (module.isImportedFunction(function) || function >= module.numFunctions())
    return std::nullopt;
  const FuncType &type = module.functionType(function);
  if (type.results.size() != 1)
    return std::nullopt;
  const FunctionBody &body = module.body(function);
  auto reader = [&] {
    return ByteReader(module.bytes.data() + body.codeOffset, module.bytes.data() + body.codeEnd,
                      body.codeOffset);
  };
  // First the local every way out returns; then that nothing writes it.
  std::optional<uint32_t> candidate;
  Instruction instruction;
  Opcode previous = Opcode::Nop;
  uint32_t previousIndex = 0;
  uint32_t depth = 0; // controls open inside the function's own
  auto wayOut = [&] {
    if (previous != Opcode::LocalGet || (candidate && *candidate != previousIndex))
      return false;
    candidate = previousIndex;
    return true;
  };
  for (ByteReader code = reader(); !code.atEnd(); previous = instruction.op,
                  previousIndex = instruction.index) {
    if (!readInstruction(code, instruction, module.features))
      return std::nullopt;
    switch (instruction.op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
      ++depth;
      break;
    case Opcode::End:
      if (depth > 0) {
        --depth;
        break;
      }
      // The function's end: reached by falling through unless the code before it is dead.
      if (previous != Opcode::Return && previous != Opcode::Br && previous != Opcode::BrTable &&
          previous != Opcode::Unreachable && !wayOut())
        return std::nullopt;
      break;
    case Opcode::Return:
      if (!wayOut())
        return std::nullopt;
      break;
    case Opcode::Br:
      if (instruction.index == depth && !wayOut())
        return std::nullopt;
      break;
    case Opcode::BrIf: // the value lies under the condition: not worth following
      if (instruction.index == depth)
        return std::nullopt;
      break;
    case Opcode::BrTable:
      if (isLabelOf(module, instruction, depth))
        return std::nullopt;
      break;
    default:
      break;
    }
  }
  if (!candidate || *candidate >= type.params.size() || type.params[*candidate] != type.results[0])
    return std::nullopt;
  for (ByteReader code = reader(); !code.atEnd();) {
    if (!readInstruction(code, instruction, module.features))
      return std::nullopt;
    if ((instruction.op == Opcode::LocalSet || instruction.op == Opcode::LocalTee) &&
        instruction.index == *candidate)
      return std::nullopt;
  }
  return candidate;
}

} // namespace strata::wasm
