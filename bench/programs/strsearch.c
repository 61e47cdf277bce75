/* Substring search in a pseudo-random text over a small alphabet: Horspool's algorithm for
 * each pattern, cross-checked by a naive search on a prefix. */
#include "bench.h"

#define TEXT BENCH_SIZE(1 << 14, 3 << 20)
#define PATTERNS 24
#define NAIVE_PREFIX (TEXT / 8)

static char text[TEXT];

static int32_t horspool(const char *hay, int n, const char *needle, int m) {
  int shift[256];
  for (int i = 0; i < 256; ++i)
    shift[i] = m;
  for (int i = 0; i < m - 1; ++i)
    shift[(unsigned char)needle[i]] = m - 1 - i;
  int32_t found = 0;
  for (int pos = 0; pos + m <= n;) {
    int j = m - 1;
    while (j >= 0 && hay[pos + j] == needle[j])
      --j;
    if (j < 0)
      ++found;
    pos += shift[(unsigned char)hay[pos + m - 1]];
  }
  return found;
}

static int32_t naive(const char *hay, int n, const char *needle, int m) {
  int32_t found = 0;
  for (int pos = 0; pos + m <= n; ++pos) {
    int j = 0;
    while (j < m && hay[pos + j] == needle[j])
      ++j;
    found += j == m;
  }
  return found;
}

BENCH_RUN int64_t run(void) {
  Rng rng = {555};
  for (int i = 0; i < TEXT; ++i)
    text[i] = (char)('a' + rngNext(&rng) % 4);
  uint64_t hash = 0;
  for (int p = 0; p < PATTERNS; ++p) {
    /* Patterns of 3 to 26 characters, taken from the text so longer ones occur too. */
    int m = 3 + p;
    const char *needle = &text[(rngNext(&rng) % (TEXT / 2))];
    char copy[32];
    memcpy(copy, needle, m);
    int32_t all = horspool(text, TEXT, copy, m);
    int32_t prefix = horspool(text, NAIVE_PREFIX, copy, m);
    if (prefix != naive(text, NAIVE_PREFIX, copy, m))
      return -1;
    hash = mix64(hash, (uint64_t)all << 32 | (uint32_t)prefix);
  }
  return (int64_t)hash;
}
