#include "strata/engine/Instantiate.h"

#include "strata/runtime/Instantiate.h"

#include <optional>

namespace strata::engine {

static Error trapped(runtime::CallStatus status, const InstantiateOptions &options) {
  Error error(status.trap().message());
  if (options.trapOut)
    *options.trapOut = status.takeTrap();
  return error;
}

static runtime::CallStatus runStart(runtime::Store &store, runtime::ModuleInstance &instance,
                                    runtime::CallContext *context) {
  runtime::FunctionInstance &start = *instance.function(*instance.module().start);
  auto callEngine = newCallEngine(start, &instance);
  if (!callEngine)
    return runtime::Trap(runtime::TrapKind::HostError, callEngine.error().message());
  std::optional<runtime::CallContext> ownContext;
  if (!context)
    context = &ownContext.emplace(store);
  return (*callEngine)->call(*context, {}); // the start function is [] -> []
}

Expected<runtime::ModuleInstance *> instantiate(runtime::Store &store, Engine &engine,
                                                std::shared_ptr<const wasm::Module> module,
                                                const runtime::ImportMap &imports,
                                                const InstantiateOptions &options) {
  if (Status status = engine.compileModule(module); !status)
    return status.takeError();
  runtime::Store::Checkpoint mark = store.checkpoint();
  auto allocated = runtime::allocateModule(store, module, imports, options.name);
  if (!allocated)
    return allocated;
  runtime::ModuleInstance &instance = **allocated;

  // The engine comes before the segments: a trapping segment leaves the instance's functions
  // in imported tables, where they must stay callable.
  auto moduleEngine = engine.newModuleEngine(instance);
  if (!moduleEngine) {
    store.rollback(mark);
    return moduleEngine.takeError();
  }
  instance.setModuleEngine(std::shared_ptr<ModuleEngine>(std::move(*moduleEngine)));
  instance.moduleEngine()->initializeFuncrefGlobals(instance.globals());

  if (runtime::CallStatus status = runtime::initializeModule(instance); !status)
    return trapped(std::move(status), options);
  if (module->start)
    if (runtime::CallStatus status = runStart(store, instance, options.context); !status)
      return trapped(std::move(status), options);
  return &instance;
}

} // namespace strata::engine
