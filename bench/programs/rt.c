/* The few libc functions clang emits calls to, for the wasm32 builds (natively, libc's are
 * used). Built with -fno-builtin so these loops are not turned back into calls to themselves. */
#include "bench.h"

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  /* Word copies when both sides are aligned: the suite copies large buffers. */
  if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
    for (; n >= 8; n -= 8, d += 8, s += 8)
      *(uint64_t *)d = *(const uint64_t *)s;
  }
  while (n--)
    *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d <= s || d >= s + n)
    return memcpy(dst, src, n);
  while (n--)
    d[n] = s[n];
  return dst;
}

void *memset(void *dst, int value, size_t n) {
  unsigned char *d = dst;
  if (((uintptr_t)d & 7) == 0) {
    uint64_t word = 0x0101010101010101ull * (unsigned char)value;
    for (; n >= 8; n -= 8, d += 8)
      *(uint64_t *)d = word;
  }
  while (n--)
    *d++ = (unsigned char)value;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (size_t i = 0; i < n; ++i)
    if (x[i] != y[i])
      return x[i] < y[i] ? -1 : 1;
  return 0;
}
