// The embedding API. A Runtime owns a store and one engine (chosen by name); it compiles bytes
// into CompiledModules, instantiates them with imports (other instances' exports, host
// functions bound from C++ callables, memories, tables, globals) and hands out handles.
// Errors are values (Expected / Status / CallResult); nothing throws. Depends on every area.
#pragma once

#include "strata/api/Handles.h"
#include "strata/api/HostFunction.h"
#include "strata/engine/Registry.h"
#include "strata/runtime/Linker.h"
#include "strata/runtime/Store.h"
#include "strata/wasm/Module.h"

#include <memory>
#include <span>
#include <string>

namespace strata::engine {
class Engine;
}

namespace strata::api {

struct RuntimeConfig {
  /// The engine's registered name: "interp", "jit" or "tiered" (engine::engineNames()).
  std::string engine = "interp";
  /// Engine-specific settings, e.g. a tiering policy.
  engine::EngineOptions engineOptions;
  /// Language features; the default is exactly WebAssembly 2.0.
  wasm::Features features;
  /// The most pages any memory may have (the embedder's limit; 65536 = 4 GiB).
  uint32_t memoryPageLimit = wasm::kMaxPages;
  /// Each memory reserves 8 GiB of address space plus a guard page, so that native tiers can
  /// leave bounds checks to the guard pages. Off: a memory reserves only its maximum size
  /// (many more instances fit in the address space) and native tiers check bounds explicitly.
  bool memoryGuardRegions = true;
  /// The deepest call nesting before the trap "call stack exhausted".
  uint32_t maxCallDepth = runtime::CallContext::kDefaultMaxCallDepth;
};

/// A decoded and validated module, ready to instantiate any number of times.
class CompiledModule {
public:
  const wasm::Module &module() const { return *module_; }
  const std::shared_ptr<const wasm::Module> &shared() const { return module_; }

private:
  friend class Runtime;
  explicit CompiledModule(std::shared_ptr<const wasm::Module> module)
      : module_(std::move(module)) {}
  std::shared_ptr<const wasm::Module> module_;
};

/// What an instantiation may import, by module and field name.
class Imports {
public:
  Imports &add(std::string module, std::string name, const Function &function);
  Imports &add(std::string module, std::string name, const Memory &memory);
  Imports &add(std::string module, std::string name, const Table &table);
  Imports &add(std::string module, std::string name, const Global &global);
  /// Every export of `instance`, under `module`.
  Imports &addInstance(const std::string &module, const Instance &instance);
  const runtime::ImportMap &map() const { return map_; }

private:
  runtime::ImportMap map_;
};

class Runtime {
public:
  /// Fails when the engine name is not registered.
  static Expected<std::unique_ptr<Runtime>> create(RuntimeConfig config = {});
  ~Runtime();

  const RuntimeConfig &config() const { return config_; }
  engine::Engine &engine() const { return *engine_; }
  runtime::Store &store() const { return *store_; }
  /// The context calls made through handles run in (call depth, interruption).
  runtime::CallContext &callContext() const { return *context_; }
  /// A context of its own for calls on another thread (Function::call(params, context)), with
  /// the Runtime's depth limit and embedder data.
  std::unique_ptr<runtime::CallContext> newCallContext() const;

  /// Decodes, validates and compiles for the engine.
  /// `label` names the module in profiles and perf's names when its name section names none.
  Expected<CompiledModule> compile(std::span<const uint8_t> bytes, std::string label = {}) const;
  /// Instantiates in the spec's order; a trap during instantiation is an error naming it, and
  /// lands in `trapOut` when given (a link error leaves it null).
  Expected<Instance> instantiate(const CompiledModule &module, const Imports &imports = {},
                                 std::string name = {},
                                 std::unique_ptr<runtime::Trap> *trapOut = nullptr);

  /// A host function from a C++ callable (see HostFunction.h for the type mapping).
  template <typename F> Function hostFunction(std::string name, F callable) {
    wasm::FuncType type;
    runtime::HostCallback callback;
    bindHostFunction(std::move(callable), type, callback);
    return hostFunction(std::move(name), type, std::move(callback));
  }
  /// A host function working on slots directly.
  Function hostFunction(std::string name, const wasm::FuncType &type,
                        runtime::HostCallback callback);

  Expected<Memory> createMemory(const wasm::MemoryType &type);
  Expected<Table> createTable(const wasm::TableType &type, const Value &init);
  Expected<Global> createGlobal(const wasm::GlobalType &type, const Value &init);

private:
  friend class Function;
  Runtime(RuntimeConfig config, std::unique_ptr<engine::Engine> engine);

  RuntimeConfig config_;
  std::unique_ptr<runtime::Store> store_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<runtime::CallContext> context_;
};

} // namespace strata::api
