// Native Wasm frames on the machine stack: the code addresses between a trap and its entry
// (libgcc's unwinder, through the signal frame of a fault), the Wasm functions they lie in
// (CodeMap.h), and an entry into native code as a profiler's sample sees it. Private to
// lib/native.
#pragma once

#include "EntryFrames.h"

#include "strata/runtime/Activation.h"
#include "strata/runtime/Trap.h"
#include "strata/runtime/VMContext.h"

namespace strata::native {

/// Records the code addresses of the frames between here and `entry`, which lies above every
/// frame below it: native code and the runtime functions have unwind tables (the JIT registers
/// those of its code). From the fault handler the walk passes the signal frame into the
/// faulting function.
void recordTrace(EntryFrame &entry);

/// Adds the Wasm functions among the addresses recordTrace found to `trap`'s trace: the native
/// frames between the trap and the entry. `trapping` says whether the trace already holds the
/// frame that raised the trap, which is then the first one found.
void addNativeFrames(runtime::Trap &trap, runtime::VMContext *vmctx, bool trapping);

/// An entry into native code, as a profiler's sample sees it: the Wasm functions among the
/// machine frames the sample found inside it.
class NativeActivation final : public runtime::Activation {
public:
  bool needsMachineFrames() const override { return true; }
  void appendFrames(std::vector<runtime::SampledFrame> &frames,
                    std::span<const uintptr_t> machineFrames) const override;
};

} // namespace strata::native
