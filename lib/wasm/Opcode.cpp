#include "strata/wasm/Opcode.h"

#include <array>
#include <cstddef>

namespace strata::wasm {

const OpcodeInfo kOpcodeInfo[kOpcodeCount] = {
#define WASM_OP(Name, Prefix, Code, Text, Imm, Sig, Arg)                                           \
  {#Name, Text, Prefix, Code, ImmKind::Imm, Sig, Arg},
#include "strata/wasm/Opcodes.def"
};

namespace {
constexpr uint32_t kMaxFcCode = 17;
constexpr uint32_t kMaxFdCode = 0xff;

template <std::size_t N> constexpr std::array<uint16_t, N> buildTable(uint8_t prefix) {
  std::array<uint16_t, N> table{};
  for (auto &entry : table)
    entry = kInvalidOpcode;
  uint16_t index = 0;
#define WASM_OP(Name, Prefix, Code, Text, Imm, Sig, Arg)                                           \
  if (Prefix == prefix && Code < N)                                                                \
    table[Code] = index;                                                                           \
  ++index;
#include "strata/wasm/Opcodes.def"
  return table;
}

constexpr auto kOneByte = buildTable<256>(0);
constexpr auto kFcTable = buildTable<kMaxFcCode + 1>(0xfc);
constexpr auto kFdTable = buildTable<kMaxFdCode + 1>(0xfd);
} // namespace

const uint16_t kOneByteOpcodes[256] = {
#define ENTRY(i) kOneByte[i]
#define ROW(r)                                                                                     \
  ENTRY(r + 0), ENTRY(r + 1), ENTRY(r + 2), ENTRY(r + 3), ENTRY(r + 4), ENTRY(r + 5),              \
      ENTRY(r + 6), ENTRY(r + 7), ENTRY(r + 8), ENTRY(r + 9), ENTRY(r + 10), ENTRY(r + 11),        \
      ENTRY(r + 12), ENTRY(r + 13), ENTRY(r + 14), ENTRY(r + 15)
    ROW(0x00), ROW(0x10), ROW(0x20), ROW(0x30), ROW(0x40), ROW(0x50), ROW(0x60), ROW(0x70),
    ROW(0x80), ROW(0x90), ROW(0xa0), ROW(0xb0), ROW(0xc0), ROW(0xd0), ROW(0xe0), ROW(0xf0),
#undef ROW
#undef ENTRY
};

uint16_t lookupPrefixed(uint8_t prefix, uint32_t code) {
  if (prefix == 0xfc)
    return code <= kMaxFcCode ? kFcTable[code] : kInvalidOpcode;
  if (prefix == 0xfd)
    return code <= kMaxFdCode ? kFdTable[code] : kInvalidOpcode;
  return kInvalidOpcode;
}

} // namespace strata::wasm
