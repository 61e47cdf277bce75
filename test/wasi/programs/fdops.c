/* Descriptor operations: fcntl flags (access mode, append), sync, advice, allocation,
 * truncation, isatty, renumbering (dup2 natively), and the errors of closed or mismatched
 * descriptors. */
#include "common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __wasi__
#include <wasi/api.h>
#endif

static const char *mode_name(int flags) {
  switch (flags & O_ACCMODE) {
  case O_RDONLY: return "O_RDONLY";
  case O_WRONLY: return "O_WRONLY";
  case O_RDWR: return "O_RDWR";
  default: return "other";
  }
}

/* Moves descriptor `from` to `to` (which must be open), closing `from`. */
static int move_fd(int from, int to) {
#ifdef __wasi__
  int error = __wasi_fd_renumber(from, to);
  if (error) {
    errno = error; /* wasi-libc's errno values are WASI's */
    return -1;
  }
  return 0;
#else
  if (dup2(from, to) < 0)
    return -1;
  return close(from);
#endif
}

int main(void) {
  int fd = open("f.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  int flags = fcntl(fd, F_GETFL);
  printf("access mode %s, append %d\n", mode_name(flags), (flags & O_APPEND) != 0);
  TRY(fcntl(fd, F_SETFL, flags | O_APPEND));
  flags = fcntl(fd, F_GETFL);
  printf("append after F_SETFL %d\n", (flags & O_APPEND) != 0);
  CHECK(write(fd, "one\n", 4) == 4);
  lseek(fd, 0, SEEK_SET);
  CHECK(write(fd, "two\n", 4) == 4);
  TRY(fcntl(fd, F_SETFL, flags & ~O_APPEND));
  TRY(fsync(fd));
  TRY(fdatasync(fd));
  printf("posix_fadvise: %s\n", errname(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)));
  printf("posix_fadvise bad advice: %s\n", errname(posix_fadvise(fd, 0, 0, 1234)));
  printf("posix_fallocate: %s\n", errname(posix_fallocate(fd, 0, 4096)));
  struct stat info;
  CHECK(fstat(fd, &info) == 0);
  printf("size after fallocate: %lld\n", (long long)info.st_size);
  TRY(ftruncate(fd, 8));
  CHECK(fstat(fd, &info) == 0);
  printf("size after ftruncate: %lld\n", (long long)info.st_size);

  int ro = open("f.txt", O_RDONLY);
  int wo = open("g.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  printf("modes: %s %s\n", mode_name(fcntl(ro, F_GETFL)), mode_name(fcntl(wo, F_GETFL)));
  char buffer[16];
  TRY(write(ro, "x", 1));
  TRY(read(wo, buffer, 1));
  printf("read of 0 bytes: %zd\n", read(ro, buffer, 0));

  int fds[3] = {1, fd, 1234};
  for (int i = 0; i < 3; ++i) {
    errno = 0;
    int tty = isatty(fds[i]);
    printf("isatty(%s) %d %s\n", i == 0 ? "stdout" : i == 1 ? "file" : "closed", tty,
           errname(errno));
  }
  TRY(lseek(1, 0, SEEK_CUR));

  TRY(move_fd(fd, wo)); /* wo now writes to f.txt */
  CHECK(write(wo, "moved\n", 6) == 6);
  TRY(write(fd, "x", 1));
  TRY(move_fd(fd, ro));
  TRY(close(wo));
  TRY(close(wo));
  TRY(fsync(1234));
  TRY(fstat(1234, &info));
  TRY(fcntl(1234, F_GETFL));
  ssize_t length = read(ro, buffer, sizeof buffer);
  printf("f.txt: \"%.*s\"\n", (int)length, buffer);
  close(ro);
  return 0;
}
