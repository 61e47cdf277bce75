// random_get: bytes from the host's kernel generator (getrandom), straight into guest memory.
#include "Call.h"

#include <sys/random.h>

namespace strata::wasi {

Errno randomGet(Call &call) {
  uint32_t buffer = call.u32(0), length = call.u32(1);
  if (!call.memory.contains(buffer, length))
    return Errno::Fault;
  uint8_t *at = call.memory.at(buffer);
  for (uint32_t done = 0; done < length;) {
    ssize_t got = getrandom(at + done, length - done, 0);
    if (got < 0) {
      if (errno == EINTR)
        continue;
      return hostError();
    }
    done += uint32_t(got);
  }
  return Errno::Success;
}

} // namespace strata::wasi
