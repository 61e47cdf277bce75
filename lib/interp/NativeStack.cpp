#include "NativeStack.h"

#include <cstdint>
#include <pthread.h>

namespace strata::interp {

/// The lowest usable address of this thread's stack plus the reserve; 0 when unknown.
static uintptr_t computeStackLimit() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0)
    return 0;
  void *low = nullptr;
  size_t size = 0;
  int status = pthread_attr_getstack(&attr, &low, &size);
  pthread_attr_destroy(&attr);
  if (status != 0 || size <= kNativeStackReserve)
    return 0;
  return uintptr_t(low) + kNativeStackReserve;
}

bool hasNativeStackLeft() {
  static thread_local const uintptr_t limit = computeStackLimit();
  return uintptr_t(__builtin_frame_address(0)) > limit;
}

} // namespace strata::interp
