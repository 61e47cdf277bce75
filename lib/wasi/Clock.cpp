// clock_res_get and clock_time_get: the host's realtime, monotonic, process and thread CPU
// clocks, in nanoseconds.
#include "Call.h"

#include <ctime>

namespace strata::wasi {

bool hostClock(uint32_t id, clockid_t &out) {
  switch (id) {
  case abi::kClockRealtime:
    out = CLOCK_REALTIME;
    return true;
  case abi::kClockMonotonic:
    out = CLOCK_MONOTONIC;
    return true;
  case abi::kClockProcessCputime:
    out = CLOCK_PROCESS_CPUTIME_ID;
    return true;
  case abi::kClockThreadCputime:
    out = CLOCK_THREAD_CPUTIME_ID;
    return true;
  default:
    return false;
  }
}

static uint64_t toNanoseconds(const struct timespec &time) {
  return uint64_t(time.tv_sec) * 1000000000u + uint64_t(time.tv_nsec);
}

Errno clockResGet(Call &call) {
  clockid_t clock;
  if (!hostClock(call.u32(0), clock))
    return Errno::Inval;
  if (!call.memory.contains(call.u32(1), 8))
    return Errno::Fault;
  struct timespec resolution;
  if (clock_getres(clock, &resolution) != 0)
    return hostError();
  call.memory.storeAt<uint64_t>(call.u32(1), toNanoseconds(resolution));
  return Errno::Success;
}

Errno clockTimeGet(Call &call) {
  clockid_t clock;
  if (!hostClock(call.u32(0), clock))
    return Errno::Inval;
  // args[1] is the precision the guest asks for; the host clock is read at its best anyway.
  uint32_t out = call.u32(2);
  if (!call.memory.contains(out, 8))
    return Errno::Fault;
  struct timespec now;
  if (clock_gettime(clock, &now) != 0)
    return hostError();
  call.memory.storeAt<uint64_t>(out, toNanoseconds(now));
  return Errno::Success;
}

} // namespace strata::wasi
