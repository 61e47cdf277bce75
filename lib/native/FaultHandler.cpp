// The guard-page fault handler: a SIGSEGV or SIGBUS raised by native Wasm code at an address
// of a registered memory's guard region becomes an "out of bounds memory access" trap at the
// innermost entry, or, in a fault-return site (the baseline tier's code), a return of the
// site's value to the code's caller; any other fault goes to the handler installed before, or
// kills the process as it would have without us.
#include "strata/native/GuardPages.h"

#include "EntryFrames.h"
#include "FaultReturns.h"
#include "Frames.h"
#include "GuardedMemories.h"

#include <atomic>
#include <csignal>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <ucontext.h>

namespace strata::native {

namespace {

/// Set once the handler is installed: from then on every thread entering native code gets an
/// alternate signal stack.
std::atomic<bool> faultHandlerInstalled{false};

struct sigaction previousSegv, previousBus;

void forwardSignal(int signal, siginfo_t *info, void *ucontext) {
  const struct sigaction &previous = signal == SIGSEGV ? previousSegv : previousBus;
  if (previous.sa_flags & SA_SIGINFO) {
    previous.sa_sigaction(signal, info, ucontext);
    return;
  }
  if (previous.sa_handler == SIG_IGN)
    return;
  if (previous.sa_handler != SIG_DFL) {
    previous.sa_handler(signal);
    return;
  }
  // Default action: restore it and return, so the faulting instruction faults again and the
  // process dies as it would have without us.
  std::signal(signal, SIG_DFL);
}

/// Resumes the interrupted code as if it had returned `value` where it faulted.
void returnFromFaultingCode(void *ucontext, uint64_t value) {
  mcontext_t &registers = static_cast<ucontext_t *>(ucontext)->uc_mcontext;
#if defined(__x86_64__)
  auto returnAddress = *reinterpret_cast<const uint64_t *>(registers.gregs[REG_RSP]);
  registers.gregs[REG_RSP] += 8;
  registers.gregs[REG_RIP] = greg_t(returnAddress);
  registers.gregs[REG_RAX] = greg_t(value);
#elif defined(__aarch64__)
  registers.pc = registers.regs[30];
  registers.regs[0] = value;
#else
#error "no fault returns for this architecture"
#endif
}

uintptr_t faultingPc(const void *ucontext) {
  const mcontext_t &registers = static_cast<const ucontext_t *>(ucontext)->uc_mcontext;
#if defined(__x86_64__)
  return uintptr_t(registers.gregs[REG_RIP]);
#else
  return uintptr_t(registers.pc);
#endif
}

void handleFault(int signal, siginfo_t *info, void *ucontext) {
  uint64_t value;
  if (faultReturnValue(faultingPc(ucontext), value) &&
      isGuardedAddress(uintptr_t(info->si_addr))) {
    returnFromFaultingCode(ucontext, value);
    return;
  }
  EntryFrame *frame = innermostEntryFrame();
  if (!frame || !isRunningNativeCode() || !isGuardedAddress(uintptr_t(info->si_addr))) {
    forwardSignal(signal, info, ucontext);
    return;
  }
  frame->fromSignal = true;
  frame->faultKind = runtime::TrapKind::MemoryOutOfBounds;
  recordTrace(*frame);
  // The handler runs with the signal blocked; the jump must not leave it blocked.
  sigset_t unblock;
  sigemptyset(&unblock);
  sigaddset(&unblock, signal);
  pthread_sigmask(SIG_UNBLOCK, &unblock, nullptr);
  siglongjmp(frame->jump, 1);
}

void installAlternateStack() {
  // A fault on an exhausted stack needs another stack to run the handler on.
  static thread_local bool installed = false;
  if (installed)
    return;
  installed = true;
  stack_t current;
  if (sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE))
    return;
  static thread_local std::unique_ptr<char[]> memory;
  stack_t stack;
  stack.ss_size = size_t(64) << 10;
  memory = std::make_unique<char[]>(stack.ss_size);
  stack.ss_sp = memory.get();
  stack.ss_flags = 0;
  sigaltstack(&stack, nullptr);
}
} // namespace

void installAlternateStackIfHandled() {
  if (faultHandlerInstalled.load(std::memory_order_relaxed))
    installAlternateStack();
}

void installGuardPageHandler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action = {};
    action.sa_sigaction = handleFault;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, &previousSegv);
    sigaction(SIGBUS, &action, &previousBus);
    faultHandlerInstalled = true;
  });
  installAlternateStack();
}

} // namespace strata::native
