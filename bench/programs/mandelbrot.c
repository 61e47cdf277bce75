/* The Mandelbrot set as a bitmap, one bit per pixel, hashed row by row. */
#include "bench.h"

#define SIZE BENCH_SIZE(64, 1700)
#define MAX_ITER 50

static uint8_t row[(SIZE + 7) / 8];

BENCH_RUN int64_t run(void) {
  uint64_t hash = 0;
  for (int y = 0; y < SIZE; ++y) {
    double ci = 2.0 * y / SIZE - 1.0;
    for (int x = 0; x < SIZE; x += 8) {
      uint8_t bits = 0;
      for (int b = 0; b < 8; ++b) {
        double cr = 2.0 * (x + b) / SIZE - 1.5;
        double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
        int i = 0;
        for (; i < MAX_ITER && zr2 + zi2 <= 4.0; ++i) {
          zi = 2.0 * zr * zi + ci;
          zr = zr2 - zi2 + cr;
          zr2 = zr * zr;
          zi2 = zi * zi;
        }
        bits = (uint8_t)(bits << 1 | (i == MAX_ITER && x + b < SIZE));
      }
      row[x / 8] = bits;
    }
    for (int i = 0; i < (SIZE + 7) / 8; ++i)
      hash = mix64(hash, row[i]);
  }
  return (int64_t)hash;
}
