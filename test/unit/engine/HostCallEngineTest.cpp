#include "strata/engine/CallChecks.h"
#include "strata/engine/HostCallEngine.h"
#include "strata/runtime/Store.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

using namespace strata;
using namespace strata::runtime;
using strata::engine::newCallEngine;
using wasm::ValType;

namespace {

class HostCallEngineTest : public ::testing::Test {
protected:
  FunctionInstance &host(wasm::FuncType type, HostCallback callback) {
    return store.createHostFunction(type, std::move(callback), "host");
  }
  std::unique_ptr<engine::CallEngine> callEngine(FunctionInstance &function) {
    auto result = newCallEngine(function);
    EXPECT_TRUE(bool(result));
    return std::move(*result);
  }

  Store store;
  CallContext context{store};
};

TEST_F(HostCallEngineTest, CallsWithTypedValues) {
  FunctionInstance &add = host({{ValType::I32, ValType::I32}, {ValType::I32}},
                               [](HostCallContext &, std::span<uint64_t> slots) {
                                 slots[0] = uint32_t(slots[0] + slots[1]);
                                 return CallStatus();
                               });
  auto engine = callEngine(add);
  EXPECT_EQ(&engine->function(), &add);
  std::vector<Value> args = {Value::i32(2), Value::i32(-5)};
  auto results = engine->callValues(context, args);
  ASSERT_TRUE(bool(results)) << results.error().message();
  ASSERT_EQ(results->size(), 1u);
  EXPECT_EQ((*results)[0], Value::i32(-3));
  EXPECT_EQ(context.depth(), 0u);
}

TEST_F(HostCallEngineTest, V128TakesTwoSlots) {
  // (v128, i32) -> (i32, v128): swaps the halves of the vector.
  FunctionInstance &f = host({{ValType::V128, ValType::I32}, {ValType::I32, ValType::V128}},
                             [](HostCallContext &, std::span<uint64_t> slots) {
                               uint64_t low = slots[0], high = slots[1], n = slots[2];
                               slots[0] = n;
                               slots[1] = high;
                               slots[2] = low;
                               return CallStatus();
                             });
  EXPECT_EQ(f.paramSlots(), 3u);
  EXPECT_EQ(f.resultSlots(), 3u);
  std::vector<Value> args = {Value::v128({1, 2}), Value::i32(9)};
  auto results = callEngine(f)->callValues(context, args);
  ASSERT_TRUE(bool(results));
  EXPECT_EQ((*results)[0], Value::i32(9));
  EXPECT_EQ((*results)[1], Value::v128({2, 1}));
}

TEST_F(HostCallEngineTest, ArgumentsAreChecked) {
  int calls = 0;
  FunctionInstance &f = host({{ValType::I32, ValType::F64}, {}},
                             [&](HostCallContext &, std::span<uint64_t>) {
                               ++calls;
                               return CallStatus();
                             });
  auto engine = callEngine(f);
  std::vector<Value> tooFew = {Value::i32(1)};
  auto r1 = engine->callValues(context, tooFew);
  ASSERT_FALSE(bool(r1));
  EXPECT_EQ(r1.error().reason(), "argument count mismatch: expected 2, got 1");
  std::vector<Value> wrongType = {Value::i32(1), Value::f32(1)};
  auto r2 = engine->callValues(context, wrongType);
  ASSERT_FALSE(bool(r2));
  EXPECT_EQ(r2.error().reason(), "argument 1 type mismatch: expected f64, got f32");
  EXPECT_EQ(calls, 0);
}

TEST_F(HostCallEngineTest, TrapsComeBackAndTheEngineStaysUsable) {
  bool fail = true;
  FunctionInstance &f = host({{}, {ValType::I32}}, [&](HostCallContext &,
                                                       std::span<uint64_t> slots) {
    if (fail)
      return CallStatus(Trap(TrapKind::Unreachable));
    slots[0] = 7;
    return CallStatus();
  });
  auto engine = callEngine(f);
  std::unique_ptr<Trap> trap;
  auto failed = engine->callValues(context, {}, &trap);
  ASSERT_FALSE(bool(failed));
  EXPECT_EQ(failed.error().reason(), "unreachable");
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind(), TrapKind::Unreachable);
  EXPECT_EQ(context.depth(), 0u);
  fail = false;
  auto ok = engine->callValues(context, {});
  ASSERT_TRUE(bool(ok));
  EXPECT_EQ((*ok)[0], Value::i32(7));
}

TEST_F(HostCallEngineTest, ExceptionsBecomeHostErrors) {
  FunctionInstance &f = host({{}, {}}, [](HostCallContext &, std::span<uint64_t>) -> CallStatus {
    throw std::runtime_error("boom");
  });
  std::unique_ptr<Trap> trap;
  auto result = callEngine(f)->callValues(context, {}, &trap);
  ASSERT_FALSE(bool(result));
  EXPECT_EQ(result.error().reason(), "host function failed: boom");
  EXPECT_EQ(trap->kind(), TrapKind::HostError);
  EXPECT_EQ(context.depth(), 0u);
}

TEST_F(HostCallEngineTest, RecursionStopsAtTheDepthLimit) {
  context.setMaxCallDepth(50);
  int calls = 0;
  uint32_t deepest = 0;
  FunctionInstance *self = nullptr;
  FunctionInstance &f = host({{}, {}}, [&](HostCallContext &call, std::span<uint64_t> slots) {
    ++calls;
    deepest = std::max(deepest, call.context.depth());
    auto next = newCallEngine(*self);
    return (*next)->call(call.context, slots);
  });
  self = &f;
  std::unique_ptr<Trap> trap;
  auto result = callEngine(f)->callValues(context, {}, &trap);
  ASSERT_FALSE(bool(result));
  EXPECT_EQ(result.error().reason(), "call stack exhausted");
  EXPECT_EQ(trap->kind(), TrapKind::CallStackExhausted);
  EXPECT_EQ(calls, 50);
  EXPECT_EQ(deepest, 50u);
  EXPECT_EQ(context.depth(), 0u); // every frame was left on the way out
}

TEST_F(HostCallEngineTest, MutualRecursionThroughCallEngines) {
  context.setMaxCallDepth(100);
  std::unique_ptr<engine::CallEngine> pingEngine, pongEngine;
  int pings = 0, pongs = 0;
  FunctionInstance &ping = host({{}, {}}, [&](HostCallContext &call, std::span<uint64_t> s) {
    ++pings;
    return pongEngine->call(call.context, s);
  });
  FunctionInstance &pong = host({{}, {}}, [&](HostCallContext &call, std::span<uint64_t> s) {
    ++pongs;
    return pingEngine->call(call.context, s);
  });
  pingEngine = callEngine(ping);
  pongEngine = callEngine(pong);
  CallStatus status = pingEngine->call(context, {});
  ASSERT_FALSE(bool(status));
  EXPECT_EQ(status.trap().kind(), TrapKind::CallStackExhausted);
  EXPECT_EQ(pings + pongs, 100);
  EXPECT_EQ(pings, 50);
  EXPECT_EQ(context.depth(), 0u);
}

TEST_F(HostCallEngineTest, BoundedRecursionBelowTheLimitSucceeds) {
  context.setMaxCallDepth(20);
  std::unique_ptr<engine::CallEngine> engine;
  // sum(n) = n + sum(n - 1): 20 frames for n = 19.
  FunctionInstance &sum = host({{ValType::I32}, {ValType::I32}},
                               [&](HostCallContext &call, std::span<uint64_t> slots) {
                                 uint64_t n = slots[0];
                                 if (n == 0)
                                   return CallStatus();
                                 uint64_t inner[1] = {n - 1};
                                 if (CallStatus s = engine->call(call.context, inner); !s)
                                   return s;
                                 slots[0] = n + inner[0];
                                 return CallStatus();
                               });
  engine = callEngine(sum);
  std::vector<Value> args = {Value::i32(19)};
  auto ok = engine->callValues(context, args);
  ASSERT_TRUE(bool(ok)) << ok.error().message();
  EXPECT_EQ((*ok)[0], Value::i32(190));
  args = {Value::i32(20)}; // one frame too many
  EXPECT_FALSE(bool(engine->callValues(context, args)));
}

TEST_F(HostCallEngineTest, InterruptStopsCallsUntilCleared) {
  int calls = 0;
  FunctionInstance &f = host({{}, {}}, [&](HostCallContext &, std::span<uint64_t>) {
    ++calls;
    return CallStatus();
  });
  auto engine = callEngine(f);
  context.interrupt();
  CallStatus stopped = engine->call(context, {});
  ASSERT_FALSE(bool(stopped));
  EXPECT_EQ(stopped.trap().kind(), TrapKind::Interrupted);
  EXPECT_EQ(calls, 0);
  context.clearInterrupt();
  EXPECT_TRUE(bool(engine->call(context, {})));
  EXPECT_EQ(calls, 1);
}

TEST_F(HostCallEngineTest, InterruptFromAnotherThreadEndsALoop) {
  // The callback polls like a tier's loop back-edge would.
  FunctionInstance &spin = host({{}, {}}, [](HostCallContext &call, std::span<uint64_t>) {
    while (!engine::shouldInterrupt(call.context))
      std::this_thread::yield();
    return CallStatus(engine::interrupted(call.context));
  });
  auto engine = callEngine(spin);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    context.interrupt();
  });
  CallStatus status = engine->call(context, {});
  canceller.join();
  ASSERT_FALSE(bool(status));
  EXPECT_EQ(status.trap().kind(), TrapKind::Interrupted);
  EXPECT_EQ(status.trap().message(), "interrupted");
}

TEST_F(HostCallEngineTest, PassedDeadlineInterrupts) {
  FunctionInstance &f = host({{}, {}}, [](HostCallContext &, std::span<uint64_t>) {
    return CallStatus();
  });
  context.setDeadline(CallContext::Clock::now() - std::chrono::seconds(1));
  CallStatus status = callEngine(f)->call(context, {});
  ASSERT_FALSE(bool(status));
  EXPECT_EQ(status.trap().message(), "interrupted: deadline exceeded");
}

TEST_F(HostCallEngineTest, CallFrameScopeBalancesDepth) {
  context.setMaxCallDepth(1);
  {
    engine::CallFrameScope outer(context);
    EXPECT_TRUE(outer.ok());
    engine::CallFrameScope inner(context);
    EXPECT_FALSE(inner.ok());
    EXPECT_EQ(context.depth(), 1u);
  }
  EXPECT_EQ(context.depth(), 0u);
  EXPECT_TRUE(engine::enterCall(context));
  EXPECT_FALSE(engine::enterCall(context));
  engine::leaveCall(context);
  EXPECT_EQ(context.depth(), 0u);
}

} // namespace
