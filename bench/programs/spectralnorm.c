/* The spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1), by power
 * iteration on A^T A. */
#include "bench.h"

#define N BENCH_SIZE(120, 1900)

static double u[N], v[N], t[N];

static double element(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }

static void multiplyAv(const double *x, double *y) {
  for (int i = 0; i < N; ++i) {
    double sum = 0;
    for (int j = 0; j < N; ++j)
      sum += element(i, j) * x[j];
    y[i] = sum;
  }
}

static void multiplyAtv(const double *x, double *y) {
  for (int i = 0; i < N; ++i) {
    double sum = 0;
    for (int j = 0; j < N; ++j)
      sum += element(j, i) * x[j];
    y[i] = sum;
  }
}

static void multiplyAtAv(const double *x, double *y) {
  multiplyAv(x, t);
  multiplyAtv(t, y);
}

BENCH_RUN int64_t run(void) {
  for (int i = 0; i < N; ++i)
    u[i] = 1.0;
  for (int i = 0; i < 10; ++i) {
    multiplyAtAv(u, v);
    multiplyAtAv(v, u);
  }
  double vBv = 0, vv = 0;
  for (int i = 0; i < N; ++i) {
    vBv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  return (int64_t)doubleBits(__builtin_sqrt(vBv / vv));
}
