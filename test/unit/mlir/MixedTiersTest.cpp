// Native code of the jit engine together with the interpreter and host functions in one store:
// calls in every direction, traps crossing tiers, recursion through the native stack limit,
// interruption, and guard-page bounds checks.
#include "TestUtil.h"

#include "strata/engine/BuiltinEngines.h"
#include "strata/engine/Instantiate.h"
#include "strata/mlir/JitEngine.h"

#include <gtest/gtest.h>

#include <chrono>

namespace strata {
namespace {

using runtime::Extern;
using runtime::TrapKind;
using runtime::Value;

class MixedTiersTest : public ::testing::Test {
protected:
  void SetUp() override {
    engine::registerBuiltinEngines();
    interp = std::move(*engine::createEngine(engine::kInterpEngine));
    jit = std::move(*engine::createEngine(engine::kJitEngine));
  }

  runtime::ModuleInstance *instantiate(engine::Engine &engine, const std::string &text,
                                       const std::string &name) {
    auto instance = engine::instantiate(store, engine, test::loadModule(text), imports, {name});
    EXPECT_TRUE(instance) << (instance ? "" : instance.error().message());
    if (!instance)
      return nullptr;
    imports.defineInstance(name, **instance);
    return *instance;
  }

  /// Calls an export; the trap, if any, lands in `trap`.
  std::vector<Value> call(runtime::ModuleInstance &instance, const std::string &name,
                          std::vector<Value> args, std::unique_ptr<runtime::Trap> *trap = nullptr) {
    runtime::FunctionInstance *function = instance.exportedFunction(name);
    EXPECT_NE(function, nullptr) << name;
    auto callEngine = engine::newCallEngine(*function);
    EXPECT_TRUE(callEngine);
    auto results = (*callEngine)->callValues(context, args, trap);
    return results ? *results : std::vector<Value>{};
  }

  runtime::Store store;
  runtime::CallContext context{store};
  runtime::ImportMap imports;
  std::unique_ptr<engine::Engine> interp, jit;
};

// even/odd mutual recursion alternating between an interpreted and a compiled module.
const char *kEvenInterp = R"((module
  (import "odd" "odd" (func $odd (param i32) (result i32)))
  (func (export "even") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
      (else (call $odd (i32.sub (local.get 0) (i32.const 1)))))))
)";

TEST_F(MixedTiersTest, RecursionAlternatesBetweenTiers) {
  // odd is compiled and calls the interpreter's even through a forwarding host function, which
  // breaks the cycle of imports between the two modules.
  runtime::ModuleInstance *evenModule = nullptr;
  runtime::FunctionInstance &forward = store.createHostFunction(
      wasm::FuncType{{wasm::ValType::I32}, {wasm::ValType::I32}},
      [&evenModule](runtime::HostCallContext &host, std::span<uint64_t> slots) {
        auto callee = engine::newCallEngine(*evenModule->exportedFunction("even"), host.caller);
        return (*callee)->call(host.context, slots);
      },
      "forward.even");
  imports.define("even", "even", Extern(&forward));
  runtime::ModuleInstance *oddModule = instantiate(*jit, R"((module
    (import "even" "even" (func $even (param i32) (result i32)))
    (func (export "odd") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (call $even (i32.sub (local.get 0) (i32.const 1)))))))
  )",
                                                   "odd");
  ASSERT_NE(oddModule, nullptr);
  evenModule = instantiate(*interp, kEvenInterp, "evenModule");
  ASSERT_NE(evenModule, nullptr);
  for (int n : {0, 1, 7, 100, 501}) {
    auto results = call(*evenModule, "even", {Value::i32(n)});
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].i32(), n % 2 == 0) << n;
    results = call(*oddModule, "odd", {Value::i32(n)});
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].i32(), n % 2 == 1) << n;
  }
}

TEST_F(MixedTiersTest, CompiledCodeCallsInterpretedCodeAndHost) {
  runtime::FunctionInstance &twice = store.createHostFunction(
      wasm::FuncType{{wasm::ValType::I64}, {wasm::ValType::I64}},
      [](runtime::HostCallContext &, std::span<uint64_t> slots) {
        slots[0] *= 2;
        return runtime::CallStatus();
      },
      "host.twice");
  imports.define("host", "twice", Extern(&twice));
  ASSERT_TRUE(instantiate(*interp, R"((module
    (func (export "add3") (param i32 f64 i64) (result f64 i64)
      (f64.add (local.get 1) (f64.convert_i32_s (local.get 0)))
      (i64.add (local.get 2) (i64.const 1))))
  )",
                          "lib"));
  runtime::ModuleInstance *main = instantiate(*jit, R"((module
    (import "lib" "add3" (func $add3 (param i32 f64 i64) (result f64 i64)))
    (import "host" "twice" (func $twice (param i64) (result i64)))
    (func (export "run") (result f64 i64)
      (call $add3 (i32.const 2) (f64.const 0.5) (call $twice (i64.const 20)))))
  )",
                                                "main");
  ASSERT_NE(main, nullptr);
  auto results = call(*main, "run", {});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].f64(), 2.5);
  EXPECT_EQ(results[1].i64(), 41);
}

TEST_F(MixedTiersTest, TrapInInterpretedCalleeReachesCompiledCaller) {
  ASSERT_TRUE(instantiate(*interp, R"((module
    (func (export "boom") (param i32) (result i32)
      (if (local.get 0) (then unreachable)) (i32.const 7)))
  )",
                          "lib"));
  runtime::ModuleInstance *main = instantiate(*jit, R"((module
    (import "lib" "boom" (func $boom (param i32) (result i32)))
    (func (export "run") (param i32) (result i32)
      (i32.add (call $boom (local.get 0)) (i32.const 1))))
  )",
                                                "main");
  ASSERT_NE(main, nullptr);
  std::unique_ptr<runtime::Trap> trap;
  call(*main, "run", {Value::i32(1)}, &trap);
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind(), TrapKind::Unreachable);
  EXPECT_EQ(context.depth(), 0u);
  // The engine stays usable.
  auto results = call(*main, "run", {Value::i32(0)});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].i32(), 8);
}

TEST_F(MixedTiersTest, HostCallbackTrapUnwindsCompiledFrames) {
  runtime::FunctionInstance &fail = store.createHostFunction(
      wasm::FuncType{{}, {}},
      [](runtime::HostCallContext &, std::span<uint64_t>) {
        return runtime::CallStatus(runtime::Trap(TrapKind::HostError, "refused"));
      },
      "host.fail");
  imports.define("host", "fail", Extern(&fail));
  runtime::ModuleInstance *main = instantiate(*jit, R"((module
    (import "host" "fail" (func $fail))
    (func $deep (param i32)
      (if (local.get 0) (then (call $deep (i32.sub (local.get 0) (i32.const 1))))
        (else (call $fail))))
    (func (export "run") (call $deep (i32.const 50))))
  )",
                                                "main");
  ASSERT_NE(main, nullptr);
  std::unique_ptr<runtime::Trap> trap;
  call(*main, "run", {}, &trap);
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind(), TrapKind::HostError);
  EXPECT_NE(trap->message().find("refused"), std::string::npos);
}

const char *kRecursion = R"((module
  (func $down (export "down") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 0))
      (else (i64.add (i64.const 1) (call $down (i64.sub (local.get 0) (i64.const 1))))))))
)";

TEST_F(MixedTiersTest, UnboundedRecursionExhaustsTheStackAndRecovers) {
  runtime::ModuleInstance *main = instantiate(*jit, kRecursion, "main");
  ASSERT_NE(main, nullptr);
  std::unique_ptr<runtime::Trap> trap;
  call(*main, "down", {Value::i64(int64_t(1) << 40)}, &trap);
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind(), TrapKind::CallStackExhausted);
  auto results = call(*main, "down", {Value::i64(1000)});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].i64(), 1000);
}

TEST_F(MixedTiersTest, DeadlineInterruptsALoop) {
  runtime::ModuleInstance *main = instantiate(*jit, R"((module
    (func (export "spin") (loop $l (br $l))))
  )",
                                                "main");
  ASSERT_NE(main, nullptr);
  context.setDeadline(runtime::CallContext::Clock::now() + std::chrono::milliseconds(50));
  std::unique_ptr<runtime::Trap> trap;
  call(*main, "spin", {}, &trap);
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind(), TrapKind::Interrupted);
}

const char *kMemory = R"((module
  (memory 1)
  (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
)";

TEST_F(MixedTiersTest, OutOfBoundsAccessesTrapWithEitherBoundsCheck) {
  for (const char *mode : {"guard-pages", "explicit"}) {
    SCOPED_TRACE(mode);
    engine::EngineOptions options;
    options.settings["bounds-checks"] = mode;
    auto engine = std::move(*engine::createEngine(engine::kJitEngine, options));
    runtime::ModuleInstance *main = instantiate(*engine, kMemory, std::string("m-") + mode);
    ASSERT_NE(main, nullptr);
    call(*main, "store", {Value::i32(65532), Value::i32(99)});
    auto results = call(*main, "load", {Value::i32(65528)});
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].i32(), 99);
    for (int32_t address : {65529, 65536, -1, -4}) {
      std::unique_ptr<runtime::Trap> trap;
      call(*main, "load", {Value::i32(address)}, &trap);
      ASSERT_TRUE(trap) << address;
      EXPECT_EQ(trap->kind(), TrapKind::MemoryOutOfBounds) << address;
    }
    // After growing, the same address is in bounds.
    call(*main, "grow", {Value::i32(1)});
    results = call(*main, "load", {Value::i32(65536)});
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].i32(), 0);
  }
}

} // namespace
} // namespace strata
