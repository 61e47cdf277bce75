/* Byte search: counts the lines of a text and finds every occurrence of a few words in it.
 * With -msimd128 it compares 16 bytes a step (i8x16.eq, then bitmask and count-trailing-zeros
 * to visit the matches); otherwise it compares byte by byte. Both find the same positions. */
#include "bench.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define SIZE BENCH_SIZE(1 << 14, 1 << 22)
#define ROUNDS BENCH_SIZE(1, 8)

static uint8_t text[SIZE + 16];

static const char *const kWords[] = {"strata", "tier", "wasm", "loop"};

/* The positions where `word` starts, folded into a hash; candidates come from its first byte. */
static uint64_t findWord(const char *word, uint64_t hash) {
  size_t length = 0;
  while (word[length])
    ++length;
  size_t i = 0;
#ifdef __wasm_simd128__
  const v128_t first = wasm_i8x16_splat((int8_t)word[0]);
  for (; i + 16 <= SIZE; i += 16) {
    uint32_t hits = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(text + i), first));
    while (hits) {
      size_t at = i + (size_t)__builtin_ctz(hits);
      hits &= hits - 1;
      if (at + length <= SIZE && memcmp(text + at, word, length) == 0)
        hash = mix64(hash, at);
    }
  }
#endif
  for (; i < SIZE; ++i)
    if (text[i] == (uint8_t)word[0] && i + length <= SIZE && memcmp(text + i, word, length) == 0)
      hash = mix64(hash, i);
  return hash;
}

static uint32_t countLines(void) {
  uint32_t lines = 0;
  size_t i = 0;
#ifdef __wasm_simd128__
  const v128_t newline = wasm_i8x16_splat('\n');
  v128_t counts = wasm_i8x16_splat(0);
  for (int block = 0; i + 16 <= SIZE; i += 16) {
    /* eq gives -1 per match: subtracting counts up, flushed before a lane can wrap. */
    counts = wasm_i8x16_sub(counts, wasm_i8x16_eq(wasm_v128_load(text + i), newline));
    if (++block == 255) {
      v128_t wide = wasm_u16x8_extadd_pairwise_u8x16(counts);
      wide = wasm_u32x4_extadd_pairwise_u16x8(wide);
      lines += wasm_i32x4_extract_lane(wide, 0) + wasm_i32x4_extract_lane(wide, 1) +
               wasm_i32x4_extract_lane(wide, 2) + wasm_i32x4_extract_lane(wide, 3);
      counts = wasm_i8x16_splat(0);
      block = 0;
    }
  }
  v128_t wide = wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(counts));
  lines += wasm_i32x4_extract_lane(wide, 0) + wasm_i32x4_extract_lane(wide, 1) +
           wasm_i32x4_extract_lane(wide, 2) + wasm_i32x4_extract_lane(wide, 3);
#endif
  for (; i < SIZE; ++i)
    lines += text[i] == '\n';
  return lines;
}

BENCH_RUN int32_t run(void) {
  /* Pseudo-random words of lowercase letters, the searched ones among them, and newlines. */
  Rng rng = {99};
  size_t at = 0;
  while (at < SIZE) {
    uint32_t r = rngNext(&rng);
    if (r % 16 == 0) {
      const char *word = kWords[(r >> 8) % 4];
      for (size_t k = 0; word[k] && at < SIZE; ++k)
        text[at++] = (uint8_t)word[k];
    } else {
      size_t length = 1 + (r >> 4) % 9;
      for (size_t k = 0; k < length && at < SIZE; ++k)
        text[at++] = (uint8_t)('a' + (rngNext(&rng) >> 8) % 26);
    }
    if (at < SIZE)
      text[at++] = (r >> 20) % 8 == 0 ? '\n' : ' ';
  }
  uint64_t hash = 0;
  for (int round = 0; round < ROUNDS; ++round) {
    hash = mix64(hash, countLines());
    for (int w = 0; w < 4; ++w)
      hash = findWord(kWords[w], hash);
  }
  return (int32_t)(hash ^ (hash >> 32));
}
