/* Clocks: every clock's resolution and reading, their properties (monotonic time does not go
 * back, real time is after 2020, CPU time advances with work, sleeps last at least as long as
 * asked), never their values. */
#include "common.h"

#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long nanoseconds(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

static long long now(clockid_t clock) {
  struct timespec t;
  CHECK(clock_gettime(clock, &t) == 0);
  return nanoseconds(t);
}

static void check_clock(const char *name, clockid_t clock) {
  struct timespec resolution;
  CHECK(clock_getres(clock, &resolution) == 0);
  long long res = nanoseconds(resolution);
  long long a = now(clock), b = now(clock), c = now(clock);
  printf("%s: resolution in (0, 1 ms]: %s, readings never go back: %s\n", name,
         res > 0 && res <= 1000000 ? "yes" : "no", a <= b && b <= c ? "yes" : "no");
}

int main(void) {
  check_clock("realtime", CLOCK_REALTIME);
  check_clock("monotonic", CLOCK_MONOTONIC);
  check_clock("process cputime", CLOCK_PROCESS_CPUTIME_ID);
  check_clock("thread cputime", CLOCK_THREAD_CPUTIME_ID);

  long long real = now(CLOCK_REALTIME);
  printf("realtime after 2020: %s\n", real > 1577836800LL * 1000000000LL ? "yes" : "no");
  time_t seconds = time(NULL);
  printf("time() agrees with realtime: %s\n",
         seconds - real / 1000000000LL <= 2 && seconds - real / 1000000000LL >= -2 ? "yes"
                                                                                     : "no");
  struct timeval tv;
  CHECK(gettimeofday(&tv, NULL) == 0);
  printf("gettimeofday agrees: %s\n", tv.tv_sec - seconds <= 2 ? "yes" : "no");

  long long start = now(CLOCK_MONOTONIC);
  struct timespec nap = {0, 20 * 1000000};
  CHECK(nanosleep(&nap, NULL) == 0);
  long long slept = now(CLOCK_MONOTONIC) - start;
  printf("nanosleep(20 ms) took at least 20 ms: %s, under 5 s: %s\n",
         slept >= 20000000 ? "yes" : "no", slept < 5000000000LL ? "yes" : "no");
  start = now(CLOCK_MONOTONIC);
  CHECK(usleep(15000) == 0);
  slept = now(CLOCK_MONOTONIC) - start;
  printf("usleep(15 ms) took at least 15 ms: %s\n", slept >= 15000000 ? "yes" : "no");
  struct timespec deadline;
  CHECK(clock_gettime(CLOCK_MONOTONIC, &deadline) == 0);
  deadline.tv_nsec += 10000000;
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_nsec -= 1000000000;
    deadline.tv_sec += 1;
  }
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL) == 0);
  printf("absolute sleep reached its deadline: %s\n",
         now(CLOCK_MONOTONIC) >= nanoseconds(deadline) ? "yes" : "no");
  struct timespec zero = {0, 0};
  CHECK(nanosleep(&zero, NULL) == 0);
  printf("zero sleep returns\n");

  long long cpu = now(CLOCK_PROCESS_CPUTIME_ID);
  long long thread = now(CLOCK_THREAD_CPUTIME_ID);
  volatile unsigned sink = 0;
  while (now(CLOCK_PROCESS_CPUTIME_ID) - cpu < 30000000)
    for (int i = 0; i < 10000; ++i)
      sink += next_random();
  printf("process CPU time advances with work: %s\n",
         now(CLOCK_PROCESS_CPUTIME_ID) - cpu >= 30000000 ? "yes" : "no");
  printf("thread CPU time advances too: %s\n",
         now(CLOCK_THREAD_CPUTIME_ID) > thread ? "yes" : "no");
  return 0;
}
