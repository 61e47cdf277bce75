/* The native driver: includes one program (PROGRAM), calls run twice to check that the
 * checksum does not depend on earlier calls, prints the checksum on stdout and the CPU time of the
 * second call on stderr. */
#include <stdio.h>
#include <time.h>

#include PROGRAM

static double nowMs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Called through a volatile pointer: run is often pure, and the second call must not fold. */
static __typeof__(run) *volatile entry = run;

int main(void) {
  long long first = (long long)entry();
  double start = nowMs();
  long long second = (long long)entry();
  double elapsed = nowMs() - start;
  if (first != second) {
    fprintf(stderr, "run is not repeatable: %lld, then %lld\n", first, second);
    return 1;
  }
  printf("%lld\n", second);
  fprintf(stderr, "%.3f ms\n", elapsed);
  return 0;
}
