// Function instances: a WebAssembly function of some module instance, or a host function (a
// callback taking its arguments and returning its results in 64-bit slots). Each carries its
// canonical type id from the store's TypeRegistry. Depends on support/ and wasm/ only.
#pragma once

#include "strata/runtime/Trap.h"
#include "strata/wasm/Types.h"

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
  uint32_t typeId() const { return typeId_; }
  bool isHost() const { return module_ == nullptr; }
  /// The defining instance of a WebAssembly function; null for a host function.
  ModuleInstance *module() const { return module_; }
  /// The index in the defining module's function index space (0 for host functions).
  uint32_t index() const { return index_; }
  const HostCallback &hostCallback() const { return callback_; }

  uint32_t paramSlots() const { return paramSlots_; }
  uint32_t resultSlots() const { return resultSlots_; }
  /// Slots a caller's argsAndResults span needs.
  uint32_t argSlots() const { return paramSlots_ > resultSlots_ ? paramSlots_ : resultSlots_; }

  /// For traces and messages: the host name, or "module.name" / "module.func[3]".
  std::string displayName() const;

private:
  const wasm::FuncType &type_; // owned by the store's TypeRegistry
  uint32_t typeId_;
  ModuleInstance *module_ = nullptr;
  uint32_t index_ = 0;
  uint32_t paramSlots_ = 0;
  uint32_t resultSlots_ = 0;
  HostCallback callback_;
  std::string hostName_;
};

} // namespace strata::runtime
