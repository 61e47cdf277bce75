// LEB128 readers for function bodies the validator has accepted: every integer there is well
// formed and inside the body, so they check nothing. The translator's common instructions read
// their immediates with them. Private to lib/interp.
#pragma once

#include <cstdint>

namespace strata::interp {

/// An unsigned LEB128 of at most 64 bits; advances `p` past it.
inline uint64_t readValidatedU64(const uint8_t *&p) {
  uint64_t result = *p++;
  if (result < 0x80) [[likely]]
    return result;
  result &= 0x7f;
  for (unsigned shift = 7;; shift += 7) {
    uint8_t byte = *p++;
    result |= uint64_t(byte & 0x7f) << shift;
    if (byte < 0x80)
      return result;
  }
}

inline uint32_t readValidatedU32(const uint8_t *&p) { return uint32_t(readValidatedU64(p)); }

/// A signed LEB128 of at most 32 bits, as its two's complement bit pattern.
inline uint32_t readValidatedS32(const uint8_t *&p) {
  uint32_t result = 0;
  unsigned shift = 0;
  uint8_t byte;
  do {
    byte = *p++;
    result |= uint32_t(byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (shift < 32 && (byte & 0x40))
    result |= ~0u << shift; // sign extension
  return result;
}

} // namespace strata::interp
