// Inline readers for the immediates of the common instructions, shared by readInstruction and
// the validator's dispatch loop, which reads the immediates of its common cases itself. They fail
// exactly as readInstruction does. Private to lib/wasm; depends on wasm/Instruction.h only.
#pragma once

#include "strata/wasm/Instruction.h"

namespace strata::wasm::detail {

/// The out-of-line halves of readMemArg: an alignment field that needs the checked decoder, and
/// the rest after a field that names a memory or is followed by an offset the fast path declines.
bool readMemArgChecked(ByteReader &reader, MemArg &out, const Features &features);
bool readMemArgRest(ByteReader &reader, MemArg &out, uint32_t flags, const Features &features);

/// The fallbacks are tail calls, so they cost the callers' hot paths no register spills.
inline bool readMemArg(ByteReader &reader, MemArg &out, const Features &features) {
  uint32_t flags, offset;
  if (!reader.tryReadU32(flags))
    return readMemArgChecked(reader, out, features);
  if ((flags & 0x40) || !reader.tryReadU32(offset))
    return readMemArgRest(reader, out, flags, features);
  out.memory = 0;
  out.alignLog2 = flags;
  out.offset = offset;
  return true;
}

/// A block type: the empty one and the number and vector types inline, the rest by readBlockType.
inline bool readBlockTypeInline(ByteReader &reader, BlockType &out) {
  if (reader.remaining() != 0) {
    uint8_t first = *reader.position();
    if (first == 0x40) {
      reader.skip(1);
      out.kind = BlockType::Empty;
      return true;
    }
    if (first >= uint8_t(ValType::V128) && first <= uint8_t(ValType::I32)) {
      reader.skip(1);
      out.kind = BlockType::Value;
      out.type = ValType(first);
      return true;
    }
  }
  return readBlockType(reader, out);
}

} // namespace strata::wasm::detail
