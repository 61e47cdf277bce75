/* Quicksort (median of three, insertion sort for short ranges) of pseudo-random integers. */
#include "bench.h"

#define COUNT BENCH_SIZE(20000, 3000000)

static int32_t data[COUNT];

static void insertionSort(int32_t *a, int n) {
  for (int i = 1; i < n; ++i) {
    int32_t v = a[i];
    int j = i - 1;
    for (; j >= 0 && a[j] > v; --j)
      a[j + 1] = a[j];
    a[j + 1] = v;
  }
}

static void swap(int32_t *a, int32_t *b) {
  int32_t t = *a;
  *a = *b;
  *b = t;
}

static void quicksort(int32_t *a, int n) {
  while (n > 16) {
    int mid = n / 2;
    if (a[mid] < a[0])
      swap(&a[mid], &a[0]);
    if (a[n - 1] < a[0])
      swap(&a[n - 1], &a[0]);
    if (a[n - 1] < a[mid])
      swap(&a[n - 1], &a[mid]);
    int32_t p = a[mid];
    int i = 0, j = n - 1;
    for (;;) {
      while (a[i] < p)
        ++i;
      while (a[j] > p)
        --j;
      if (i >= j)
        break;
      swap(&a[i++], &a[j--]);
    }
    /* Recurse on the smaller side to bound the depth. */
    if (j + 1 < n - j - 1) {
      quicksort(a, j + 1);
      a += j + 1;
      n -= j + 1;
    } else {
      quicksort(a + j + 1, n - j - 1);
      n = j + 1;
    }
  }
  insertionSort(a, n);
}

BENCH_RUN int64_t run(void) {
  Rng rng = {12345};
  for (int i = 0; i < COUNT; ++i)
    data[i] = (int32_t)rngNext(&rng);
  quicksort(data, COUNT);
  uint64_t hash = 0;
  for (int i = 0; i < COUNT; ++i) {
    if (i > 0 && data[i - 1] > data[i])
      return -1; /* not sorted */
    if (i % 97 == 0)
      hash = mix64(hash, (uint32_t)data[i]);
  }
  return (int64_t)hash;
}
