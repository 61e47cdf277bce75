/* poll_oneoff through poll() and select(): regular files are always ready, a pipe (stdout) is
 * writable, a timeout alone sleeps at least that long, and a zero timeout does not wait. */
#include "common.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static long long monotonic_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
  int fd = open("polled.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, "0123456789", 10) == 10);
  lseek(fd, 0, SEEK_SET);

  struct pollfd fds[3] = {{fd, POLLIN, 0}, {fd, POLLOUT, 0}, {1, POLLOUT, 0}};
  int ready = poll(fds, 3, 1000);
  printf("poll: %d ready; file readable %d, file writable %d, stdout writable %d\n", ready,
         (fds[0].revents & POLLIN) != 0, (fds[1].revents & POLLOUT) != 0,
         (fds[2].revents & POLLOUT) != 0);

  long long start = monotonic_ns();
  ready = poll(NULL, 0, 30);
  long long waited = monotonic_ns() - start;
  printf("poll with only a 30 ms timeout: %d ready, waited at least 30 ms: %s\n", ready,
         waited >= 30000000 ? "yes" : "no");

  struct pollfd in = {0, POLLIN, 0};
  start = monotonic_ns();
  ready = poll(&in, 1, 0);
  printf("stdin (a file) with timeout 0: %d ready, readable %d, quick: %s\n", ready,
         (in.revents & POLLIN) != 0, monotonic_ns() - start < 1000000000LL ? "yes" : "no");

  fd_set readable, writable;
  FD_ZERO(&readable);
  FD_ZERO(&writable);
  FD_SET(fd, &readable);
  FD_SET(1, &writable);
  struct timeval timeout = {1, 0};
  ready = select(fd + 1, &readable, &writable, NULL, &timeout);
  printf("select: %d ready, file readable %d, stdout writable %d\n", ready,
         FD_ISSET(fd, &readable) != 0, FD_ISSET(1, &writable) != 0);

  struct timeval nap = {0, 20000};
  start = monotonic_ns();
  ready = select(0, NULL, NULL, NULL, &nap);
  printf("select as a 20 ms sleep: %d, waited at least 20 ms: %s\n", ready,
         monotonic_ns() - start >= 20000000 ? "yes" : "no");
  close(fd);
  return 0;
}
