/* Dense double-precision matrix product C = A * B, i-k-j loop order. */
#include "bench.h"

#define N BENCH_SIZE(48, 896)

static double a[N][N], b[N][N], c[N][N];

BENCH_RUN int64_t run(void) {
  Rng rng = {42};
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      a[i][j] = (double)(rngNext(&rng) % 1000) / 100.0;
      b[i][j] = (double)(rngNext(&rng) % 1000) / 100.0;
      c[i][j] = 0.0;
    }
  for (int i = 0; i < N; ++i)
    for (int k = 0; k < N; ++k) {
      double aik = a[i][k];
      for (int j = 0; j < N; ++j)
        c[i][j] += aik * b[k][j];
    }
  uint64_t hash = 0;
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j)
      hash = mix64(hash, doubleBits(c[i][j]));
  return (int64_t)hash;
}
