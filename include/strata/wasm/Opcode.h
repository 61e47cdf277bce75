// Opcodes and their static description, generated from Opcodes.def, and the lookup from an
// encoded (prefix, code) pair to an Opcode. Depends on the standard library only.
#pragma once

#include <cstdint>

namespace strata::wasm {

/// The immediate operands an instruction carries after its opcode.
enum class ImmKind : uint8_t {
  None,
  BlockType,    // s33: empty (0x40), a value type, or a type index
  Label,        // u32 label depth
  BrTable,      // vec(u32) labels, then the default label
  Func,         // u32 function index
  CallIndirect, // u32 type index, u32 table index
  Local,        // u32 local index
  Global,       // u32 global index
  Table,        // u32 table index
  Memory,       // memory index (a zero byte in WebAssembly 2.0)
  MemArg,       // u32 alignment (log2), u32 offset
  MemArgLane,   // memarg, then a lane index byte
  Lane,         // a lane index byte
  Shuffle,      // 16 lane index bytes
  I32,          // s32
  I64,          // s64
  F32,          // 4 bytes
  F64,          // 8 bytes
  V128,         // 16 bytes
  RefType,      // a reference type byte
  SelectTypes,  // vec(valtype)
  Elem,         // u32 element segment index
  Data,         // u32 data segment index
  TableInit,    // u32 element segment, u32 table
  TableCopy,    // u32 destination table, u32 source table
  MemoryInit,   // u32 data segment, memory index
  MemoryCopy,   // destination memory index, source memory index
};

enum class Opcode : uint16_t {
#define WASM_OP(Name, Prefix, Code, Text, Imm, Sig, Arg) Name,
#include "strata/wasm/Opcodes.def"
};

constexpr unsigned kOpcodeCount = 0
#define WASM_OP(Name, Prefix, Code, Text, Imm, Sig, Arg) +1
#include "strata/wasm/Opcodes.def"
    ;

struct OpcodeInfo {
  const char *name; // enumerator name, e.g. "I32Add"
  const char *text; // text-format mnemonic, e.g. "i32.add"
  uint8_t prefix;   // 0, 0xfc or 0xfd
  uint32_t code;
  ImmKind immediate;
  const char *signature; // see Opcodes.def
  uint8_t arg;           // natural alignment or lane count
};

extern const OpcodeInfo kOpcodeInfo[kOpcodeCount];

inline const OpcodeInfo &info(Opcode op) { return kOpcodeInfo[unsigned(op)]; }

/// Sentinel for encodings that name no instruction.
constexpr uint16_t kInvalidOpcode = 0xffff;
/// Opcode for a one-byte encoding, or kInvalidOpcode (also for the prefix bytes themselves).
extern const uint16_t kOneByteOpcodes[256];
/// Opcode for a prefixed encoding, or kInvalidOpcode.
uint16_t lookupPrefixed(uint8_t prefix, uint32_t code);

} // namespace strata::wasm
