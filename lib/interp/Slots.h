// Reading and writing frame slots and immediates in the dispatch loop. A slot holds a value's
// bits in its low half for 32-bit types (the high half is zero) and all 64 bits otherwise; floats
// are stored as their bits, so reinterpretations are free. A v128 (16 bytes) fills two slots, its
// low half first. Private to lib/interp.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace strata::interp {

template <typename T> inline T getSlot(const uint64_t *fp, uint32_t slot) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8 || sizeof(T) == 16);
  if constexpr (sizeof(T) == 16) {
    T value;
    std::memcpy(&value, fp + slot, 16);
    return value;
  } else if constexpr (sizeof(T) == 8)
    return std::bit_cast<T>(fp[slot]);
  else
    return std::bit_cast<T>(uint32_t(fp[slot]));
}

/// Stores 16 bytes, the halves `low` and `high`, with one instruction where the target has a
/// vector register: the next instruction usually reads them as one v128, and a load that spans
/// two earlier stores cannot take its value from the store buffer; it waits until both reach
/// the cache (about a dozen cycles more).
inline void storeSixteenBytes(void *at, uint64_t low, uint64_t high) {
#if defined(__SSE2__)
  __m128i whole =
      _mm_unpacklo_epi64(_mm_cvtsi64_si128(int64_t(low)), _mm_cvtsi64_si128(int64_t(high)));
  _mm_storeu_si128(static_cast<__m128i *>(at), whole);
#else
  uint64_t halves[2] = {low, high};
  std::memcpy(at, halves, 16);
#endif
}

template <typename T> inline void putSlot(uint64_t *fp, uint32_t slot, T value) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8 || sizeof(T) == 16);
  if constexpr (sizeof(T) == 16) {
    uint64_t halves[2];
    std::memcpy(halves, &value, 16);
    storeSixteenBytes(fp + slot, halves[0], halves[1]);
  } else if constexpr (sizeof(T) == 8)
    fp[slot] = std::bit_cast<uint64_t>(value);
  else
    fp[slot] = std::bit_cast<uint32_t>(value);
}

/// Code words an immediate of type T takes.
template <typename T> constexpr unsigned kImmWords = sizeof(T) / 4;

template <typename T> inline T readImm(const uint32_t *p) {
  if constexpr (sizeof(T) == 8) {
    uint64_t bits;
    std::memcpy(&bits, p, 8);
    return std::bit_cast<T>(bits);
  } else {
    return std::bit_cast<T>(p[0]);
  }
}

inline const void *handlerAt(const uint32_t *pc) {
  const void *handler;
  std::memcpy(&handler, pc, sizeof handler);
  return handler;
}

/// Words of a handler address at the start of every instruction.
constexpr unsigned kHandlerWords = sizeof(void *) / 4;
static_assert(kHandlerWords == 2, "the code layout assumes 64-bit handler addresses");

/// A branch offset is relative to the word that holds it.
inline const uint32_t *branchTarget(const uint32_t *word) { return word + int32_t(*word); }

} // namespace strata::interp
