// A stand-in engine for testing the engine area before any tier exists: it compiles nothing
// and its call engines only count their calls.
#pragma once

#include "strata/engine/Engine.h"

#include <set>

namespace strata::test {

class CountingCallEngine final : public engine::CallEngine {
public:
  CountingCallEngine(runtime::FunctionInstance &function, int &calls)
      : function_(function), calls_(calls) {}
  runtime::CallStatus call(runtime::CallContext &, std::span<uint64_t>) override {
    ++calls_;
    return {};
  }
  const runtime::FunctionInstance &function() const override { return function_; }

private:
  runtime::FunctionInstance &function_;
  int &calls_;
};

class FakeModuleEngine final : public engine::ModuleEngine {
public:
  FakeModuleEngine(runtime::ModuleInstance &instance, int &calls)
      : ModuleEngine(instance), calls_(calls) {}
  std::string_view name() const override { return "fake"; }
  Expected<std::unique_ptr<engine::CallEngine>>
  newCallEngine(runtime::FunctionInstance &function) override {
    return std::unique_ptr<engine::CallEngine>(
        std::make_unique<CountingCallEngine>(function, calls_));
  }

private:
  int &calls_;
};

class FakeEngine final : public engine::Engine {
public:
  std::string_view name() const override { return "fake"; }
  Status compileModule(const std::shared_ptr<const wasm::Module> &module) override {
    if (failCompile)
      return Error("fake compile failure");
    compiled.insert(module.get());
    return Status::ok();
  }
  size_t compiledModuleCount() const override { return compiled.size(); }
  void deleteCompiledModule(const wasm::Module *module) override { compiled.erase(module); }
  Expected<std::unique_ptr<engine::ModuleEngine>>
  newModuleEngine(runtime::ModuleInstance &instance) override {
    ++moduleEngines;
    if (failModuleEngine)
      return Error("fake module engine failure");
    return std::unique_ptr<engine::ModuleEngine>(
        std::make_unique<FakeModuleEngine>(instance, wasmCalls));
  }

  std::set<const wasm::Module *> compiled;
  int moduleEngines = 0;
  int wasmCalls = 0; // calls made through any of its call engines
  bool failCompile = false;
  bool failModuleEngine = false;
};

} // namespace strata::test
