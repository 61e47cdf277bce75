// Instantiation with an engine: compile the module, allocate the instance (runtime/
// Instantiate.h), hook up the engine, copy the segments, then run the start function through a
// CallEngine. Depends on runtime/ and engine/Engine.h.
#pragma once

#include "strata/engine/Engine.h"
#include "strata/runtime/Linker.h"
#include "strata/runtime/Store.h"

#include <memory>
#include <string>

namespace strata::engine {

struct InstantiateOptions {
  std::string name;
  /// The context the start function runs in; a fresh one for the store when null.
  runtime::CallContext *context = nullptr;
  /// Receives the trap when a segment is out of bounds or the start function traps.
  std::unique_ptr<runtime::Trap> *trapOut = nullptr;
};

/// The new instance, or an Error: a link or compile error (the store is left as it was), or a
/// trap (its message; the instance stays in the store, since its segments may have written
/// references to its functions into imported tables).
Expected<runtime::ModuleInstance *> instantiate(runtime::Store &store, Engine &engine,
                                                std::shared_ptr<const wasm::Module> module,
                                                const runtime::ImportMap &imports,
                                                const InstantiateOptions &options = {});

} // namespace strata::engine
