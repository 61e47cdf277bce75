#include "Frames.h"

#include "strata/native/CodeMap.h"
#include "strata/runtime/MachineFrames.h"
#include "strata/runtime/Instance.h"

#include <optional>
#include <span>
#include <utility>

namespace strata::native {

namespace {

/// Code addresses a trap found on the stack between it and the innermost entry, innermost
/// first; Wasm frames deeper than the capacity are left out of the trace. One per thread: the
/// entry the trap jumps to reads them before anything else can trap.
struct TrapAddresses {
  static constexpr size_t kCapacity = 256;
  uintptr_t address[kCapacity];
  size_t size = 0;
};
thread_local TrapAddresses trapAddresses;

} // namespace

void recordTrace(EntryFrame &entry) {
  trapAddresses.size = 0;
  runtime::walkMachineFrames(uintptr_t(&entry), [](uintptr_t address, uintptr_t) {
    if (trapAddresses.size == TrapAddresses::kCapacity)
      return false;
    trapAddresses.address[trapAddresses.size++] = address;
    return true;
  });
}

namespace {
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

} // namespace

/// Adds the Wasm functions among the recorded addresses to `trap`'s trace: the native frames
/// between the trap and the entry. `trapping` says whether the trace already holds the frame
/// that raised the trap, which is then the first one found.
void addNativeFrames(runtime::Trap &trap, runtime::VMContext *vmctx, bool trapping) {
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

void NativeActivation::appendFrames(std::vector<runtime::SampledFrame> &frames,
                                    std::span<const uintptr_t> machineFrames) const {
  forEachWasmFrame(machineFrames, [&](const NativeFunctionCode &code) {
    bool continuation = code.variant.starts_with("$osr");
    frames.push_back({code.module, code.function,
                      continuation ? runtime::FrameTier::NativeOsr : runtime::FrameTier::Native});
  });
}

} // namespace strata::native
