/* Fannkuch-redux: the most pancake flips over all permutations, and a signed checksum. */
#include "bench.h"

#define N BENCH_SIZE(8, 10)

BENCH_RUN int64_t run(void) {
  int perm[N], perm1[N], count[N];
  int maxFlips = 0, checksum = 0, permCount = 0, r = N;
  for (int i = 0; i < N; ++i)
    perm1[i] = i;
  for (;;) {
    for (; r != 1; --r)
      count[r - 1] = r;
    for (int i = 0; i < N; ++i)
      perm[i] = perm1[i];
    int flips = 0;
    for (int k = perm[0]; k != 0; k = perm[0]) {
      for (int i = 0, j = k; i < j; ++i, --j) {
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      ++flips;
    }
    if (flips > maxFlips)
      maxFlips = flips;
    checksum += permCount % 2 == 0 ? flips : -flips;
    /* Next permutation in the rotation order. */
    for (;;) {
      if (r == N)
        return (int64_t)checksum * 1000 + maxFlips;
      int first = perm1[0];
      for (int i = 0; i < r; ++i)
        perm1[i] = perm1[i + 1];
      perm1[r] = first;
      if (--count[r] > 0)
        break;
      ++r;
    }
    ++permCount;
  }
}
