#include "strata/native/Entry.h"

#include "EntryFrames.h"
#include "Frames.h"

#include "strata/engine/CallChecks.h"
#include "strata/runtime/Instance.h"

#include <atomic>
#include <memory>
#include <pthread.h>
#include <utility>

namespace strata::native {

using runtime::CallStatus;
using runtime::NativeLimits;
using runtime::Trap;
using runtime::TrapKind;

namespace {

/// Bytes of stack left below the limit for runtime functions, host calls and the signal
/// handler's needs when native code reaches it.
constexpr size_t kStackReserve = size_t(256) << 10;

thread_local bool runningNativeCode = false;
thread_local EntryFrame *innermostFrame = nullptr;

uintptr_t threadStackLimit() {
  static thread_local uintptr_t limit = [] {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
      return uintptr_t(0);
    void *low = nullptr;
    size_t size = 0;
    int status = pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
    if (status != 0 || size <= kStackReserve)
      return uintptr_t(0);
    return uintptr_t(low) + kStackReserve;
  }();
  return limit;
}

/// While a deadline is set, every poll must reach the runtime, which reads the clock.
const std::atomic<bool> alwaysPoll{true};

} // namespace

EntryFrame *innermostEntryFrame() { return innermostFrame; }
bool isRunningNativeCode() { return runningNativeCode; }

bool setRunningNativeCode(bool running) {
  bool previous = runningNativeCode;
  runningNativeCode = running;
  return previous;
}

// sigsetjmp's caller must not keep values in registers across the jump: everything read after
// a trap is in `frame`, `saved` or the arguments, none modified after sigsetjmp.
CallStatus callNative(runtime::CallContext &context, ArrayThunk thunk, runtime::VMContext *vmctx,
                      uint64_t *slots, uint32_t function) {
  NativeLimits &limits = runtime::threadNativeLimits();
  const uintptr_t stackLimit = threadStackLimit();
  if (uintptr_t(__builtin_frame_address(0)) <= stackLimit)
    return engine::callStackExhausted(context);
  if (context.shouldStop())
    return function != kNoFunction
               ? engine::interruptedAtEntry(context, *vmctx->instance, function)
               : engine::interrupted(context);
  installAlternateStackIfHandled();
  const NativeLimits saved = limits;
  EntryFrame frame;
  NativeActivation activation;
  EntryFrame *const outerFrame = innermostFrame;
  const bool outerRunning = runningNativeCode;
  limits.stackLimit = stackLimit;
  limits.interruptFlag = context.deadline() ? &alwaysPoll : context.interruptFlag();
  limits.context = &context;
  // The CallEngine has counted the entry frame, which the callee's prologue counts again.
  limits.depthLeft = int64_t(context.maxCallDepth()) - int64_t(context.depth()) + 1;
  limits.innermostEntry = &frame;
  innermostFrame = &frame;
  CallStatus status;
  if (sigsetjmp(frame.jump, 0) == 0) {
    runningNativeCode = true;
    thunk(vmctx, slots);
  } else if (frame.fromSignal) {
    auto trap = std::make_unique<Trap>(frame.faultKind);
    addNativeFrames(*trap, vmctx, false);
    status = CallStatus(std::move(trap));
  } else {
    addNativeFrames(*frame.trap, vmctx, !frame.trap->trace().empty());
    status = CallStatus(std::unique_ptr<Trap>(frame.trap));
  }
  runningNativeCode = outerRunning;
  innermostFrame = outerFrame;
  limits = saved;
  return status;
}

void raiseTrap(Trap *trap) {
  auto *frame = static_cast<EntryFrame *>(runtime::threadNativeLimits().innermostEntry);
  frame->trap = trap;
  frame->fromSignal = false;
  recordTrace(*frame);
  siglongjmp(frame->jump, 1);
}

} // namespace strata::native
