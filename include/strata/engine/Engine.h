// The three engine interfaces every tier implements, after wazero's internal/wasm/engine.go:
//   Engine        store-scoped; compiles validated modules and makes ModuleEngines.
//   ModuleEngine  one per module instance; makes CallEngines and function references.
//   CallEngine    one per function and thread; owns and reuses its frame and value stacks.
// Engines are created by name through the registry (engine/Registry.h). Depends on runtime/.
#pragma once

#include "strata/runtime/Instance.h"
#include "strata/runtime/Trap.h"
#include "strata/runtime/Value.h"
#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace strata::engine {

class CallEngine;

/// Per-instance engine state: it knows how to run the instance's functions.
class ModuleEngine {
public:
  virtual ~ModuleEngine() = default;

  virtual std::string_view name() const = 0;

  /// A call engine for `function`, which may be a function of this instance, an import, or a
  /// host function. `context` outlives the call engine.
  virtual Expected<std::unique_ptr<CallEngine>>
  newCallEngine(runtime::CallContext &context, runtime::FunctionInstance &function) = 0;

  /// The references an element segment of function indexes evaluates to in this instance.
  virtual std::vector<runtime::Ref> createFuncElementInstance(std::span<const uint32_t> indexes);

  /// Gives funcref globals whose initializers name functions their engine-level references.
  virtual void initializeFuncrefGlobals(std::span<runtime::GlobalInstance *const> globals) {}

protected:
  explicit ModuleEngine(runtime::ModuleInstance &instance) : instance_(instance) {}
  runtime::ModuleInstance &instance_;
};

/// Runs one function. Not thread-safe: one per thread. Usable again after a trap.
class CallEngine {
public:
  virtual ~CallEngine() = default;

  /// The function's parameters in, its results out, in 64-bit slots (a v128 takes two); the
  /// span holds max(parameter slots, result slots).
  virtual runtime::CallStatus call(runtime::CallContext &context,
                                   std::span<uint64_t> argsAndResults) = 0;

  /// Typed convenience: checks the argument types and returns the results.
  Expected<std::vector<runtime::Value>> callValues(runtime::CallContext &context,
                                                   std::span<const runtime::Value> params,
                                                   std::unique_ptr<runtime::Trap> *trapOut);

  virtual const runtime::FunctionInstance &function() const = 0;
};

/// Store-scoped: compiles modules for one tier.
class Engine {
public:
  virtual ~Engine() = default;

  virtual std::string_view name() const = 0;

  /// Prepares a validated module for this tier (interpreter code, MLIR, native code).
  virtual Status compileModule(const std::shared_ptr<const wasm::Module> &module) = 0;
  virtual size_t compiledModuleCount() const = 0;
  virtual void deleteCompiledModule(const wasm::Module *module) = 0;

  /// The engine state for a new instance of a compiled module. The instance's imported
  /// functions, its own functions and its tables are already resolved.
  virtual Expected<std::unique_ptr<ModuleEngine>>
  newModuleEngine(runtime::ModuleInstance &instance) = 0;
};

} // namespace strata::engine
