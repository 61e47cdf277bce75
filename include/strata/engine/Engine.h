// The three engine interfaces every tier implements, after wazero's internal/wasm/engine.go:
//   Engine        store-scoped; compiles validated modules and makes ModuleEngines.
//   ModuleEngine  one per module instance; makes CallEngines and function references.
//   CallEngine    one per function and thread; owns and reuses its frame and value stacks.
// Engines are created by name through the registry (engine/Registry.h). Depends on runtime/.
#pragma once

#include "strata/runtime/CallContext.h"
#include "strata/runtime/Global.h"
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
  runtime::ModuleInstance &instance() const { return instance_; }

  /// A call engine for `function`, one of this instance's own (not imported) functions.
  /// engine::newCallEngine (below) routes any function, host functions included, to the right
  /// engine.
  virtual Expected<std::unique_ptr<CallEngine>>
  newCallEngine(runtime::FunctionInstance &function) = 0;

  /// Calls one of this instance's own functions on the current thread, the way a call from
  /// another engine's code does (native code calling interpreted code). By default through a
  /// new CallEngine; engines with a cheaper way override it.
  virtual runtime::CallStatus invoke(runtime::CallContext &context,
                                     runtime::FunctionInstance &function,
                                     std::span<uint64_t> argsAndResults);

  /// The references an element segment of function indexes evaluates to in this instance:
  /// by default each function's FunctionInstance*.
  virtual std::vector<runtime::Ref> createFuncElementInstance(std::span<const uint32_t> indexes);

  /// Gives funcref globals whose initializers name functions their engine-level references;
  /// nothing to do while a funcref is the FunctionInstance*.
  virtual void initializeFuncrefGlobals(std::span<runtime::GlobalInstance *const> /*globals*/) {}

protected:
  explicit ModuleEngine(runtime::ModuleInstance &instance) : instance_(instance) {}
  runtime::ModuleInstance &instance_;
};

/// Runs one function. Not thread-safe: one per thread. Usable again after a trap.
class CallEngine {
public:
  virtual ~CallEngine() = default;

  /// The function's parameters in, its results out, in 64-bit slots (a v128 takes two); the
  /// span holds at least function().argSlots() slots. A trap leaves the context's call depth
  /// as it was before the call.
  virtual runtime::CallStatus call(runtime::CallContext &context,
                                   std::span<uint64_t> argsAndResults) = 0;

  /// Typed convenience: checks the arguments' number and types and returns the results. A trap
  /// comes back as an Error with the trap's message and, when `trapOut` is given, the Trap.
  Expected<std::vector<runtime::Value>> callValues(runtime::CallContext &context,
                                                   std::span<const runtime::Value> params,
                                                   std::unique_ptr<runtime::Trap> *trapOut =
                                                       nullptr);

  virtual const runtime::FunctionInstance &function() const = 0;
};

/// Store-scoped: compiles modules for one tier.
class Engine {
public:
  virtual ~Engine() = default;

  virtual std::string_view name() const = 0;

  /// Statistics of everything this engine ran, as a JSON object, or empty when it keeps none.
  virtual std::string statsJson() const { return {}; }
  /// How a native engine checks its instances' memory accesses (guard pages or explicit
  /// checks, and why), as a JSON object, or empty.
  virtual std::string memoryStatsJson() const { return {}; }
  /// The native code compiled so far (units, Wasm bytes, time per stage), as a JSON object, or
  /// empty for engines that compile nothing or report it elsewhere.
  virtual std::string compileStatsJson() const { return {}; }
  /// Seconds spent compiling native code so far, on every thread (lazy and background
  /// compiles included); 0 for engines that compile none.
  virtual double compileSeconds() const { return 0; }

  /// Prepares a validated module for this tier (interpreter code, MLIR, native code). Compiling
  /// a module that is already compiled does nothing.
  virtual Status compileModule(const std::shared_ptr<const wasm::Module> &module) = 0;
  virtual size_t compiledModuleCount() const = 0;
  virtual void deleteCompiledModule(const wasm::Module *module) = 0;

  /// The engine state for a new instance of a compiled module. The instance's index spaces
  /// (imported and own functions, tables, memories, globals) are already allocated; its
  /// segments are not yet copied and its start function has not run.
  virtual Expected<std::unique_ptr<ModuleEngine>>
  newModuleEngine(runtime::ModuleInstance &instance) = 0;
};

/// A call engine for any function: a host function gets a HostCallEngine (which shows `caller`
/// to the callback), a WebAssembly function one from its instance's ModuleEngine. Fails when
/// that instance has no engine.
Expected<std::unique_ptr<CallEngine>> newCallEngine(runtime::FunctionInstance &function,
                                                    runtime::ModuleInstance *caller = nullptr);

} // namespace strata::engine
