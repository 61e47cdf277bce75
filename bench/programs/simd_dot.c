/* Dot products of 16-bit vectors, as in a fixed-point filter bank: each of many short filters
 * against a long signal. With -msimd128 it uses i32x4.dot_i16x8_s (wasm_i32x4_dot_i16x8);
 * otherwise plain C with the same wrapping 32-bit sums. */
#include "bench.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define SIGNAL BENCH_SIZE(4096, 1 << 16)
#define TAPS 64
#define FILTERS BENCH_SIZE(8, 64)

static int16_t signal[SIGNAL + TAPS];
static int16_t filters[FILTERS][TAPS];

static uint32_t dot(const int16_t *a, const int16_t *b) {
#ifdef __wasm_simd128__
  v128_t sum = wasm_i32x4_splat(0);
  for (int i = 0; i < TAPS; i += 8)
    sum = wasm_i32x4_add(sum, wasm_i32x4_dot_i16x8(wasm_v128_load(a + i), wasm_v128_load(b + i)));
  return (uint32_t)wasm_i32x4_extract_lane(sum, 0) + (uint32_t)wasm_i32x4_extract_lane(sum, 1) +
         (uint32_t)wasm_i32x4_extract_lane(sum, 2) + (uint32_t)wasm_i32x4_extract_lane(sum, 3);
#else
  uint32_t sum = 0;
  for (int i = 0; i < TAPS; ++i)
    sum += (uint32_t)((int32_t)a[i] * b[i]);
  return sum;
#endif
}

BENCH_RUN int32_t run(void) {
  Rng rng = {4242};
  for (int i = 0; i < SIGNAL + TAPS; ++i)
    signal[i] = (int16_t)(rngNext(&rng) >> 16);
  for (int f = 0; f < FILTERS; ++f)
    for (int t = 0; t < TAPS; ++t)
      filters[f][t] = (int16_t)(rngNext(&rng) >> 16);
  uint64_t hash = 0;
  for (int f = 0; f < FILTERS; ++f) {
    uint32_t acc = 0;
    for (int i = 0; i < SIGNAL; ++i)
      acc = (acc << 1 | acc >> 31) ^ dot(&signal[i], filters[f]);
    hash = mix64(hash, acc);
  }
  return (int32_t)(hash ^ (hash >> 32));
}
