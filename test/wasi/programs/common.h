/* Shared by the WASI test programs, which are built twice from the same source: for
 * wasm32-wasi (run by strata on every engine) and natively (the reference). Everything they
 * print must be the same in both builds, so they print errno names, never numbers (the two C
 * libraries number errno differently), and properties of clocks and random bytes, never values. */
#ifndef STRATA_WASI_TEST_COMMON_H
#define STRATA_WASI_TEST_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline const char *errname(int e) {
  switch (e) {
  case 0: return "OK";
#define NAME(x) case x: return #x;
  NAME(E2BIG) NAME(EACCES) NAME(EAGAIN) NAME(EBADF) NAME(EBUSY) NAME(EEXIST) NAME(EFAULT)
  NAME(EFBIG) NAME(EILSEQ) NAME(EINTR) NAME(EINVAL) NAME(EIO) NAME(EISDIR) NAME(ELOOP)
  NAME(EMFILE) NAME(EMLINK) NAME(ENAMETOOLONG) NAME(ENOENT) NAME(ENOMEM) NAME(ENOSPC)
  NAME(ENOSYS) NAME(ENOTDIR) NAME(ENOTEMPTY) NAME(ENOTSOCK) NAME(ENOTSUP) NAME(ENOTTY)
  NAME(ENXIO) NAME(EPERM) NAME(EPIPE) NAME(ERANGE) NAME(EROFS) NAME(ESPIPE) NAME(EXDEV)
#ifdef ENOTCAPABLE
  NAME(ENOTCAPABLE)
#endif
#undef NAME
  default: return "E?";
  }
}

/* Prints "what: OK" or "what: ENAME" for a call returning -1 (or NULL) with errno on failure. */
#define REPORT(what, failed) printf("%s: %s\n", what, (failed) ? errname(errno) : "OK")
#define TRY(call) REPORT(#call, (errno = 0, (call)) < 0)

/* Stops the program with a message on a check that must hold in both builds. */
#define CHECK(cond)                                                                            \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      printf("CHECK FAILED line %d: %s (errno %s)\n", __LINE__, #cond, errname(errno));       \
      exit(99);                                                                                \
    }                                                                                          \
  } while (0)

/* A small deterministic generator (xorshift), for data the driver and programs agree on. */
static unsigned long long strata_seed = 0x9E3779B97F4A7C15ull;
static inline unsigned next_random(void) {
  strata_seed ^= strata_seed << 13;
  strata_seed ^= strata_seed >> 7;
  strata_seed ^= strata_seed << 17;
  return (unsigned)(strata_seed >> 32);
}

static inline unsigned crc32_update(unsigned crc, const unsigned char *data, size_t length) {
  crc = ~crc;
  for (size_t i = 0; i < length; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k)
      crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
  }
  return ~crc;
}

#endif
