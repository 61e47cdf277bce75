/* Sieve of Eratosthenes over a byte array, repeated; counts the primes. */
#include "bench.h"

#define LIMIT BENCH_SIZE(100000, 8000000)
#define ROUNDS BENCH_SIZE(3, 9)

static uint8_t composite[LIMIT + 1];

BENCH_RUN int32_t run(void) {
  int32_t total = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    memset(composite, 0, sizeof composite);
    int32_t count = 0;
    for (int i = 2; i <= LIMIT; ++i) {
      if (composite[i])
        continue;
      ++count;
      for (int64_t j = (int64_t)i * i; j <= LIMIT; j += i)
        composite[j] = 1;
    }
    total = total * 31 + count;
  }
  return total;
}
