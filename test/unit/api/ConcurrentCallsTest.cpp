// Several threads call the same instance's exports at once, each through its own Function
// handles and CallContext, while tier-ups install code and OSR fires (tiered configurations),
// traps unwind and call stacks run out on every thread, one thread's calls are interrupted
// without touching the others', and other Runtimes instantiate the same module and drop it.
// Every result is checked. `make tsan` runs this under ThreadSanitizer (docs/testing.md).
#include "strata/api/Runtime.h"
#include "strata/engine/BuiltinEngines.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

using namespace strata;
using namespace strata::api;
using runtime::TrapKind;

namespace {

constexpr int kCallers = 4;
constexpr int kRounds = 12;
constexpr int kChurnRuntimes = 6;
constexpr int32_t kRegionBytes = 4096; // each caller's own part of the memory

const char *kModule = R"((module
  (memory 2)
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  ;; sum of i*i for i < n, in a loop (OSR)
  (func (export "squares") (param i32) (result i64) (local i64 i64)
    (block $done (loop $next
      (br_if $done (i64.ge_u (local.get 1) (i64.extend_i32_u (local.get 0))))
      (local.set 2 (i64.add (local.get 2) (i64.mul (local.get 1) (local.get 1))))
      (local.set 1 (i64.add (local.get 1) (i64.const 1)))
      (br $next)))
    (local.get 2))
  ;; writes byte (seed + i) at base + i for i < n, then returns the sum of what it reads back
  (func (export "fill") (param $base i32) (param $n i32) (param $seed i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $written (loop $write
      (br_if $written (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store8 (i32.add (local.get $base) (local.get $i))
                  (i32.add (local.get $seed) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $write)))
    (local.set $i (i32.const 0))
    (block $read (loop $sum
      (br_if $read (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $sum (i32.add (local.get $sum)
                               (i32.load8_u (i32.add (local.get $base) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $sum)))
    (local.get $sum))
  (func (export "outside") (result i32) (i32.load (i32.const 131070)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "spin") (loop $forever (br $forever))))
)";

int32_t fib(int32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int64_t squares(int64_t n) {
  int64_t sum = 0;
  for (int64_t i = 0; i < n; ++i)
    sum += i * i;
  return sum;
}

int32_t fillSum(int32_t n, int32_t seed) {
  int32_t sum = 0;
  for (int32_t i = 0; i < n; ++i)
    sum += uint8_t(seed + i);
  return sum;
}

struct ConcurrencyCase {
  std::string name;
  std::string engine;
  std::map<std::string, std::string, std::less<>> settings;
};

class ConcurrentCallsTest : public ::testing::TestWithParam<ConcurrencyCase> {
protected:
  RuntimeConfig config() const {
    RuntimeConfig config;
    config.engine = GetParam().engine;
    config.engineOptions.settings = GetParam().settings;
    return config;
  }
};

/// What went wrong on one thread, for the main thread to report.
using Failures = std::vector<std::string>;

std::string expectValue(const char *what, const CallResult &result, int64_t expected) {
  if (!result)
    return std::string(what) + ": " + result.message();
  int64_t got = result.values()[0].type() == wasm::ValType::I64 ? result.values()[0].i64()
                                                                 : result.values()[0].i32();
  if (got != expected)
    return std::string(what) + ": got " + std::to_string(got) + ", expected " +
           std::to_string(expected);
  return {};
}

std::string expectTrap(const char *what, const CallResult &result, TrapKind kind) {
  if (!result.trap() || result.trap()->kind() != kind)
    return std::string(what) + ": expected the trap `" + runtime::trapMessage(kind) +
           "`, got " + (result ? std::string("results") : result.message());
  return {};
}

/// One caller: its own handles and context, every export, kRounds times.
void callRounds(Runtime &runtime, const Instance &instance, int caller, Failures &failures) {
  std::unique_ptr<runtime::CallContext> context = runtime.newCallContext();
  Function fibF = *instance.function("fib"), squaresF = *instance.function("squares");
  Function fillF = *instance.function("fill"), outsideF = *instance.function("outside");
  Function recurseF = *instance.function("recurse");
  auto check = [&](std::string problem) {
    if (!problem.empty())
      failures.push_back("caller " + std::to_string(caller) + ": " + problem);
  };
  for (int round = 0; round < kRounds; ++round) {
    int32_t n = 14 + (caller + round) % 5;
    check(expectValue("fib", fibF.call({Value::i32(n)}, *context), fib(n)));
    int32_t count = 2000 + 100 * caller + round;
    check(expectValue("squares", squaresF.call({Value::i32(count)}, *context), squares(count)));
    int32_t seed = caller * 31 + round;
    check(expectValue("fill",
                      fillF.call({Value::i32(caller * kRegionBytes), Value::i32(kRegionBytes),
                                  Value::i32(seed)},
                                 *context),
                      fillSum(kRegionBytes, seed)));
    check(expectTrap("outside", outsideF.call({}, *context), TrapKind::MemoryOutOfBounds));
    if (round % 4 == caller % 4)
      check(expectTrap("recurse", recurseF.call({Value::i32(0)}, *context),
                       TrapKind::CallStackExhausted));
  }
}

/// Instantiates the module in fresh Runtimes and drops them, running a little of each.
void churn(const RuntimeConfig &config, const std::vector<uint8_t> &bytes, Failures &failures) {
  for (int i = 0; i < kChurnRuntimes; ++i) {
    auto runtime = Runtime::create(config);
    auto compiled = (*runtime)->compile(bytes);
    if (!compiled) {
      failures.push_back("churn: " + compiled.error().message());
      return;
    }
    auto instance = (*runtime)->instantiate(*compiled);
    if (!instance) {
      failures.push_back("churn: " + instance.error().message());
      return;
    }
    std::string problem = expectValue("churn fib", instance->function("fib")->call({Value::i32(12)}),
                                      fib(12));
    if (!problem.empty())
      failures.push_back(problem);
    problem = expectTrap("churn outside", instance->function("outside")->call({}),
                         TrapKind::MemoryOutOfBounds);
    if (!problem.empty())
      failures.push_back(problem);
  }
}

TEST_P(ConcurrentCallsTest, ThreadsShareAnInstance) {
  std::vector<uint8_t> bytes = test::wat(kModule);
  auto runtime = Runtime::create(config());
  ASSERT_TRUE(runtime) << runtime.error().message();
  auto compiled = (*runtime)->compile(bytes);
  ASSERT_TRUE(compiled) << compiled.error().message();
  auto instance = (*runtime)->instantiate(*compiled);
  ASSERT_TRUE(instance) << instance.error().message();

  // A spinning caller that only its own context's interrupt stops.
  std::unique_ptr<runtime::CallContext> spinContext = (*runtime)->newCallContext();
  std::atomic<bool> spinStarted{false};
  CallResult spinResult;
  std::thread spinner([&] {
    Function spin = *instance->function("spin");
    spinStarted = true;
    spinResult = spin.call({}, *spinContext);
  });

  std::vector<Failures> failures(kCallers + 1);
  std::vector<std::thread> threads;
  for (int caller = 0; caller < kCallers; ++caller)
    threads.emplace_back([&, caller] { callRounds(**runtime, *instance, caller, failures[caller]); });
  threads.emplace_back([&] { churn(config(), bytes, failures[kCallers]); });
  for (std::thread &thread : threads)
    thread.join();

  while (!spinStarted)
    std::this_thread::yield();
  spinContext->interrupt();
  spinner.join();
  EXPECT_EQ(expectTrap("spin", spinResult, TrapKind::Interrupted), "");
  // The Runtime's own context was never interrupted.
  CallResult after = instance->function("fib")->call({Value::i32(10)});
  EXPECT_EQ(expectValue("fib after", after, fib(10)), "");

  for (const Failures &thread : failures)
    for (const std::string &failure : thread)
      ADD_FAILURE() << failure;
}

std::vector<ConcurrencyCase> cases() {
  return {
      {"interp", "interp", {}},
      {"jit", "jit", {}},
      {"jit_explicit_checks", "jit", {{"bounds-checks", "explicit"}}},
      {"tiered", "tiered", {}},
      // Code compiled in the background arrives while the callers interpret.
      {"tiered_background", "tiered", {{"policy", "counters:calls=1,loops=1"}, {"threads", "1"}}},
      // Every caller compiles and enters OSR continuations itself, at the same time.
      {"tiered_synchronous", "tiered", {{"policy", "counters:calls=2,loops=1"}, {"threads", "0"}}},
  };
}

INSTANTIATE_TEST_SUITE_P(Engines, ConcurrentCallsTest, ::testing::ValuesIn(cases()),
                         [](const auto &info) { return info.param.name; });

} // namespace
