#include "JitModuleEngine.h"

#include "strata/mlir/NativeEntry.h"

#include "strata/mlir/JitEngine.h"
#include "strata/runtime/Store.h"

#include <map>
#include <mutex>

namespace strata::mlirtier {

namespace {

/// A module's native code in the two bounds-check variants, each compiled on first need: guard
/// pages need a memory with a guard region, which the system may refuse to reserve.
struct CompiledModule {
  std::shared_ptr<const wasm::Module> module;
  std::shared_ptr<const NativeCode> guarded;
  std::shared_ptr<const NativeCode> explicitChecks;
};

class JitEngine final : public engine::Engine {
public:
  explicit JitEngine(JitOptions options) : options_(std::move(options)) {
    prepareNativeRuntime(options_.compile.guardPages);
  }

  std::string memoryStatsJson() const override { return boundsChecks_.json(); }

  std::string_view name() const override { return engine::kJitEngine; }

  Status compileModule(const std::shared_ptr<const wasm::Module> &module) override {
    auto code = find(module, options_.compile.guardPages);
    return code ? Status::ok() : Status(code.takeError());
  }

  size_t compiledModuleCount() const override {
    std::lock_guard lock(mutex_);
    return modules_.size();
  }

  void deleteCompiledModule(const wasm::Module *module) override {
    std::lock_guard lock(mutex_);
    modules_.erase(module);
  }

  Expected<std::unique_ptr<engine::ModuleEngine>>
  newModuleEngine(runtime::ModuleInstance &instance) override {
    bool guardPages = boundsChecks_.guardPagesFor(instance);
    auto code = find(instance.sharedModule(), guardPages);
    if (!code)
      return code.takeError();
    return std::unique_ptr<engine::ModuleEngine>(
        std::make_unique<JitModuleEngine>(instance, std::move(*code), guardPages));
  }

private:
  /// The module's code in the requested variant, compiling it on first use.
  Expected<std::shared_ptr<const NativeCode>>
  find(const std::shared_ptr<const wasm::Module> &module, bool guardPages) {
    std::lock_guard lock(mutex_);
    CompiledModule &entry = modules_[module.get()];
    entry.module = module;
    std::shared_ptr<const NativeCode> &slot = guardPages ? entry.guarded : entry.explicitChecks;
    if (slot)
      return slot;
    CompileOptions options = options_.compile;
    options.guardPages = guardPages;
    auto code = compileToNative(*module, {}, options);
    if (!code)
      return Error("jit: " + code.error().message());
    slot = std::move(*code);
    return slot;
  }

  JitOptions options_;
  BoundsCheckChoice boundsChecks_{options_.compile.guardPages};
  mutable std::mutex mutex_;
  std::map<const wasm::Module *, CompiledModule> modules_;
};

} // namespace

static Expected<bool> parseSwitch(const engine::EngineOptions &options, std::string_view key,
                                  bool fallback) {
  std::string value = options.get(key, fallback ? "on" : "off");
  if (value == "on")
    return true;
  if (value == "off")
    return false;
  return Error("jit: " + std::string(key) + " must be `on` or `off`, got `" + value + "`");
}

Expected<JitOptions> parseJitOptions(const engine::EngineOptions &options) {
  JitOptions result;
  std::string level = options.get("opt-level", "2");
  if (level.size() != 1 || level[0] < '0' || level[0] > '3')
    return Error("jit: opt-level must be 0, 1, 2 or 3, got `" + level + "`");
  result.compile.optLevel = unsigned(level[0] - '0');
  std::string bounds = options.get("bounds-checks", "guard-pages");
  if (bounds == "explicit")
    result.compile.guardPages = false;
  else if (bounds != "guard-pages")
    return Error("jit: bounds-checks must be `guard-pages` or `explicit`, got `" + bounds + "`");
  auto directCalls = parseSwitch(options, "direct-calls", true);
  if (!directCalls)
    return directCalls.takeError();
  result.compile.directCalls = *directCalls;
  auto wasmOpt = parseSwitch(options, "wasm-opt", true);
  if (!wasmOpt)
    return wasmOpt.takeError();
  result.compile.wasmOptimizations = *wasmOpt;
  return result;
}

std::unique_ptr<engine::Engine> createJitEngine(JitOptions options) {
  return std::make_unique<JitEngine>(std::move(options));
}

const NativeCode *jitCode(runtime::ModuleInstance &instance) {
  auto *engine = dynamic_cast<JitModuleEngine *>(instance.moduleEngine());
  return engine ? &engine->code() : nullptr;
}

} // namespace strata::mlirtier

namespace strata::engine {

void registerJitEngine() {
  registerEngine(std::string(kJitEngine),
                 "MLIR tier: every function compiled to native code before its first call",
                 [](const EngineOptions &options) -> Expected<std::unique_ptr<Engine>> {
                   auto parsed = mlirtier::parseJitOptions(options);
                   if (!parsed)
                     return parsed.takeError();
                   return mlirtier::createJitEngine(std::move(*parsed));
                 });
}

} // namespace strata::engine
