/* Naive doubly recursive Fibonacci: calls and returns. */
#include "bench.h"

#define N BENCH_SIZE(22, 39)

static int32_t fib(int32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

/* Keeps clang from evaluating the call at compile time. */
static volatile int32_t argument = N;

BENCH_RUN int32_t run(void) { return fib(argument); }
