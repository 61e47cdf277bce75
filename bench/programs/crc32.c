/* CRC-32 (IEEE, reflected) with a byte table, over a pseudo-random buffer. */
#include "bench.h"

#define SIZE BENCH_SIZE(1 << 16, 1 << 23)
#define ROUNDS BENCH_SIZE(2, 10)

static uint32_t table[256];
static uint8_t buffer[SIZE];

BENCH_RUN int32_t run(void) {
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k)
      c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  Rng rng = {2024};
  for (int i = 0; i < SIZE; i += 4) {
    uint32_t r = rngNext(&rng);
    memcpy(&buffer[i], &r, 4);
  }
  uint32_t crc = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    uint32_t c = ~crc;
    for (int i = 0; i < SIZE; ++i)
      c = table[(c ^ buffer[i]) & 0xff] ^ (c >> 8);
    crc = ~c;
  }
  return (int32_t)crc;
}
