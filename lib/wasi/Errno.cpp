#include "strata/wasi/Errno.h"

#include <cerrno>

namespace strata::wasi {

Errno fromHostErrno(int hostErrno) {
  switch (hostErrno) {
#define STRATA_WASI_ERRNO(Name, value, text, host)                                                 \
  case host:                                                                                       \
    return Errno::Name;
#include "strata/wasi/Errno.def"
    // Linux spells some errors twice; notcapable (-1 above) has no host errno.
#if EWOULDBLOCK != EAGAIN
  case EWOULDBLOCK:
    return Errno::Again;
#endif
#if EOPNOTSUPP != ENOTSUP
  case EOPNOTSUPP:
    return Errno::Notsup;
#endif
#if EDEADLOCK != EDEADLK
  case EDEADLOCK:
    return Errno::Deadlk;
#endif
  default:
    return Errno::Io;
  }
}

const char *errnoName(Errno error) {
  switch (error) {
#define STRATA_WASI_ERRNO(Name, value, text, host)                                                 \
  case Errno::Name:                                                                                \
    return text;
#include "strata/wasi/Errno.def"
  }
  return "unknown";
}

} // namespace strata::wasi
