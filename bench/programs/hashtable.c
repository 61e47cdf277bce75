/* An open-addressing hash table (linear probing, tombstones) under a mix of inserts, lookups
 * and deletes. */
#include "bench.h"

#define LOG_CAPACITY BENCH_SIZE(14, 20)
#define CAPACITY (1u << LOG_CAPACITY)
#define OPS BENCH_SIZE(60000, 7000000)
#define KEY_RANGE (CAPACITY / 2)

enum { kEmpty = 0, kDead = 1 }; /* keys are stored + 2 so 0 and 1 stay free */

static uint32_t keys[CAPACITY];
static uint32_t values[CAPACITY];

static uint32_t slotOf(uint32_t key) { return (key * 2654435769u) >> (32 - LOG_CAPACITY); }

static uint32_t *find(uint32_t key) {
  for (uint32_t s = slotOf(key);; s = (s + 1) & (CAPACITY - 1)) {
    if (keys[s] == key)
      return &values[s];
    if (keys[s] == kEmpty)
      return 0;
  }
}

static void insert(uint32_t key, uint32_t value) {
  uint32_t *existing = find(key);
  if (existing) {
    *existing = value;
    return;
  }
  uint32_t s = slotOf(key);
  while (keys[s] > kDead)
    s = (s + 1) & (CAPACITY - 1);
  keys[s] = key;
  values[s] = value;
}

static int erase(uint32_t key) {
  for (uint32_t s = slotOf(key);; s = (s + 1) & (CAPACITY - 1)) {
    if (keys[s] == key) {
      keys[s] = kDead;
      return 1;
    }
    if (keys[s] == kEmpty)
      return 0;
  }
}

BENCH_RUN int64_t run(void) {
  memset(keys, 0, sizeof keys);
  memset(values, 0, sizeof values);
  Rng rng = {99};
  uint64_t hash = 0;
  uint32_t live = 0;
  for (uint32_t i = 0; i < OPS; ++i) {
    uint32_t r = rngNext(&rng);
    uint32_t key = r % KEY_RANGE + 2;
    switch (r >> 29) {
    case 0:
    case 1:
    case 2:
      insert(key, i);
      break;
    case 3: {
      /* Deletes are rarer than inserts so the table fills up to about half. */
      live += erase(key);
      break;
    }
    default: {
      uint32_t *value = find(key);
      hash = mix64(hash, value ? *value : 0xffffffffu);
    }
    }
  }
  return (int64_t)mix64(hash, live);
}
