#include "strata/wasm/Instruction.h"

#include "ImmediateReaders.h"

#include <array>

namespace strata::wasm {

namespace {
/// A one-byte opcode and its immediate kind in one entry, so the hot path does one lookup.
struct OneByteEntry {
  uint16_t opcode = kInvalidOpcode;
  ImmKind immediate = ImmKind::None;
};

constexpr std::array<OneByteEntry, 256> kOneByte = [] {
  std::array<OneByteEntry, 256> table{};
  uint16_t index = 0;
#define WASM_OP(Name, Prefix, Code, Text, Imm, Sig, Arg)                                           \
  if (Prefix == 0)                                                                                 \
    table[Code] = {index, ImmKind::Imm};                                                           \
  ++index;
#include "strata/wasm/Opcodes.def"
  return table;
}();
} // namespace

bool readBlockType(ByteReader &reader, BlockType &out) {
  uint8_t first;
  if (!reader.peekByte(first))
    return reader.fail("unexpected end");
  if (first == 0x40) {
    reader.skip(1);
    out.kind = BlockType::Empty;
    return true;
  }
  if (isValTypeByte(first)) {
    reader.skip(1);
    out.kind = BlockType::Value;
    out.type = ValType(first);
    return true;
  }
  uint64_t start = reader.offset();
  int64_t value;
  if (!reader.readS33(value))
    return false;
  if (value < 0)
    return reader.failAt("malformed value type", start);
  out.kind = BlockType::TypeIndex;
  out.index = uint32_t(value);
  if (uint64_t(value) > 0xffffffffu)
    return reader.failAt("unknown type", start);
  return true;
}

static bool readMemoryIndex(ByteReader &reader, uint32_t &out, const Features &features) {
  if (features.multiMemory)
    return reader.readU32(out);
  uint8_t byte;
  if (!reader.readByte(byte))
    return false;
  if (byte != 0)
    return reader.failAt("zero byte expected", reader.offset() - 1);
  out = 0;
  return true;
}

namespace detail {

/// The memory argument after its alignment field `flags`: a memory index (multi-memory) and the
/// offset, which is a u32 for 32-bit memories.
[[gnu::noinline]] bool readMemArgRest(ByteReader &reader, MemArg &out, uint32_t flags,
                                      const Features &features) {
  out.memory = 0;
  if (features.multiMemory && (flags & 0x40)) {
    flags &= ~0x40u;
    if (!reader.readU32(out.memory))
      return false;
  }
  out.alignLog2 = flags;
  uint32_t offset;
  if (!reader.readU32(offset))
    return false;
  out.offset = offset;
  return true;
}

[[gnu::noinline]] bool readMemArgChecked(ByteReader &reader, MemArg &out,
                                         const Features &features) {
  uint32_t flags;
  return reader.readU32(flags) && readMemArgRest(reader, out, flags, features);
}

} // namespace detail

using detail::readMemArg;

[[gnu::noinline]] static bool readI32Checked(ByteReader &reader, Instruction &out) {
  int32_t value;
  if (!reader.readS32(value))
    return false;
  out.bits = uint64_t(int64_t(value));
  return true;
}

static inline bool readI32(ByteReader &reader, Instruction &out) {
  int32_t value;
  if (!reader.tryReadS32(value))
    return readI32Checked(reader, out);
  out.bits = uint64_t(int64_t(value));
  return true;
}

/// Reads a vector length and leaves the entries to the consumer after skipping them.
static bool readIndexList(ByteReader &reader, Instruction &out, bool valueTypes) {
  if (!reader.readU32(out.listCount))
    return false;
  if (out.listCount > reader.remaining())
    return reader.fail("unexpected end");
  out.listBegin = reader.position();
  for (uint32_t i = 0; i < out.listCount; ++i) {
    if (valueTypes) {
      uint8_t byte;
      if (!reader.readByte(byte))
        return false;
      if (!isValTypeByte(byte))
        return reader.failAt("malformed value type", reader.offset() - 1);
    } else {
      uint32_t label;
      if (!reader.readU32(label))
        return false;
    }
  }
  return true;
}

/// The immediates of any instruction. Out of line, so that the common instructions, which
/// readInstruction handles itself, pay for no register spills on its behalf.
[[gnu::noinline]] static bool readImmediates(ByteReader &reader, Instruction &out, ImmKind kind,
                                             const Features &features) {
  switch (kind) {
  case ImmKind::None:
    return true;
  case ImmKind::BlockType:
    return readBlockType(reader, out.blockType);
  case ImmKind::Label:
  case ImmKind::Func:
  case ImmKind::Local:
  case ImmKind::Global:
  case ImmKind::Table:
  case ImmKind::Elem:
  case ImmKind::Data:
    return reader.readU32(out.index);
  case ImmKind::BrTable:
    return readIndexList(reader, out, false) && reader.readU32(out.index);
  case ImmKind::CallIndirect:
  case ImmKind::TableInit:
  case ImmKind::TableCopy:
    return reader.readU32(out.index) && reader.readU32(out.index2);
  case ImmKind::Memory:
    return readMemoryIndex(reader, out.index, features);
  case ImmKind::MemoryInit:
    return reader.readU32(out.index) && readMemoryIndex(reader, out.index2, features);
  case ImmKind::MemoryCopy:
    return readMemoryIndex(reader, out.index, features) &&
           readMemoryIndex(reader, out.index2, features);
  case ImmKind::MemArg:
    return readMemArg(reader, out.memArg, features);
  case ImmKind::MemArgLane:
    return readMemArg(reader, out.memArg, features) && reader.readByte(out.lane);
  case ImmKind::Lane:
    return reader.readByte(out.lane);
  case ImmKind::Shuffle:
  case ImmKind::V128:
    return reader.readBytes(out.v128, 16);
  case ImmKind::I32:
    return readI32(reader, out);
  case ImmKind::I64: {
    int64_t value;
    if (!reader.readS64(value))
      return false;
    out.bits = uint64_t(value);
    return true;
  }
  case ImmKind::F32: {
    uint32_t value;
    if (!reader.readFixed(value))
      return false;
    out.bits = value;
    return true;
  }
  case ImmKind::F64:
    return reader.readFixed(out.bits);
  case ImmKind::RefType: {
    uint8_t type;
    if (!reader.readByte(type))
      return false;
    if (type != uint8_t(ValType::FuncRef) && type != uint8_t(ValType::ExternRef))
      return reader.failAt("malformed reference type", reader.offset() - 1);
    out.refType = ValType(type);
    return true;
  }
  case ImmKind::SelectTypes:
    return readIndexList(reader, out, true);
  }
  return reader.failAt("illegal opcode", out.offset);
}

/// The 0xFC and 0xFD groups, and the bytes that are no opcode at all.
[[gnu::noinline]] static bool readPrefixed(ByteReader &reader, Instruction &out, uint8_t prefix,
                                           const Features &features) {
  if (prefix != 0xfc && prefix != 0xfd)
    return reader.failAt("illegal opcode", out.offset);
  uint32_t code;
  if (!reader.readU32(code))
    return false;
  uint16_t opcode = lookupPrefixed(prefix, code);
  if (opcode == kInvalidOpcode || (prefix == 0xfd && !features.simd))
    return reader.failAt("illegal opcode", out.offset);
  out.op = Opcode(opcode);
  return readImmediates(reader, out, info(out.op).immediate, features);
}

bool readInstruction(ByteReader &reader, Instruction &out, const Features &features) {
  out.offset = reader.offset();
  uint8_t byte;
  if (!reader.readByte(byte))
    return false;
  // The kinds that make up most of compiled code are read here; the rest out of line.
  OneByteEntry entry = kOneByte[byte];
  if (entry.opcode == kInvalidOpcode) [[unlikely]]
    return readPrefixed(reader, out, byte, features);
  out.op = Opcode(entry.opcode);
  switch (entry.immediate) {
  case ImmKind::None:
    return true;
  case ImmKind::Local:
  case ImmKind::Label:
  case ImmKind::Func:
  case ImmKind::Global:
    return reader.readU32(out.index);
  case ImmKind::I32:
    return readI32(reader, out);
  case ImmKind::MemArg:
    return readMemArg(reader, out.memArg, features);
  default:
    return readImmediates(reader, out, entry.immediate, features);
  }
}

} // namespace strata::wasm
