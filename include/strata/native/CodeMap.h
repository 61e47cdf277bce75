// Which Wasm function a native code address lies in, for the stack traces of traps raised in
// native code and the profiler's samples: a native tier registers the code of every function,
// continuation and thunk when it links a unit, and removes it with the unit; registering tells
// perf too (PerfSupport.h). Thread-safe.
#pragma once

#include "strata/wasm/Module.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace strata::native {

struct NativeFunctionCode {
  uintptr_t begin = 0, end = 0; // [begin, end)
  uint32_t function = 0;        // its index in the module's function index space
  const wasm::Module *module = nullptr;
  /// The function's array thunk (wasm_f<N>$array), where LLVM may have inlined the function:
  /// an address in it is the function's frame unless that frame was found just before.
  bool thunk = false;
  /// What follows wasm_f<N> in the symbol: "" for the function, "$osr<L>" for a continuation,
  /// "$array" for the thunk.
  std::string variant;
  /// The tier that made the code, for perf's names: "mlir", or "baseline" (which announces
  /// its code to perf only, PerfSupport.h).
  const char *tier = "mlir";
};

void registerNativeCode(std::span<const NativeFunctionCode> functions);
void unregisterNativeCode(std::span<const NativeFunctionCode> functions);
/// The function whose code holds `address`, if any.
std::optional<NativeFunctionCode> findNativeCode(uintptr_t address);

} // namespace strata::native
