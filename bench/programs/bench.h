/* Shared by the suite's programs. Each program is freestanding C: it defines `run` with
 * BENCH_RUN, keeps every other name static, and reads its sizes from BENCH_SMALL (the test
 * variant) so one source gives both the test and the benchmark module. Natively the program is
 * included into a driver, so `run` is static there and many programs can share one binary. */
#ifndef STRATA_BENCH_H
#define STRATA_BENCH_H

#include <stddef.h>
#include <stdint.h>

#ifndef BENCH_SMALL
#define BENCH_SMALL 0
#endif

/* Picks a size: the small one for tests, the full one for benchmarks. */
#define BENCH_SIZE(small, full) (BENCH_SMALL ? (small) : (full))

#ifdef __wasm__
#define BENCH_RUN __attribute__((export_name("run")))
#else
#define BENCH_RUN static
#endif

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int value, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* A 64-bit LCG (Knuth's MMIX constants): deterministic input without libc. */
typedef struct {
  uint64_t state;
} Rng;

static inline uint32_t rngNext(Rng *rng) {
  rng->state = rng->state * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(rng->state >> 32);
}

/* Folds a value into a running checksum (FNV-style multiply, then a rotation). */
static inline uint64_t mix64(uint64_t hash, uint64_t value) {
  hash ^= value;
  hash *= 0x100000001b3ull;
  return (hash << 29) | (hash >> 35);
}

static inline uint64_t doubleBits(double value) {
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  return bits;
}

#endif
