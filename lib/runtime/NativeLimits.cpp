// The per-thread NativeLimits, in static TLS (initial-exec), so that their offset from the
// thread pointer is the same in every thread and native code can reach them in two loads.
#include "strata/runtime/VMContext.h"

namespace strata::runtime {
namespace {

[[gnu::tls_model("initial-exec")]] thread_local NativeLimits limits;

uintptr_t threadPointer() {
#if defined(__x86_64__)
  uintptr_t pointer;
  asm("mov %%fs:0, %0" : "=r"(pointer)); // the TCB's self-pointer, as llvm.thread.pointer
  return pointer;
#elif defined(__aarch64__)
  return uintptr_t(__builtin_thread_pointer());
#else
#error "native tiers need the thread pointer of this architecture"
#endif
}

} // namespace

NativeLimits &threadNativeLimits() { return limits; }

intptr_t nativeLimitsThreadOffset() {
  return intptr_t(uintptr_t(&limits) - threadPointer());
}

} // namespace strata::runtime
