// Where the jit engine's code for a module comes from, shared by the module's instances: one
// unit with every defined function, compiled before the first instance (eager), or one unit per
// function, compiled at the function's first call (lazy, the default), while background
// threads compile the functions that called functions call (with batch-bytes, small ones a few
// to a unit). Private to lib/mlir/Engine.
#pragma once

#include "strata/engine/CompileQueue.h"
#include "strata/mlir/Compiler.h"
#include "strata/native/Entry.h"
#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <memory>
#include <optional>

namespace strata::mlirtier {

class ModuleCode {
public:
  struct Function {
    void *native = nullptr; // the native-ABI entry, for the switchboard
    native::ArrayThunk thunk = nullptr;
  };

  virtual ~ModuleCode() = default;
  /// Function `index`'s code (a defined function), compiled now if it is not yet; threads
  /// asking for the same function meanwhile wait for that compilation.
  virtual Expected<Function> get(uint32_t index) = 0;
  /// Function `index`'s code if it is compiled already.
  virtual std::optional<Function> ready(uint32_t index) const = 0;
  /// Function `index` runs for the first time in some instance: the functions it calls directly
  /// may be compiled ahead, in the background.
  virtual void calledFirstTime(uint32_t index) { (void)index; }
  /// Compile time and code size so far, summed over the units.
  virtual StageTimes times() const = 0;
  /// Units compiled so far, and how many of them in the background.
  virtual size_t units() const = 0;
  virtual size_t backgroundUnits() const { return 0; }
};

/// Every defined function of `module`, compiled now as one unit.
Expected<std::shared_ptr<ModuleCode>> compileEagerly(const wasm::Module &module,
                                                     const CompileOptions &options);
/// Every defined function of `module`, loaded from the object at `path` (loadAheadOfTime).
Expected<std::shared_ptr<ModuleCode>> loadAheadOfTimeCode(const wasm::Module &module,
                                                          const CompileOptions &options,
                                                          const std::string &path);
/// `module`'s functions, each compiled as a unit of its own at its first get(), or ahead on
/// `queue`'s threads when a function that calls it runs (no queue: only at the first get()).
/// A unit compiled ahead also takes other small functions waiting to be compiled ahead, up to
/// `batchBytes` of Wasm code (JitOptions::batchBytes).
std::shared_ptr<ModuleCode> compileLazily(std::shared_ptr<const wasm::Module> module,
                                          const CompileOptions &options, uint64_t batchBytes,
                                          std::weak_ptr<engine::CompileQueue> queue = {});

} // namespace strata::mlirtier
