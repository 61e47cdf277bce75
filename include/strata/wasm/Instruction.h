// One decoded instruction with its immediates, and the reader that decodes it. Shared by the
// decoder (constant expressions), the validator, the disassembler and the tiers' translators.
// Depends on support/ and wasm/Opcode.h, wasm/Types.h.
#pragma once

#include "strata/support/ByteReader.h"
#include "strata/wasm/Opcode.h"
#include "strata/wasm/Types.h"

#include <cstdint>

namespace strata::wasm {

struct MemArg {
  uint32_t alignLog2 = 0;
  uint32_t memory = 0;
  uint64_t offset = 0;
};

/// Block types: no value, one value type, or a function type index.
struct BlockType {
  enum Kind : uint8_t { Empty, Value, TypeIndex } kind = Empty;
  ValType type = ValType::I32; // when Value
  uint32_t index = 0;          // when TypeIndex
};

struct Instruction {
  Opcode op = Opcode::Nop;
  uint64_t offset = 0; // byte offset of the opcode in the module
  // Immediates; which ones are set depends on info(op).immediate.
  uint32_t index = 0;  // label, function, local, global, table, type, elem or data index
  uint32_t index2 = 0; // second index: table of call_indirect, table/memory of *.init and *.copy
  uint64_t bits = 0;   // i32/i64 value (sign-extended), f32/f64 bit pattern
  uint8_t v128[16] = {}; // v128.const bytes or i8x16.shuffle lanes
  uint8_t lane = 0;
  MemArg memArg;
  BlockType blockType;
  ValType refType = ValType::FuncRef;
  // br_table labels and typed-select types are re-read from here: `listCount` entries
  // (br_table: labels before the default, which is in `index`).
  const uint8_t *listBegin = nullptr;
  uint32_t listCount = 0;
};

/// Reads one instruction. Fails with "illegal opcode" for unknown encodings and with the binary
/// format's messages ("zero byte expected", "malformed reference type", ...) for bad immediates.
bool readInstruction(ByteReader &reader, Instruction &out, const Features &features);

/// Reads a block type (after block/loop/if).
bool readBlockType(ByteReader &reader, BlockType &out);

} // namespace strata::wasm
