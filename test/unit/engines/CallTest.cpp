// Calls: recursion and its depth limit (a trap, never a crash), host functions in both
// directions, traps with their WebAssembly stack trace, interruption from another thread and by
// deadline, calls across instances, and an engine that stays usable after every kind of trap.
#include "EngineFixture.h"

#include <chrono>
#include <thread>

namespace strata::test {
namespace {

using runtime::TrapKind;
using wasm::ValType;

const char *kRecursion = R"((module
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))
      (else (i32.const 0))))
  (func $forever (export "forever") (call $forever))
  (func $fib (export "fib") (param i64) (result i64)
    (if (result i64) (i64.lt_u (local.get 0) (i64.const 2))
      (then (local.get 0))
      (else (i64.add (call $fib (i64.sub (local.get 0) (i64.const 1)))
                     (call $fib (i64.sub (local.get 0) (i64.const 2)))))))
  (func $even (export "even") (param i32) (result i32)
    (if (result i32) (local.get 0) (then (call $odd (i32.sub (local.get 0) (i32.const 1))))
      (else (i32.const 1))))
  (func $odd (param i32) (result i32)
    (if (result i32) (local.get 0) (then (call $even (i32.sub (local.get 0) (i32.const 1))))
      (else (i32.const 0))))
  (func $many (param i32 i64 f32 f64 i32 i64 f32 f64) (result f64 i64 i32)
    (f64.add (f64.promote_f32 (f32.add (local.get 2) (local.get 6)))
             (f64.add (local.get 3) (local.get 7)))
    (i64.add (local.get 1) (local.get 5))
    (i32.sub (local.get 0) (local.get 4)))
  (func (export "many") (result f64 i64 i32)
    (call $many (i32.const 10) (i64.const 20) (f32.const 1.5) (f64.const 2.5)
                (i32.const 3) (i64.const 4) (f32.const 0.5) (f64.const 0.25)))
))";

class CallTest : public EngineTest {};

TEST_P(CallTest, Recursion) {
  load(kRecursion);
  EXPECT_EQ(i64("fib", {i64v(20)}), 6765);
  EXPECT_EQ(i32("even", {i32v(1001)}), 0);
  EXPECT_EQ(i32("even", {i32v(1000)}), 1);
  CallResult many = call("many");
  ASSERT_EQ(many.values.size(), 3u);
  EXPECT_EQ(many.values[0].f64(), 4.75);
  EXPECT_EQ(many.values[1].i64(), 24);
  EXPECT_EQ(many.values[2].i32(), 7);
}

TEST_P(CallTest, DepthLimitIsExactAndTraps) {
  load(kRecursion);
  context_->setMaxCallDepth(100);
  EXPECT_EQ(i32("rec", {i32v(99)}), 99); // 100 frames
  EXPECT_EQ(trapOf("rec", {i32v(100)}), TrapKind::CallStackExhausted);
  EXPECT_EQ(context_->depth(), 0u);
  EXPECT_EQ(i32("rec", {i32v(50)}), 50);
}

TEST_P(CallTest, DeepRecursionAtTheDefaultLimit) {
  load(kRecursion);
  ASSERT_EQ(context_->maxCallDepth(), runtime::CallContext::kDefaultMaxCallDepth);
  EXPECT_EQ(i32("rec", {i32v(9990)}), 9990);
  EXPECT_EQ(trapOf("rec", {i32v(100000)}), TrapKind::CallStackExhausted);
  CallResult forever = call("forever");
  ASSERT_TRUE(forever.trap);
  EXPECT_EQ(forever.trap->kind(), TrapKind::CallStackExhausted);
  EXPECT_EQ(forever.trap->message(), "call stack exhausted");
  EXPECT_EQ(i32("rec", {i32v(10)}), 10); // usable after the trap
}

TEST_P(CallTest, LargeFramesExhaustTheStackWithATrap) {
  std::string locals = "(local";
  for (int i = 0; i < 4000; ++i)
    locals += " i64";
  locals += ")";
  load("(module (func $big (export \"big\") (param i32) (result i32) " + locals + R"(
    (local.set 1 (i64.const 1))
    (if (result i32) (local.get 0)
      (then (call $big (i32.sub (local.get 0) (i32.const 1))))
      (else (i32.wrap_i64 (local.get 4000)))))))");
  EXPECT_EQ(i32("big", {i32v(10)}), 0); // locals start at zero in every frame
  // 9000 frames of 32 KB pass the interpreter's value stack. Compiled code keeps unused
  // locals out of its frames and may finish; it must not crash either way.
  CallResult deep = call("big", {i32v(9000)});
  if (deep.trap)
    EXPECT_EQ(deep.trap->kind(), TrapKind::CallStackExhausted);
  else
    EXPECT_NE(GetParam(), "interp");
  EXPECT_EQ(i32("big", {i32v(3)}), 0);
}

TEST_P(CallTest, TrapsCarryAWasmStackTrace) {
  runtime::ModuleInstance *instance = load(R"((module
    (func $a (export "a") (call $b))
    (func $b (nop) (call $c))
    (func $c (unreachable))))");
  CallResult result = call("a");
  ASSERT_TRUE(result.trap);
  EXPECT_EQ(result.trap->kind(), TrapKind::Unreachable);
  const auto &trace = result.trap->trace();
  // Native callers are found by unwinding (LLVM inlines none of these), without offsets.
  ASSERT_EQ(trace.size(), 3u) << result.trap->describe();
  const wasm::Module &module = instance->module();
  for (uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(trace[i].function, 2 - i) << result.trap->describe();
    EXPECT_EQ(trace[i].module, "test");
  }
  EXPECT_EQ(trace[0].offset, module.body(2).codeOffset);
  if (!runsOnInterpreterFrames())
    return;
  EXPECT_EQ(trace[1].offset, module.body(1).codeOffset + 1); // after the nop
  EXPECT_EQ(trace[2].offset, module.body(0).codeOffset);
}

// Callees that grow the memory, and a trap several calls deep, direct and indirect: the
// baseline tier makes these calls natively, and its callers must see the memory as it is now
// and leave every frame in the trace.
TEST_P(CallTest, CalleesGrowMemoryAndTrapDeepDirectlyAndIndirectly) {
  runtime::ModuleInstance *instance = load(R"((module
    (memory 1)
    (type $toI32 (func (result i32)))
    (type $load (func (param i32) (result i32)))
    (table funcref (elem $grow $d))
    (func $grow (result i32) (memory.grow (i32.const 1)))
    (func (export "growThenStore") (result i32)
      (drop (call $grow))
      (i32.store (i32.const 70000) (i32.const 7))
      (drop (call_indirect (type $toI32) (i32.const 0)))
      (i32.store (i32.const 140000) (i32.const 9))
      (i32.add (i32.load (i32.const 70000)) (i32.load (i32.const 140000))))
    (func $a (export "a") (param i32) (result i32) (call $b (local.get 0)))
    (func $b (param i32) (result i32) (nop) (call $c (local.get 0)))
    (func $c (param i32) (result i32) (call_indirect (type $load) (local.get 0) (i32.const 1)))
    (func $d (param i32) (result i32) (i32.load (local.get 0)))))");
  EXPECT_EQ(i32("growThenStore"), 16);
  EXPECT_EQ(i32("a", {i32v(3 * 65536 - 4)}), 0);
  CallResult result = call("a", {i32v(3 * 65536 - 3)});
  ASSERT_TRUE(result.trap);
  EXPECT_EQ(result.trap->kind(), TrapKind::MemoryOutOfBounds);
  const auto &trace = result.trap->trace();
  ASSERT_EQ(trace.size(), 4u) << result.trap->describe();
  for (uint32_t i = 0; i < 4; ++i)
    EXPECT_EQ(trace[i].function, 5 - i) << result.trap->describe();
  EXPECT_EQ(context_->depth(), 0u);
  if (!runsOnInterpreterFrames())
    return;
  const wasm::Module &module = instance->module();
  EXPECT_EQ(trace[0].offset, module.body(5).codeOffset + 2); // the load, after local.get 0
  EXPECT_EQ(trace[2].offset, module.body(3).codeOffset + 3); // the call, after nop and local.get
}

TEST_P(CallTest, HostFunctionsInBothDirections) {
  wasm::FuncType binary{{ValType::I32, ValType::I32}, {ValType::I32}};
  runtime::FunctionInstance *callback = nullptr;
  auto &add = store_.createHostFunction(
      binary,
      [](runtime::HostCallContext &, std::span<uint64_t> slots) -> runtime::CallStatus {
        slots[0] = uint32_t(slots[0] + slots[1]);
        return {};
      },
      "add");
  // Calls back into WebAssembly, which calls the host again.
  auto &reenter = store_.createHostFunction(
      binary,
      [&](runtime::HostCallContext &host, std::span<uint64_t> slots) -> runtime::CallStatus {
        auto engine = engine::newCallEngine(*callback, host.caller);
        if (!engine)
          return runtime::Trap(TrapKind::HostError, engine.error().message());
        return (*engine)->call(host.context, slots);
      },
      "reenter");
  auto &peek = store_.createHostFunction(
      wasm::FuncType{{ValType::I32}, {ValType::I32}},
      [](runtime::HostCallContext &host, std::span<uint64_t> slots) -> runtime::CallStatus {
        runtime::MemoryInstance *memory = host.callerMemory();
        if (!memory)
          return runtime::Trap(TrapKind::HostError, "no memory");
        slots[0] = memory->base()[slots[0]];
        return {};
      },
      "peek");
  runtime::ImportMap imports;
  imports.define("env", "add", &add);
  imports.define("env", "reenter", &reenter);
  imports.define("env", "peek", &peek);
  load(R"((module
    (import "env" "add" (func $add (param i32 i32) (result i32)))
    (import "env" "reenter" (func $reenter (param i32 i32) (result i32)))
    (import "env" "peek" (func $peek (param i32) (result i32)))
    (memory 1) (data (i32.const 3) "\2a")
    (func (export "add") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1)))
    (func (export "callback") (param i32 i32) (result i32)
      (i32.mul (call $add (local.get 0) (local.get 1)) (i32.const 10)))
    (func (export "roundtrip") (param i32) (result i32)
      (i32.add (i32.const 1) (call $reenter (local.get 0) (i32.const 2))))
    (func (export "peek") (result i32) (call $peek (i32.const 3)))))",
       imports);
  callback = instance_->exportedFunction("callback");
  EXPECT_EQ(i32("add", {i32v(40), i32v(2)}), 42);
  EXPECT_EQ(i32("roundtrip", {i32v(5)}), 71);
  EXPECT_EQ(i32("peek"), 42);
}

TEST_P(CallTest, HostTrapsAndExceptionsBecomeTraps) {
  wasm::FuncType nullary{{}, {}};
  auto &fail = store_.createHostFunction(
      nullary,
      [](runtime::HostCallContext &, std::span<uint64_t>) -> runtime::CallStatus {
        return runtime::Trap(TrapKind::HostError, "boom");
      },
      "fail");
  auto &raise = store_.createHostFunction(
      nullary,
      [](runtime::HostCallContext &, std::span<uint64_t>) -> runtime::CallStatus {
        throw std::runtime_error("thrown");
      },
      "raise");
  runtime::ImportMap imports;
  imports.define("env", "fail", &fail);
  imports.define("env", "raise", &raise);
  load(R"((module
    (import "env" "fail" (func $fail))
    (import "env" "raise" (func $raise))
    (func $inner (call $fail))
    (func (export "fail") (call $inner))
    (func (export "raise") (call $raise))
    (func (export "ok") (result i32) (i32.const 1))))",
       imports);
  CallResult failed = call("fail");
  ASSERT_TRUE(failed.trap);
  EXPECT_EQ(failed.trap->kind(), TrapKind::HostError);
  EXPECT_EQ(failed.trap->detail(), "boom");
  if (runsOnInterpreterFrames()) {
    ASSERT_EQ(failed.trap->trace().size(), 2u) << failed.trap->describe();
    EXPECT_EQ(failed.trap->trace()[0].function, 2u);
    EXPECT_EQ(failed.trap->trace()[1].function, 3u);
  }
  CallResult raised = call("raise");
  ASSERT_TRUE(raised.trap);
  EXPECT_EQ(raised.trap->detail(), "thrown");
  EXPECT_EQ(i32("ok"), 1);
  EXPECT_EQ(context_->depth(), 0u);
}

TEST_P(CallTest, HostRecursionTrapsInsteadOfOverflowing) {
  runtime::FunctionInstance *wasmRec = nullptr;
  auto &hostRec = store_.createHostFunction(
      wasm::FuncType{{ValType::I32}, {ValType::I32}},
      [&](runtime::HostCallContext &host, std::span<uint64_t> slots) -> runtime::CallStatus {
        auto engine = engine::newCallEngine(*wasmRec, host.caller);
        if (!engine)
          return runtime::Trap(TrapKind::HostError, engine.error().message());
        return (*engine)->call(host.context, slots);
      },
      "rec");
  runtime::ImportMap imports;
  imports.define("env", "rec", &hostRec);
  load(R"((module
    (import "env" "rec" (func $host (param i32) (result i32)))
    (func (export "rec") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (i32.add (i32.const 1) (call $host (i32.sub (local.get 0) (i32.const 1)))))
        (else (i32.const 0))))))",
       imports);
  wasmRec = instance_->exportedFunction("rec");
  EXPECT_EQ(i32("rec", {i32v(100)}), 100);
  EXPECT_EQ(trapOf("rec", {i32v(1000000)}), TrapKind::CallStackExhausted);
  EXPECT_EQ(context_->depth(), 0u);
  EXPECT_EQ(i32("rec", {i32v(10)}), 10);
}

const char *kSpinners = R"((module
  (func (export "spin") (loop (br 0)))
  (func (export "spin_if") (param i32) (loop (br_if 0 (i32.lt_u (local.get 0) (i32.const 10)))))
  (func (export "spin_table") (param i32) (loop (br_table 0 0 (local.get 0))))
  (func $down (export "recurse") (param i32)
    (if (local.get 0) (then (call $down (i32.sub (local.get 0) (i32.const 1)))
                            (call $down (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "ok") (result i32) (i32.const 7))))";

TEST_P(CallTest, InterruptFromAnotherThread) {
  load(kSpinners);
  for (const char *name : {"spin", "spin_if", "spin_table", "recurse"}) {
    std::thread interrupter([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      context_->interrupt();
    });
    std::vector<Value> args;
    if (std::string(name) != "spin")
      args.push_back(i32v(std::string(name) == "recurse" ? 60 : 0));
    CallResult result = call(name, args);
    interrupter.join();
    ASSERT_TRUE(result.trap) << name;
    EXPECT_EQ(result.trap->kind(), TrapKind::Interrupted) << name;
    EXPECT_FALSE(result.trap->trace().empty()) << name;
    context_->clearInterrupt();
    EXPECT_EQ(i32("ok"), 7) << name;
  }
}

// The interrupt is already set when the call starts: the trap comes at the callee's entry,
// before its first instruction, and names the callee (function indexes of kSpinners).
TEST_P(CallTest, InterruptBeforeTheCallTrapsAtTheCalleesEntry) {
  load(kSpinners);
  const std::pair<const char *, uint32_t> callees[] = {
      {"ok", 4}, {"spin", 0}, {"spin_if", 1}, {"recurse", 3}};
  for (int round = 0; round < 3; ++round) { // later rounds may run tiered-up code
    for (auto [name, index] : callees) {
      context_->interrupt();
      std::vector<Value> args;
      if (std::string(name) == "spin_if" || std::string(name) == "recurse")
        args.push_back(i32v(std::string(name) == "recurse" ? 3 : 0));
      CallResult result = call(name, args);
      ASSERT_TRUE(result.trap) << name;
      EXPECT_EQ(result.trap->kind(), TrapKind::Interrupted) << name;
      ASSERT_EQ(result.trap->trace().size(), 1u) << name;
      EXPECT_EQ(result.trap->trace().front().function, index) << name;
      context_->clearInterrupt();
      EXPECT_EQ(i32("ok"), 7) << name;
      EXPECT_EQ(context_->depth(), 0u) << name;
    }
  }
  // A deadline that has passed before the call is the same case, named as a deadline.
  context_->setDeadline(runtime::CallContext::Clock::now() - std::chrono::milliseconds(1));
  CallResult late = call("ok");
  ASSERT_TRUE(late.trap);
  EXPECT_NE(late.trap->message().find("deadline"), std::string::npos);
  ASSERT_EQ(late.trap->trace().size(), 1u);
  EXPECT_EQ(late.trap->trace().front().function, 4u);
  context_->clearDeadline();
  EXPECT_EQ(i32("ok"), 7);
}

TEST_P(CallTest, DeadlineStopsALoop) {
  load(kSpinners);
  context_->setDeadline(runtime::CallContext::Clock::now() + std::chrono::milliseconds(20));
  CallResult result = call("spin");
  ASSERT_TRUE(result.trap);
  EXPECT_EQ(result.trap->kind(), TrapKind::Interrupted);
  EXPECT_NE(result.trap->message().find("deadline"), std::string::npos);
  context_->clearDeadline();
  EXPECT_EQ(i32("ok"), 7);
}

TEST_P(CallTest, CallsAcrossInstancesUseTheCalleesState) {
  runtime::ModuleInstance *a = load(R"((module
    (memory (export "mem") 1) (data (i32.const 0) "\05")
    (global $g (export "g") (mut i32) (i32.const 100))
    (table (export "table") 2 funcref) (elem (i32.const 0) $read)
    (func $read (export "read") (result i32)
      (i32.add (i32.load8_u (i32.const 0)) (global.get $g)))))",
                                    {}, "a");
  ASSERT_TRUE(a);
  runtime::ImportMap imports;
  imports.defineInstance("a", *a);
  load(R"((module
    (import "a" "read" (func $read (result i32)))
    (import "a" "table" (table 2 funcref))
    (import "a" "g" (global $g (mut i32)))
    (type $r (func (result i32)))
    (memory 1) (data (i32.const 0) "\07")
    (func $own (result i32) (i32.load8_u (i32.const 0)))
    (elem (i32.const 1) $own)
    (func (export "direct") (result i32) (i32.add (call $read) (i32.load8_u (i32.const 0))))
    (func (export "indirect") (param i32) (result i32)
      (global.set $g (i32.const 1000))
      (i32.add (call_indirect (type $r) (local.get 0)) (i32.load8_u (i32.const 0))))))",
       imports, "b");
  EXPECT_EQ(i32("direct"), 105 + 7);
  EXPECT_EQ(i32("indirect", {i32v(0)}), 1005 + 7); // a's memory, the shared global
  EXPECT_EQ(i32("indirect", {i32v(1)}), 7 + 7);
}

TEST_P(CallTest, StartFunctionRuns) {
  load(R"((module
    (global $g (mut i32) (i32.const 0))
    (func $start (global.set $g (i32.const 17)))
    (start $start)
    (func (export "g") (result i32) (global.get $g))))");
  EXPECT_EQ(i32("g"), 17);
}

STRATA_ENGINE_TESTS(CallTest);

} // namespace
} // namespace strata::test
