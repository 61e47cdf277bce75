// A fixture that runs WebAssembly text on one engine, chosen by name, so every case here runs
// on each tier registered in the test program (interp now; jit and tiered as they land).
#pragma once

#include "TestUtil.h"

#include "strata/engine/BuiltinEngines.h"
#include "strata/engine/Instantiate.h"
#include "strata/engine/Registry.h"
#include "strata/interp/InterpEngine.h"
#include "strata/runtime/Store.h"
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::test {

/// The interpreter with every function translated up front (the default is at first call).
constexpr std::string_view kInterpEagerEngine = "interp_eager";
/// The interpreter without its translation optimizations, a plain stack machine over slots.
constexpr std::string_view kInterpPlainEngine = "interp_plain";

/// The tiers registered in this program, in a fixed order, and two interpreter variants.
inline std::vector<std::string> testedEngines() {
  engine::registerBuiltinEngines();
  if (!engine::isEngineRegistered(engine::kInterpEngine))
    engine::registerInterpEngine();
  engine::registerEngine(
      std::string(kInterpEagerEngine), "interp, translating eagerly",
      [](const engine::EngineOptions &) -> Expected<std::unique_ptr<engine::Engine>> {
        interp::InterpOptions options;
        options.translation = interp::TranslationMode::Eager;
        return interp::createInterpEngine(options);
      });
  engine::registerEngine(
      std::string(kInterpPlainEngine), "interp, without fusion",
      [](const engine::EngineOptions &) -> Expected<std::unique_ptr<engine::Engine>> {
        interp::InterpOptions options;
        options.optimizations = interp::TranslationOptions{false, false, false};
        return interp::createInterpEngine(options);
      });
  std::vector<std::string> names;
  for (std::string_view name : {engine::kInterpEngine, kInterpEagerEngine, kInterpPlainEngine,
                                engine::kJitEngine, engine::kTieredEngine})
    if (engine::isEngineRegistered(name))
      names.emplace_back(name);
  return names;
}

using runtime::Value;

/// The outcome of one call: results, or the trap.
struct CallResult {
  std::vector<Value> values;
  std::unique_ptr<runtime::Trap> trap;
  std::string error; // a failure that is not a trap

  bool trapped(runtime::TrapKind kind) const { return trap && trap->kind() == kind; }
};

class EngineTest : public ::testing::TestWithParam<std::string> {
protected:
  /// Native code records only the trapping function in a trap's stack trace; the
  /// interpreter records every frame, and interpreted frames keep their own operand stacks.
  /// The tiered engine starts every function in the interpreter, and these short tests stay
  /// there under its default policy.
  bool isInterpreter() const { return GetParam() != "jit"; }

  void SetUp() override {
    auto created = engine::createEngine(GetParam());
    ASSERT_TRUE(created) << created.error().message();
    engine_ = std::move(*created);
    context_.emplace(store_);
  }

  /// Decodes, validates and instantiates `text`; fails the test on any error.
  runtime::ModuleInstance *load(const std::string &text, const runtime::ImportMap &imports = {},
                                std::string name = "test") {
    std::shared_ptr<const wasm::Module> module = loadModule(text);
    engine::InstantiateOptions options;
    options.name = std::move(name);
    options.context = &*context_;
    auto instance = engine::instantiate(store_, *engine_, module, imports, options);
    EXPECT_TRUE(instance) << instance.error().message();
    instance_ = instance ? *instance : nullptr;
    return instance_;
  }

  CallResult call(runtime::ModuleInstance *instance, const std::string &name,
                  std::vector<Value> args = {}) {
    CallResult result;
    runtime::FunctionInstance *function = instance ? instance->exportedFunction(name) : nullptr;
    if (!function) {
      result.error = "no exported function " + name;
      ADD_FAILURE() << result.error;
      return result;
    }
    auto callEngine = engine::newCallEngine(*function);
    if (!callEngine) {
      result.error = callEngine.error().message();
      ADD_FAILURE() << result.error;
      return result;
    }
    auto values = (*callEngine)->callValues(*context_, args, &result.trap);
    if (values)
      result.values = std::move(*values);
    else if (!result.trap)
      result.error = values.error().message();
    return result;
  }
  CallResult call(const std::string &name, std::vector<Value> args = {}) {
    return call(instance_, name, std::move(args));
  }

  /// The single result of a call that must not trap.
  Value value(const std::string &name, std::vector<Value> args = {}) {
    CallResult result = call(name, std::move(args));
    if (result.trap)
      ADD_FAILURE() << name << " trapped: " << result.trap->describe();
    if (result.values.size() != 1) {
      ADD_FAILURE() << name << " returned " << result.values.size() << " values " << result.error;
      return Value::i32(0x7eadbeef);
    }
    return result.values[0];
  }
  int32_t i32(const std::string &name, std::vector<Value> args = {}) {
    return value(name, std::move(args)).i32();
  }
  int64_t i64(const std::string &name, std::vector<Value> args = {}) {
    return value(name, std::move(args)).i64();
  }
  /// Float results as bits, so NaN payloads and signed zeros compare exactly.
  uint32_t f32Bits(const std::string &name, std::vector<Value> args = {}) {
    return uint32_t(value(name, std::move(args)).bits());
  }
  uint64_t f64Bits(const std::string &name, std::vector<Value> args = {}) {
    return value(name, std::move(args)).bits();
  }
  /// The kind of the trap a call must end with.
  std::optional<runtime::TrapKind> trapOf(const std::string &name, std::vector<Value> args = {}) {
    CallResult result = call(name, std::move(args));
    if (!result.trap)
      return std::nullopt;
    return result.trap->kind();
  }

  runtime::Store store_;
  std::unique_ptr<engine::Engine> engine_;
  std::optional<runtime::CallContext> context_;
  runtime::ModuleInstance *instance_ = nullptr;
};

// Values with exact bits.
inline Value i32v(int32_t v) { return Value::i32(v); }
inline Value i64v(int64_t v) { return Value::i64(v); }
inline Value f32b(uint32_t bits) { return Value::fromBits(wasm::ValType::F32, bits); }
inline Value f64b(uint64_t bits) { return Value::fromBits(wasm::ValType::F64, bits); }
inline Value f32v(float v) { return Value::f32(v); }
inline Value f64v(double v) { return Value::f64(v); }
inline uint32_t bitsOf(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  return bits;
}
inline uint64_t bitsOf(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  return bits;
}

constexpr uint32_t kF32CanonicalNan = 0x7fc00000;
constexpr uint64_t kF64CanonicalNan = 0x7ff8000000000000;
inline bool isCanonicalNan32(uint32_t bits) { return (bits & 0x7fffffff) == kF32CanonicalNan; }
inline bool isCanonicalNan64(uint64_t bits) {
  return (bits & 0x7fffffffffffffff) == kF64CanonicalNan;
}
/// An arithmetic NaN: the quiet bit set, any payload.
inline bool isArithmeticNan32(uint32_t bits) { return (bits & 0x7fc00000) == 0x7fc00000; }
inline bool isArithmeticNan64(uint64_t bits) {
  return (bits & 0x7ff8000000000000) == 0x7ff8000000000000;
}

#define STRATA_ENGINE_TESTS(Suite)                                                                 \
  INSTANTIATE_TEST_SUITE_P(                                                                        \
      Engines, Suite, ::testing::ValuesIn(::strata::test::testedEngines()),                        \
      [](const ::testing::TestParamInfo<std::string> &info) { return info.param; })

} // namespace strata::test
