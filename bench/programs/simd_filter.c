/* A [1 2 1] x [1 2 1] smoothing filter over an 8-bit grayscale image, rounded, several passes.
 * With -msimd128 it is written with wasm_simd128.h (8 pixels a step in 16-bit lanes: widening
 * loads, adds, shifts, a saturating narrow); otherwise in plain C that computes the same bits. */
#include "bench.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define WIDTH BENCH_SIZE(64, 1024)
#define HEIGHT BENCH_SIZE(48, 768)
#define PASSES BENCH_SIZE(2, 20)

static uint8_t image[HEIGHT][WIDTH];
static uint8_t rows[HEIGHT][WIDTH]; /* after the horizontal pass */

/* (a + 2b + c + 2) / 4 of each pixel and its left and right neighbours; edges stay. */
static void horizontal(void) {
  for (int y = 0; y < HEIGHT; ++y) {
    const uint8_t *in = image[y];
    uint8_t *out = rows[y];
    out[0] = in[0];
    out[WIDTH - 1] = in[WIDTH - 1];
    int x = 1;
#ifdef __wasm_simd128__
    const v128_t two = wasm_i16x8_splat(2);
    for (; x + 8 <= WIDTH - 1; x += 8) {
      v128_t a = wasm_u16x8_load8x8(in + x - 1);
      v128_t b = wasm_u16x8_load8x8(in + x);
      v128_t c = wasm_u16x8_load8x8(in + x + 1);
      v128_t sum = wasm_i16x8_add(wasm_i16x8_add(a, c), wasm_i16x8_add(wasm_i16x8_shl(b, 1), two));
      v128_t pixels = wasm_u16x8_shr(sum, 2);
      wasm_v128_store64_lane(out + x, wasm_u8x16_narrow_i16x8(pixels, pixels), 0);
    }
#endif
    for (; x < WIDTH - 1; ++x)
      out[x] = (uint8_t)((in[x - 1] + 2 * in[x] + in[x + 1] + 2) >> 2);
  }
}

static void vertical(void) {
  for (int y = 1; y < HEIGHT - 1; ++y) {
    const uint8_t *up = rows[y - 1], *mid = rows[y], *down = rows[y + 1];
    uint8_t *out = image[y];
    int x = 0;
#ifdef __wasm_simd128__
    const v128_t two = wasm_i16x8_splat(2);
    for (; x + 8 <= WIDTH; x += 8) {
      v128_t a = wasm_u16x8_load8x8(up + x);
      v128_t b = wasm_u16x8_load8x8(mid + x);
      v128_t c = wasm_u16x8_load8x8(down + x);
      v128_t sum = wasm_i16x8_add(wasm_i16x8_add(a, c), wasm_i16x8_add(wasm_i16x8_shl(b, 1), two));
      v128_t pixels = wasm_u16x8_shr(sum, 2);
      wasm_v128_store64_lane(out + x, wasm_u8x16_narrow_i16x8(pixels, pixels), 0);
    }
#endif
    for (; x < WIDTH; ++x)
      out[x] = (uint8_t)((up[x] + 2 * mid[x] + down[x] + 2) >> 2);
  }
  memcpy(image[0], rows[0], WIDTH);
  memcpy(image[HEIGHT - 1], rows[HEIGHT - 1], WIDTH);
}

BENCH_RUN int32_t run(void) {
  Rng rng = {77};
  for (int y = 0; y < HEIGHT; ++y)
    for (int x = 0; x < WIDTH; ++x)
      image[y][x] = (uint8_t)(rngNext(&rng) >> 24);
  for (int pass = 0; pass < PASSES; ++pass) {
    horizontal();
    vertical();
  }
  uint64_t hash = 0;
  for (int y = 0; y < HEIGHT; ++y) {
    uint64_t row;
    for (int x = 0; x + 8 <= WIDTH; x += 8) {
      memcpy(&row, &image[y][x], 8);
      hash = mix64(hash, row);
    }
  }
  return (int32_t)(hash ^ (hash >> 32));
}
