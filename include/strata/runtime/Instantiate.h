// Instantiation in the spec's order, minus everything that runs code. allocateModule resolves
// the imports, allocates functions, tables, memories and globals (evaluating initializers),
// exports, and evaluates element segments; initializeModule then runs the active element and
// data segments. The engine area hooks the engine up between the two and calls the start
// function after them (engine/Instantiate.h). Depends on support/ and wasm/ only.
#pragma once

#include "strata/runtime/Instance.h"
#include "strata/runtime/Linker.h"
#include "strata/runtime/Trap.h"
#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <memory>
#include <string>

namespace strata::runtime {

class Store;

/// Allocates a new instance of a validated module in `store`. On failure (a link error, an
/// allocation over a limit) the store is left as it was.
Expected<ModuleInstance *> allocateModule(Store &store,
                                          std::shared_ptr<const wasm::Module> module,
                                          const ImportMap &imports, std::string name = {});

/// Copies the active element segments into their tables, then the active data segments into
/// their memories, dropping each (declarative segments are just dropped). A segment out of
/// bounds traps; the segments before it keep their effects, as in WebAssembly 2.0.
CallStatus initializeModule(ModuleInstance &instance);

/// allocateModule then initializeModule: the instance, ready for its start function. A trap is
/// reported as an Error with the trap's message and, when `trapOut` is given, the Trap itself;
/// the trapped instance stays in the store, since tables may already refer to its functions.
Expected<ModuleInstance *> instantiateModule(Store &store,
                                             std::shared_ptr<const wasm::Module> module,
                                             const ImportMap &imports, std::string name = {},
                                             std::unique_ptr<Trap> *trapOut = nullptr);

} // namespace strata::runtime
