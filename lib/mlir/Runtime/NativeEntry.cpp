#include "strata/mlir/NativeEntry.h"

#include "GuardedMemories.h"
#include "RuntimeFunctions.h"

#include "strata/engine/CallChecks.h"
#include "strata/mlir/Compiler.h"
#include "strata/mlir/NativeCodeMap.h"
#include "strata/runtime/Activation.h"
#include "strata/runtime/Global.h"
#include "strata/runtime/Instance.h"

#include <atomic>
#include <csignal>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <pthread.h>
#include <unwind.h>

namespace strata::mlirtier {

using runtime::CallStatus;
using runtime::NativeLimits;
using runtime::Trap;
using runtime::TrapKind;

namespace {

/// Bytes of stack left below the limit for runtime functions, host calls and the signal
/// handler's needs when native code reaches it.
constexpr size_t kStackReserve = size_t(256) << 10;

/// One active entry into native code, on the C++ stack of callNative.
struct EntryFrame {
  sigjmp_buf jump;
  Trap *trap = nullptr;               // set by raiseTrap before jumping
  TrapKind faultKind = TrapKind::MemoryOutOfBounds; // set by the signal handler
  bool fromSignal = false;
};

/// Code addresses a trap found on the stack between it and the innermost entry, innermost
/// first; Wasm frames deeper than the capacity are left out of the trace. One per thread: the
/// entry the trap jumps to reads them before anything else can trap.
struct TrapAddresses {
  static constexpr size_t kCapacity = 256;
  uintptr_t address[kCapacity];
  size_t size = 0;
};
thread_local TrapAddresses trapAddresses;

thread_local bool runningNativeCode = false;
thread_local EntryFrame *innermostFrame = nullptr;
/// Set once the fault handler is installed: from then on every thread entering native code
/// gets an alternate signal stack.
std::atomic<bool> faultHandlerInstalled{false};
void installAlternateStack();

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

_Unwind_Reason_Code recordFrame(struct _Unwind_Context *context, void *entry) {
  if (uintptr_t(_Unwind_GetCFA(context)) > uintptr_t(entry) ||
      trapAddresses.size == TrapAddresses::kCapacity)
    return _URC_END_OF_STACK;
  int beforeCall = 0;
  uintptr_t ip = _Unwind_GetIPInfo(context, &beforeCall);
  // A return address follows its call; the faulting instruction of a signal frame does not.
  trapAddresses.address[trapAddresses.size++] = beforeCall ? ip : ip - 1;
  return _URC_NO_REASON;
}

/// Records the code addresses of the frames between here and `entry`, which lies above every
/// frame below it: JIT code and the runtime functions have unwind tables (the JIT registers
/// those of its code). From the guard-page handler the walk passes the signal frame into the
/// faulting function.
void recordTrace(EntryFrame &entry) {
  trapAddresses.size = 0;
  _Unwind_Backtrace(recordFrame, &entry);
}

/// Calls `visit` with the code of each Wasm frame among `addresses`, innermost first: a thunk
/// right after its own function's frame is that call's entry, not another frame.
template <typename Visit>
void forEachWasmFrame(std::span<const uintptr_t> addresses, Visit &&visit) {
  std::optional<NativeFunctionCode> previous;
  for (uintptr_t address : addresses) {
    std::optional<NativeFunctionCode> code = findNativeCode(address);
    if (!code)
      continue;
    bool same = previous && previous->module == code->module &&
                previous->function == code->function;
    previous = code;
    if (code->thunk && same)
      continue;
    visit(*code);
  }
}

/// Adds the Wasm functions among the recorded addresses to `trap`'s trace: the native frames
/// between the trap and the entry. `trapping` says whether the trace already holds the frame
/// that raised the trap, which is then the first one found.
void addNativeFrames(Trap &trap, runtime::VMContext *vmctx, bool trapping) {
  std::span<const uintptr_t> addresses(trapAddresses.address, trapAddresses.size);
  forEachWasmFrame(addresses, [&](const NativeFunctionCode &code) {
    if (std::exchange(trapping, false) && !trap.trace().empty() &&
        trap.trace().back().function == code.function)
      return;
    runtime::TrapFrame wasmFrame;
    if (code.module == &vmctx->instance->module())
      wasmFrame.module = vmctx->instance->name();
    wasmFrame.function = code.function;
    wasmFrame.functionName = code.module->functionName(code.function);
    trap.trace().push_back(std::move(wasmFrame));
  });
}

/// An entry into native code, as a profiler's sample sees it: the Wasm functions among the
/// machine frames the sample found inside it.
class NativeActivation final : public runtime::Activation {
public:
  bool needsMachineFrames() const override { return true; }
  void appendFrames(std::vector<runtime::SampledFrame> &frames,
                    std::span<const uintptr_t> machineFrames) const override {
    forEachWasmFrame(machineFrames, [&](const NativeFunctionCode &code) {
      bool continuation = code.variant.starts_with("$osr");
      frames.push_back({code.module, code.function,
                        continuation ? runtime::FrameTier::NativeOsr : runtime::FrameTier::Native});
    });
  }
};

/// While a deadline is set, every poll must reach the runtime, which reads the clock.
const std::atomic<bool> alwaysPoll{true};

} // namespace

void prepareNativeRuntime(bool guardPages) {
  static std::once_flag bound;
  std::call_once(bound, [] { bindRuntimeFunctions(runtimeFunctionSymbols()); });
  if (guardPages)
    installGuardPageHandler();
}

bool setRunningNativeCode(bool running) {
  bool previous = runningNativeCode;
  runningNativeCode = running;
  return previous;
}

// sigsetjmp's caller must not keep values in registers across the jump: everything read after
// a trap is in `frame`, `saved` or the arguments, none modified after sigsetjmp.
CallStatus callNative(runtime::CallContext &context, ArrayThunk thunk, runtime::VMContext *vmctx,
                      uint64_t *slots, std::optional<uint32_t> function) {
  NativeLimits &limits = runtime::threadNativeLimits();
  if (uintptr_t(__builtin_frame_address(0)) <= threadStackLimit())
    return engine::callStackExhausted(context);
  if (context.shouldStop())
    return function ? engine::interruptedAtEntry(context, *vmctx->instance, *function)
                    : engine::interrupted(context);
  if (faultHandlerInstalled.load(std::memory_order_relaxed))
    installAlternateStack();
  const NativeLimits saved = limits;
  EntryFrame frame;
  NativeActivation activation;
  EntryFrame *const outerFrame = innermostFrame;
  const bool outerRunning = runningNativeCode;
  limits.stackLimit = threadStackLimit();
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

// The guard-page handler.
namespace {
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

void handleFault(int signal, siginfo_t *info, void *ucontext) {
  EntryFrame *frame = innermostFrame;
  if (!frame || !runningNativeCode || !isGuardedAddress(uintptr_t(info->si_addr))) {
    forwardSignal(signal, info, ucontext);
    return;
  }
  frame->fromSignal = true;
  frame->faultKind = TrapKind::MemoryOutOfBounds;
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

InstanceVMContext::InstanceVMContext(runtime::ModuleInstance &instance,
                                     bool guardPages)
    : guardPages_(guardPages) {
  for (runtime::GlobalInstance *global : instance.globals())
    globals_.push_back(global->slots());
  for (uint32_t i = 0; i < instance.module().types.size(); ++i)
    typeIds_.push_back(instance.typeId(i));
  vmctx_.memory = instance.memories().empty() ? nullptr : instance.memory(0);
  vmctx_.globals = globals_.data();
  vmctx_.functions = instance.functions().data();
  vmctx_.tables = instance.tables().data();
  vmctx_.typeIds = typeIds_.data();
  vmctx_.limitsThreadOffset = runtime::nativeLimitsThreadOffset();
  vmctx_.instance = &instance;
  if (guardPages_ && vmctx_.memory)
    registerGuardedMemory(vmctx_.memory);
}

InstanceVMContext::~InstanceVMContext() {
  if (guardPages_ && vmctx_.memory)
    unregisterGuardedMemory(vmctx_.memory);
}

} // namespace strata::mlirtier
