/* Memory traffic: fills, copies (memcpy and element loops), a strided gather and a stream
 * triad over buffers larger than the caches. */
#include "bench.h"

#define WORDS BENCH_SIZE(1 << 15, 1 << 22)
#define ROUNDS BENCH_SIZE(4, 6)

static uint32_t src[WORDS], dst[WORDS], tmp[WORDS];

BENCH_RUN int64_t run(void) {
  for (uint32_t i = 0; i < WORDS; ++i)
    src[i] = i * 2654435761u;
  uint64_t hash = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    memset(dst, r, sizeof dst);
    memcpy(tmp, src, sizeof src);
    /* A loop clang keeps as a loop: every other word, shifted. */
    for (uint32_t i = 0; i + 1 < WORDS; i += 2) {
      dst[i] = tmp[i + 1] ^ (uint32_t)r;
      dst[i + 1] = tmp[i] + (uint32_t)r;
    }
    /* Gather with a large odd stride touches every word once. */
    uint32_t sum = 0;
    for (uint32_t i = 0, j = 0; i < WORDS; ++i, j = (j + 4099) & (WORDS - 1))
      sum += dst[j];
    for (uint32_t i = 0; i < WORDS; ++i)
      tmp[i] = dst[i] + 3 * src[i];
    memmove(tmp + 1, tmp, (WORDS - 1) * sizeof(uint32_t));
    hash = mix64(hash, sum);
    hash = mix64(hash, tmp[WORDS / 3] ^ (uint64_t)tmp[WORDS - 1] << 32);
  }
  return (int64_t)hash;
}
