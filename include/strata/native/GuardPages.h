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
