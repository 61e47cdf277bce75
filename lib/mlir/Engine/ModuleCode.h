// Where the jit engine's code for a module comes from, shared by the module's instances: one
// unit with every defined function, compiled before the first instance (eager), or one unit per
// function, compiled at the function's first call (lazy, the default). Private to
// lib/mlir/Engine.
#pragma once

#include "strata/mlir/Compiler.h"
#include "strata/mlir/NativeEntry.h"
#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <memory>
#include <optional>

namespace strata::mlirtier {

class ModuleCode {
public:
  struct Function {
    void *native = nullptr; // the native-ABI entry, for the switchboard
    ArrayThunk thunk = nullptr;
  };

  virtual ~ModuleCode() = default;
  /// Function `index`'s code (a defined function), compiled now if it is not yet; threads
  /// asking for the same function meanwhile wait for that compilation.
  virtual Expected<Function> get(uint32_t index) = 0;
  /// Function `index`'s code if it is compiled already.
  virtual std::optional<Function> ready(uint32_t index) const = 0;
  /// Compile time and code size so far, summed over the units.
  virtual StageTimes times() const = 0;
  /// Units compiled so far.
  virtual size_t units() const = 0;
};

/// Every defined function of `module`, compiled now as one unit.
Expected<std::shared_ptr<ModuleCode>> compileEagerly(const wasm::Module &module,
                                                     const CompileOptions &options);
/// `module`'s functions, each compiled as a unit of its own at its first get().
std::shared_ptr<ModuleCode> compileLazily(std::shared_ptr<const wasm::Module> module,
                                          const CompileOptions &options);

} // namespace strata::mlirtier
