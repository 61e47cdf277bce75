// Guard pages: the fault handler that turns an access to a memory's guard region, made by
// native Wasm code, into an "out of bounds memory access" trap, the memories it watches, and
// the choice between guard pages and explicit checks per instance. Depends on runtime/.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace strata::runtime {
class MemoryInstance;
class ModuleInstance;
} // namespace strata::runtime

namespace strata::native {

/// Installs the SIGSEGV/SIGBUS handler (and this thread's alternate signal stack). Idempotent.
void installGuardPageHandler();
/// The address ranges the handler treats as guard regions: memories run by native code.
void registerGuardedMemory(const runtime::MemoryInstance *memory);
void unregisterGuardedMemory(const runtime::MemoryInstance *memory);

/// A memory access in code that returns from its chain when it faults in a guard region,
/// instead of trapping at the innermost entry: the baseline tier's guarded stencils. `begin`
/// and `end` are byte offsets in the code; `value` is what the code's caller receives.
struct FaultReturnSite {
  uint32_t begin = 0, end = 0;
  uint64_t value = 0;
};
/// Registers the code at [code, code + bytes) and its sites, in address order, which the
/// caller keeps until it unregisters them with the handle returned. A fault in a site returns
/// `value` to the code's caller as a `ret` there would: the code must not have moved the stack
/// pointer since it was called, nor (aarch64) changed the link register.
using FaultReturnsHandle = void *;
FaultReturnsHandle registerFaultReturns(const uint8_t *code, uint32_t bytes,
                                        const FaultReturnSite *sites, uint32_t count);
void unregisterFaultReturns(FaultReturnsHandle handle);

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

} // namespace strata::native
