// The jit engine's lazy compilation: a function compiles at its first call, and while it runs a
// background thread compiles the functions it calls (compile-threads), so that they are ready
// before their own first call, small ones several to a unit (batch-bytes); a function that
// cannot compile is an error at its first call only.
#include "strata/api/Runtime.h"
#include "strata/engine/Engine.h"

#include "TestUtil.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <initializer_list>
#include <string>
#include <thread>
#include <utility>

using namespace strata;
using namespace strata::api;

namespace {

const char *kCallers = R"((module
  (func $leaf (export "leaf") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func $middle (export "middle") (param i32) (result i32)
    (i32.add (call $leaf (local.get 0)) (i32.const 1)))
  ;; Calls $middle only when asked to: its first run leaves $middle to the background.
  (func (export "top") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (call $middle (local.get 0)))
      (else (i32.const -1))))))";

std::unique_ptr<Runtime> jitRuntime(const std::string &threads) {
  RuntimeConfig config;
  config.engine = "jit";
  config.engineOptions.settings["compile-threads"] = threads;
  auto runtime = Runtime::create(config);
  EXPECT_TRUE(runtime) << runtime.error().message();
  return runtime ? std::move(*runtime) : nullptr;
}

/// A number from the engine's "compilation" statistics, e.g. "units".
uint64_t compileStat(const Runtime &runtime, const std::string &key) {
  boost::json::object stats = boost::json::parse(runtime.engine().compileStatsJson()).as_object();
  const boost::json::value *value = stats.if_contains(key);
  return value ? value->to_number<uint64_t>() : ~uint64_t(0);
}

int32_t callI32(Instance &instance, const char *name, int32_t argument) {
  auto function = instance.function(name);
  EXPECT_TRUE(function) << function.error().message();
  CallResult result = function->call({Value::i32(argument)});
  EXPECT_TRUE(result) << result.message();
  return result && result.values().size() == 1 ? result.values()[0].i32() : INT32_MIN;
}

TEST(LazyJit, CalleesOfAFunctionThatRanCompileInTheBackground) {
  std::unique_ptr<Runtime> runtime = jitRuntime("1");
  ASSERT_TRUE(runtime);
  auto compiled = runtime->compile(test::wat(kCallers));
  ASSERT_TRUE(compiled) << compiled.error().message();
  auto instance = runtime->instantiate(*compiled, {}, "callers");
  ASSERT_TRUE(instance) << instance.error().message();
  EXPECT_EQ(compileStat(*runtime, "units"), 0u);
  EXPECT_EQ(callI32(*instance, "top", 0), -1);
  // top ran: middle, which it calls, compiles on the background thread.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (compileStat(*runtime, "background_units") < 1 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(compileStat(*runtime, "background_units"), 1u);
  EXPECT_EQ(compileStat(*runtime, "units"), 2u);
  // Its first call finds it compiled, and starts leaf's compile in turn.
  EXPECT_EQ(callI32(*instance, "top", 5), 16);
  EXPECT_EQ(callI32(*instance, "middle", 2), 7);
  EXPECT_EQ(callI32(*instance, "leaf", 4), 12);
  EXPECT_EQ(compileStat(*runtime, "units"), 3u);
}

TEST(LazyJit, WithoutCompileThreadsEachFunctionCompilesAtItsFirstCall) {
  std::unique_ptr<Runtime> runtime = jitRuntime("0");
  ASSERT_TRUE(runtime);
  auto compiled = runtime->compile(test::wat(kCallers));
  ASSERT_TRUE(compiled);
  auto instance = runtime->instantiate(*compiled, {}, "callers");
  ASSERT_TRUE(instance);
  EXPECT_EQ(callI32(*instance, "top", 0), -1);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(compileStat(*runtime, "units"), 1u);
  EXPECT_EQ(callI32(*instance, "top", 5), 16);
  EXPECT_EQ(compileStat(*runtime, "units"), 3u);
  EXPECT_EQ(compileStat(*runtime, "background_units"), 0u);
}

/// The jit engine refuses each of `values` for option `key`, naming the option.
void expectRejected(const std::string &key, std::initializer_list<const char *> values) {
  for (const char *bad : values) {
    RuntimeConfig config;
    config.engine = "jit";
    config.engineOptions.settings[key] = bad;
    auto runtime = Runtime::create(config);
    ASSERT_FALSE(runtime) << key << "=" << bad;
    EXPECT_NE(runtime.error().message().find(key), std::string::npos);
  }
}

TEST(LazyJit, CompileThreadsMustBeACount) {
  expectRejected("compile-threads", {"x", "", "-1", "65", "2y"});
}

TEST(LazyJit, FunctionsAboveMaxOptimizedBytesCompileAtLevelZero) {
  // kCallers' functions have no loops: either limit applies to them.
  for (const char *key : {"max-optimized-bytes", "max-optimized-loopless-bytes"})
    for (auto [limit, atLevelZero] :
         {std::pair{"1", 3u}, std::pair{"0", 0u}, std::pair{"", 0u}}) {
      SCOPED_TRACE(std::string(key) + "=" + limit);
      RuntimeConfig config;
      config.engine = "jit";
      config.engineOptions.settings["compile-threads"] = "0";
      if (*limit)
        config.engineOptions.settings[key] = limit;
      auto runtime = Runtime::create(config);
      ASSERT_TRUE(runtime) << runtime.error().message();
      auto compiled = (*runtime)->compile(test::wat(kCallers));
      ASSERT_TRUE(compiled);
      auto instance = (*runtime)->instantiate(*compiled, {}, "callers");
      ASSERT_TRUE(instance);
      EXPECT_EQ(callI32(*instance, "top", 5), 16);
      EXPECT_EQ(compileStat(**runtime, "units"), 3u);
      EXPECT_EQ(compileStat(**runtime, "units_at_level_0"), atLevelZero);
    }
  expectRejected("max-optimized-bytes", {"x", "", "-1", "2y"});
  expectRejected("max-optimized-loopless-bytes", {"x", "", "-1", "2y"});
}

const char *kSmallCallees = R"((module
  (func $a (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $b (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $c (param i32) (result i32) (i32.sub (local.get 0) (i32.const 3)))
  (func $d (param i32) (result i32) (i32.xor (local.get 0) (i32.const 4)))
  ;; Calls the others only when asked to: its first run leaves all four to the background.
  (func (export "all") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (i32.add (call $a (local.get 0)) (call $b (local.get 0)))
                     (i32.add (call $c (local.get 0)) (call $d (local.get 0)))))
      (else (i32.const -1))))))";

/// Runs all(0), waits until the background has compiled `wasmBytes` of code (all of it when
/// 0: until five units), checks all(5), and returns the units and the bytes compiled.
std::pair<uint64_t, uint64_t> compileSmallCallees(const char *batchBytes, uint64_t wasmBytes) {
  RuntimeConfig config;
  config.engine = "jit";
  config.engineOptions.settings["compile-threads"] = "1";
  config.engineOptions.settings["batch-bytes"] = batchBytes;
  auto runtime = Runtime::create(config);
  EXPECT_TRUE(runtime) << runtime.error().message();
  if (!runtime)
    return {};
  auto compiled = (*runtime)->compile(test::wat(kSmallCallees));
  EXPECT_TRUE(compiled) << compiled.error().message();
  auto instance = (*runtime)->instantiate(*compiled, {}, "callees");
  EXPECT_TRUE(instance) << instance.error().message();
  if (!compiled || !instance)
    return {};
  EXPECT_EQ(callI32(*instance, "all", 0), -1);
  auto done = [&] {
    return wasmBytes ? compileStat(**runtime, "wasm_bytes") >= wasmBytes
                     : compileStat(**runtime, "units") >= 5;
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!done() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  uint64_t units = compileStat(**runtime, "units");
  uint64_t bytes = compileStat(**runtime, "wasm_bytes");
  EXPECT_EQ(callI32(*instance, "all", 5), 6 + 10 + 2 + 1);
  EXPECT_EQ(compileStat(**runtime, "units"), units); // nothing left to compile at the call
  return {units, bytes};
}

TEST(LazyJit, SmallFunctionsCompiledAheadShareUnits) {
  auto [unbatchedUnits, allBytes] = compileSmallCallees("0", 0);
  EXPECT_EQ(unbatchedUnits, 5u);
  // The four callees, queued together, take one or two background units (two when the queue
  // thread starts on the first before the others are queued).
  auto [batchedUnits, batchedBytes] = compileSmallCallees("4096", allBytes);
  EXPECT_EQ(batchedBytes, allBytes);
  EXPECT_GE(batchedUnits, 2u);
  EXPECT_LE(batchedUnits, 3u);
  // Callees larger than a quarter of batch-bytes compile alone.
  auto [tinyBatchUnits, tinyBatchBytes] = compileSmallCallees("8", allBytes);
  EXPECT_EQ(tinyBatchUnits, 5u);
  expectRejected("batch-bytes", {"x", "", "-1", "2y"});
}

TEST(LazyJit, EveryLlvmPipelineAndInstructionSelectorRuns) {
  for (const char *pipeline : {"lean", "clang"})
    for (const char *fastIsel : {"off", "on"}) {
      SCOPED_TRACE(std::string(pipeline) + ", fast-isel=" + fastIsel);
      RuntimeConfig config;
      config.engine = "jit";
      config.engineOptions.settings["llvm-pipeline"] = pipeline;
      config.engineOptions.settings["fast-isel"] = fastIsel;
      auto runtime = Runtime::create(config);
      ASSERT_TRUE(runtime) << runtime.error().message();
      auto compiled = (*runtime)->compile(test::wat(kCallers));
      ASSERT_TRUE(compiled) << compiled.error().message();
      auto instance = (*runtime)->instantiate(*compiled, {}, "callers");
      ASSERT_TRUE(instance) << instance.error().message();
      EXPECT_EQ(callI32(*instance, "top", 5), 16);
      EXPECT_EQ(callI32(*instance, "top", 0), -1);
    }
  expectRejected("llvm-pipeline", {"", "O2", "Lean", "default"});
  expectRejected("fast-isel", {"", "yes", "1"});
}

} // namespace
