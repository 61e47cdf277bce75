#include "strata/wasm/Disassembler.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace strata::wasm {
namespace {

std::string formatFloatBits(uint64_t bits, bool isF64) {
  char buffer[64];
  if (isF64) {
    double value;
    std::memcpy(&value, &bits, 8);
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
  } else {
    float value;
    uint32_t low = uint32_t(bits);
    std::memcpy(&value, &low, 4);
    std::snprintf(buffer, sizeof buffer, "%.9g", double(value));
  }
  return buffer;
}

std::string formatBlockType(const BlockType &type) {
  switch (type.kind) {
  case BlockType::Empty:
    return "";
  case BlockType::Value:
    return std::string(" (result ") + toString(type.type) + ")";
  case BlockType::TypeIndex:
    return " (type " + std::to_string(type.index) + ")";
  }
  return "";
}

std::string formatList(const Instruction &instruction, bool valueTypes) {
  std::string text;
  ByteReader reader(instruction.listBegin, instruction.listBegin + 5 * instruction.listCount + 5);
  for (uint32_t i = 0; i < instruction.listCount; ++i) {
    if (valueTypes) {
      uint8_t byte = 0;
      reader.readByte(byte);
      text += std::string(" ") + toString(ValType(byte));
    } else {
      uint32_t label = 0;
      reader.readU32(label);
      text += " " + std::to_string(label);
    }
  }
  return text;
}

} // namespace

std::string formatInstruction(const Instruction &in) {
  const OpcodeInfo &opInfo = info(in.op);
  std::string text = opInfo.text;
  auto memArg = [&] {
    std::string s;
    if (in.memArg.offset)
      s += " offset=" + std::to_string(in.memArg.offset);
    if (in.memArg.alignLog2 != opInfo.arg)
      s += " align=" + std::to_string(uint64_t(1) << (in.memArg.alignLog2 & 63));
    return s;
  };
  switch (opInfo.immediate) {
  case ImmKind::None:
  case ImmKind::Memory:
  case ImmKind::MemoryCopy:
    break;
  case ImmKind::BlockType:
    text += formatBlockType(in.blockType);
    break;
  case ImmKind::Label:
  case ImmKind::Func:
  case ImmKind::Local:
  case ImmKind::Global:
  case ImmKind::Table:
  case ImmKind::Elem:
  case ImmKind::Data:
    text += " " + std::to_string(in.index);
    break;
  case ImmKind::BrTable:
    text += formatList(in, false) + " " + std::to_string(in.index);
    break;
  case ImmKind::CallIndirect:
    text += " " + std::to_string(in.index2) + " (type " + std::to_string(in.index) + ")";
    break;
  case ImmKind::TableInit:
    text += " " + std::to_string(in.index2) + " " + std::to_string(in.index);
    break;
  case ImmKind::TableCopy:
    text += " " + std::to_string(in.index) + " " + std::to_string(in.index2);
    break;
  case ImmKind::MemoryInit:
    text += " " + std::to_string(in.index);
    break;
  case ImmKind::MemArg:
    text += memArg();
    break;
  case ImmKind::MemArgLane:
    text += memArg() + " " + std::to_string(in.lane);
    break;
  case ImmKind::Lane:
    text += " " + std::to_string(in.lane);
    break;
  case ImmKind::Shuffle:
    for (uint8_t lane : in.v128)
      text += " " + std::to_string(lane);
    break;
  case ImmKind::V128: {
    char buffer[8];
    text += " i8x16";
    for (uint8_t byte : in.v128) {
      std::snprintf(buffer, sizeof buffer, " 0x%02x", byte);
      text += buffer;
    }
    break;
  }
  case ImmKind::I32:
    text += " " + std::to_string(int32_t(in.bits));
    break;
  case ImmKind::I64:
    text += " " + std::to_string(int64_t(in.bits));
    break;
  case ImmKind::F32:
    text += " " + formatFloatBits(in.bits, false);
    break;
  case ImmKind::F64:
    text += " " + formatFloatBits(in.bits, true);
    break;
  case ImmKind::RefType:
    text += in.refType == ValType::FuncRef ? " func" : " extern";
    break;
  case ImmKind::SelectTypes:
    text += " (result" + formatList(in, true) + ")";
    break;
  }
  return text;
}

Expected<std::string> disassembleFunction(const Module &module, uint32_t functionIndex) {
  if (functionIndex < module.numImportedFunctions || functionIndex >= module.numFunctions())
    return Error("no defined function " + std::to_string(functionIndex));
  const FunctionBody &body = module.body(functionIndex);
  std::string text;
  for (const LocalRun &run : body.locals)
    text += "  (local " + std::to_string(run.count) + " x " + toString(run.type) + ")\n";
  ByteReader reader(module.bytes.data() + body.codeOffset, module.bytes.data() + body.codeEnd,
                    body.codeOffset);
  Instruction instruction;
  int depth = 1;
  char prefix[32];
  while (!reader.atEnd()) {
    if (!readInstruction(reader, instruction, module.features))
      return Error(reader.error()).setFunction(functionIndex);
    if (instruction.op == Opcode::End || instruction.op == Opcode::Else)
      --depth;
    std::snprintf(prefix, sizeof prefix, "%06" PRIx64 ":", instruction.offset);
    text += prefix + std::string(2 * size_t(depth > 0 ? depth : 0), ' ') +
            formatInstruction(instruction) + "\n";
    if (instruction.op == Opcode::Block || instruction.op == Opcode::Loop ||
        instruction.op == Opcode::If || instruction.op == Opcode::Else)
      ++depth;
  }
  return text;
}

} // namespace strata::wasm
