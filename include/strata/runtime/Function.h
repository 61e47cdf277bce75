// Function instances: a WebAssembly function of some module instance, or a host function (a
// callback taking its arguments and returning its results in 64-bit slots). Each carries its
// canonical type id from the store's TypeRegistry. Depends on support/ and wasm/ only.
#pragma once

#include "strata/runtime/Trap.h"
#include "strata/wasm/Types.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace strata::runtime {

class CallContext;
class FunctionInstance;
class MemoryInstance;
class ModuleInstance;

/// What a host function sees of its call.
struct HostCallContext {
  CallContext &context;
  FunctionInstance &function;
  /// The instance whose code made the call, or null when the embedder called directly.
  ModuleInstance *caller = nullptr;

  /// The caller's first memory, or null (WASI-style host functions work on it).
  MemoryInstance *callerMemory() const;
};

/// A host function: parameters in, results out, in 64-bit slots (a v128 takes two); the span
/// holds max(parameter slots, result slots). Return a Trap to fail the call.
using HostCallback = std::function<CallStatus(HostCallContext &, std::span<uint64_t>)>;

/// The switchboard entry native code calls a function through (VMContext.h): the code, the
/// context it takes as its first argument, and the canonical type id. Code is null until a
/// native tier installs some; callers then take the runtime's slow path. Tier-up is one atomic
/// store of a new code pointer.
struct NativeEntry {
  static constexpr size_t kCodeOffset = 0;
  static constexpr size_t kContextOffset = 8;
  static constexpr size_t kTypeIdOffset = 16;
  std::atomic<void *> code{nullptr};
  void *context = nullptr;
  uint32_t typeId = 0;
};

/// A FunctionInstance starts with its NativeEntry, so a funcref (the FunctionInstance*) is also
/// the address of its switchboard entry.
class FunctionInstance {
public:
  /// A WebAssembly function: `index` in `module`'s function index space.
  FunctionInstance(const wasm::FuncType &type, uint32_t typeId, ModuleInstance &module,
                   uint32_t index);
  /// A host function.
  FunctionInstance(const wasm::FuncType &type, uint32_t typeId, HostCallback callback,
                   std::string name);

  const wasm::FuncType &type() const { return type_; }
  /// The canonical type id: two functions have equal types exactly when their ids are equal.
  uint32_t typeId() const { return entry_.typeId; }
  bool isHost() const { return module_ == nullptr; }
  /// The defining instance of a WebAssembly function; null for a host function.
  ModuleInstance *module() const { return module_; }
  /// The index in the defining module's function index space (0 for host functions).
  uint32_t index() const { return index_; }
  const HostCallback &hostCallback() const { return callback_; }

  /// Native code for this function, callable as `ret code(context, args...)`; null if none.
  void *nativeCode() const { return entry_.code.load(std::memory_order_acquire); }
  void *nativeContext() const { return entry_.context; }
  /// Installs native code: the context first, then the code pointer, so a concurrent caller
  /// that sees the new code also sees its context.
  void installNativeCode(void *code, void *context) {
    entry_.context = context;
    entry_.code.store(code, std::memory_order_release);
  }

  uint32_t paramSlots() const { return paramSlots_; }
  uint32_t resultSlots() const { return resultSlots_; }
  /// Slots a caller's argsAndResults span needs.
  uint32_t argSlots() const { return paramSlots_ > resultSlots_ ? paramSlots_ : resultSlots_; }

  /// A host function's name as its creator gave it ("" for a WebAssembly function).
  const std::string &hostName() const { return hostName_; }
  /// For traces and messages: the host name, or "module.name" / "module.func[3]".
  std::string displayName() const;

private:
  NativeEntry entry_; // first: native code reads it at the FunctionInstance's address
  const wasm::FuncType &type_; // owned by the store's TypeRegistry
  ModuleInstance *module_ = nullptr;
  uint32_t index_ = 0;
  uint32_t paramSlots_ = 0;
  uint32_t resultSlots_ = 0;
  HostCallback callback_;
  std::string hostName_;
};

} // namespace strata::runtime
