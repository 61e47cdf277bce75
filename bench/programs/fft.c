/* Iterative radix-2 complex FFT, forward then inverse, repeated. The twiddle factors come
 * from our own sine so nothing depends on a libm. */
#include "bench.h"

#define LOG_N BENCH_SIZE(10, 17)
#define N (1 << LOG_N)
#define ROUNDS BENCH_SIZE(4, 16)

static double re[N], im[N], twRe[N / 2], twIm[N / 2];

static const double kPi = 3.14159265358979323846;

/* sin(x) for |x| <= pi by a Taylor series: accurate enough, and the same bits everywhere. */
static double sine(double x) {
  double term = x, sum = x, x2 = x * x;
  for (int i = 1; i < 12; ++i) {
    term *= -x2 / ((2 * i) * (2 * i + 1));
    sum += term;
  }
  return sum;
}

static void transform(int inverse) {
  for (int i = 1, j = 0; i < N; ++i) {
    int bit = N >> 1;
    for (; j & bit; bit >>= 1)
      j ^= bit;
    j ^= bit;
    if (i < j) {
      double t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (int len = 2; len <= N; len <<= 1) {
    int step = N / len;
    for (int start = 0; start < N; start += len)
      for (int k = 0; k < len / 2; ++k) {
        double wr = twRe[k * step], wi = inverse ? -twIm[k * step] : twIm[k * step];
        int p = start + k, q = p + len / 2;
        double xr = re[q] * wr - im[q] * wi;
        double xi = re[q] * wi + im[q] * wr;
        re[q] = re[p] - xr;
        im[q] = im[p] - xi;
        re[p] += xr;
        im[p] += xi;
      }
  }
  if (inverse)
    for (int i = 0; i < N; ++i) {
      re[i] /= N;
      im[i] /= N;
    }
}

BENCH_RUN int64_t run(void) {
  for (int k = 0; k < N / 2; ++k) {
    double angle = -2.0 * kPi * k / N;
    twIm[k] = sine(angle);
    /* cos(a) = sin(a + pi/2), kept within [-pi, pi]. */
    double shifted = angle + kPi / 2;
    twRe[k] = sine(shifted < -kPi ? shifted + 2 * kPi : shifted);
  }
  Rng rng = {3};
  for (int i = 0; i < N; ++i) {
    re[i] = (double)(rngNext(&rng) % 1024) / 64.0;
    im[i] = 0.0;
  }
  uint64_t hash = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    transform(0);
    hash = mix64(hash, doubleBits(re[r + 1]) ^ doubleBits(im[N / 2 - r]));
    transform(1);
  }
  for (int i = 0; i < N; i += 61)
    hash = mix64(hash, doubleBits(re[i]));
  return (int64_t)hash;
}
