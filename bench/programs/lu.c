/* LU decomposition with partial pivoting (Doolittle, in place). */
#include "bench.h"

#define N BENCH_SIZE(40, 1100)

static double m[N][N];
static int pivot[N];

static double absd(double x) { return x < 0 ? -x : x; }

BENCH_RUN int64_t run(void) {
  Rng rng = {7};
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j)
      m[i][j] = (double)(int)(rngNext(&rng) % 2001 - 1000) / 250.0;
  for (int k = 0; k < N; ++k) {
    int best = k;
    for (int i = k + 1; i < N; ++i)
      if (absd(m[i][k]) > absd(m[best][k]))
        best = i;
    pivot[k] = best;
    if (best != k)
      for (int j = 0; j < N; ++j) {
        double t = m[k][j];
        m[k][j] = m[best][j];
        m[best][j] = t;
      }
    double inv = 1.0 / m[k][k];
    for (int i = k + 1; i < N; ++i) {
      double f = m[i][k] * inv;
      m[i][k] = f;
      for (int j = k + 1; j < N; ++j)
        m[i][j] -= f * m[k][j];
    }
  }
  uint64_t hash = 0;
  for (int i = 0; i < N; ++i) {
    hash = mix64(hash, (uint64_t)pivot[i]);
    for (int j = 0; j < N; j += 7)
      hash = mix64(hash, doubleBits(m[i][j]));
  }
  return (int64_t)hash;
}
