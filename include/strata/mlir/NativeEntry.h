// Entering native code from C++ and leaving it on a trap. Every call into compiled code goes
// through callNative(), which records a jump target (sigsetjmp) in the store's NativeLimits;
// a trap raised anywhere below it (runtime function, guard-page fault) jumps straight back
// there (siglongjmp). JIT frames own no resources, so nothing needs unwinding. Between a raise
// and its entry there are only JIT frames and the raising runtime function, which must hold no
// live C++ objects when it raises. Used by the engines that run native code (jit, tiered); free
// of MLIR headers.
#pragma once

#include "strata/runtime/CallContext.h"
#include "strata/runtime/Trap.h"
#include "strata/runtime/VMContext.h"

#include <atomic>
#include <csetjmp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace strata::mlirtier {

using ArrayThunk = void (*)(runtime::VMContext *, uint64_t *);

/// Binds the runtime functions into the JIT and, with `guardPages`, installs the guard-page
/// handler; once per process (the handler once per thread). Before the first compilation.
void prepareNativeRuntime(bool guardPages);

/// Runs `thunk(vmctx, slots)` as a call of `context`: sets the thread's limits (stack limit,
/// interrupt flag, context) for its duration and turns a trap into the returned status. A
/// context asked to stop traps before the entry, with a frame for `function` (the Wasm function
/// the thunk enters) when given.
runtime::CallStatus callNative(runtime::CallContext &context, ArrayThunk thunk,
                               runtime::VMContext *vmctx, uint64_t *slots,
                               std::optional<uint32_t> function = std::nullopt);

/// Unwinds to the innermost native entry with `trap` (ownership passes to the entry).
[[noreturn]] void raiseTrap(runtime::Trap *trap);

/// Marks the current thread as running host code (false) or JIT code (true); the guard-page
/// handler only acts on faults raised by JIT code. Returns the previous state.
bool setRunningNativeCode(bool running);

/// Installs the SIGSEGV/SIGBUS handler that turns a fault in a memory's guard region, raised
/// by JIT code, into an "out of bounds memory access" trap. Idempotent.
void installGuardPageHandler();
/// The address ranges the handler treats as guard regions: memories run by native code.
void registerGuardedMemory(const runtime::MemoryInstance *memory);
void unregisterGuardedMemory(const runtime::MemoryInstance *memory);

/// Chooses guard pages or explicit bounds checks for each instance of a native engine and
/// counts the choices for the engine's statistics.
class BoundsCheckChoice {
public:
  explicit BoundsCheckChoice(bool guardPages) : requested_(guardPages) {}
  /// Guard pages when the engine asks for them and every memory of `instance` has a guard
  /// region (the store may not reserve one); otherwise explicit checks, counted as a fallback
  /// when the system refused a memory's guard region.
  bool guardPagesFor(const runtime::ModuleInstance &instance);
  /// {"guard_pages": N, "explicit_checks": N, "fallbacks": N, "registered": N,
  ///  "peak_registered": N}: this engine's instances per mode, and the memories the fault
  /// handler watches in the whole process, now and at most.
  std::string json() const;

private:
  bool requested_;
  std::atomic<uint64_t> guardPages_{0}, explicitChecks_{0}, fallbacks_{0};
};

/// An instance's VMContext and the arrays it points into, for the instance's native code. With
/// `guardPages` the instance's memory is registered with the guard-page handler meanwhile.
class InstanceVMContext {
public:
  InstanceVMContext(runtime::ModuleInstance &instance, bool guardPages);
  ~InstanceVMContext();
  InstanceVMContext(const InstanceVMContext &) = delete;
  InstanceVMContext &operator=(const InstanceVMContext &) = delete;

  runtime::VMContext &get() { return vmctx_; }

private:
  runtime::VMContext vmctx_;
  std::vector<uint64_t *> globals_;
  std::vector<uint32_t> typeIds_;
  bool guardPages_;
};

} // namespace strata::mlirtier
