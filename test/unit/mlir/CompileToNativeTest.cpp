// compileToNative on its own: small modules compiled at every opt level and called through
// their array thunks with a hand-made VMContext (memory, globals, function and table entries
// as plain data), no instance and no engine in between. Traps need the engine's native entry
// and are covered by the engine tests.
#include "TestUtil.h"

#include "strata/engine/BuiltinEngines.h"
#include "strata/engine/Registry.h"
#include "strata/mlir/Compiler.h"
#include "strata/runtime/Memory.h"
#include "strata/runtime/Table.h"
#include "strata/runtime/VMContext.h"

#include <gtest/gtest.h>

#include <atomic>
#include <bit>
#include <cstring>
#include <map>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

namespace strata {
namespace {

using mlirtier::CompileOptions;
using mlirtier::NativeCode;
using runtime::VMContext;
using Thunk = void (*)(VMContext *, uint64_t *);

class CompileToNativeTest : public ::testing::TestWithParam<unsigned> {
protected:
  static void SetUpTestSuite() {
    // The jit engine hands the runtime functions to the JIT; the code below never calls them.
    engine::registerBuiltinEngines();
    static auto jit = engine::createEngine(engine::kJitEngine);
    ASSERT_TRUE(jit);
  }

  // The code runs on this thread without callNative: set the thread's limits meanwhile.
  void SetUp() override {
    saved = runtime::threadNativeLimits();
    runtime::threadNativeLimits().interruptFlag = &interrupt;
    runtime::threadNativeLimits().depthLeft = 1000; // frames before the depth check traps
    vmctx.limitsThreadOffset = runtime::nativeLimitsThreadOffset();
  }
  void TearDown() override { runtime::threadNativeLimits() = saved; }

  std::unique_ptr<NativeCode> compile(const std::string &text, CompileOptions options = {}) {
    module = test::loadModule(text);
    options.optLevel = GetParam();
    auto code = mlirtier::compileToNative(*module, {}, options);
    EXPECT_TRUE(code) << (code ? "" : code.error().message());
    return code ? std::move(*code) : nullptr;
  }

  /// Calls function `index` with its parameters in slots; returns the slots.
  std::vector<uint64_t> call(const NativeCode &code, uint32_t index, std::vector<uint64_t> slots,
                             size_t results = 1) {
    auto thunk = reinterpret_cast<Thunk>(code.arrayThunk(index));
    EXPECT_NE(thunk, nullptr);
    slots.resize(std::max(slots.size(), results));
    if (thunk)
      thunk(&vmctx, slots.data());
    return slots;
  }
  uint64_t call1(const NativeCode &code, uint32_t index, std::vector<uint64_t> slots) {
    return call(code, index, std::move(slots))[0];
  }

  void expectArithmetic(const NativeCode &code);

  std::shared_ptr<const wasm::Module> module;
  std::atomic<bool> interrupt{false};
  runtime::NativeLimits saved;
  VMContext vmctx;
};

uint64_t f64Bits(double value) { return std::bit_cast<uint64_t>(value); }
uint64_t f32Bits(float value) { return std::bit_cast<uint32_t>(value); }

const char *kArithmetic = R"((module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "rem") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "clz") (param i32) (result i32) (i32.clz (local.get 0)))
  (func (export "hyp") (param f64 f64) (result f64)
    (f64.sqrt (f64.add (f64.mul (local.get 0) (local.get 0))
                       (f64.mul (local.get 1) (local.get 1)))))
  (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func (export "sat") (param f64) (result i64) (i64.trunc_sat_f64_u (local.get 0)))
  (func (export "fact") (param i64) (result i64) (local i64)
    (local.set 1 (i64.const 1))
    (block (loop
      (br_if 1 (i64.eqz (local.get 0)))
      (local.set 1 (i64.mul (local.get 1) (local.get 0)))
      (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
      (br 0)))
    (local.get 1))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "swap") (param i32 f32) (result f32 i32) (local.get 1) (local.get 0))
))";

/// kArithmetic's functions give their results.
void CompileToNativeTest::expectArithmetic(const NativeCode &code) {
  EXPECT_EQ(call1(code, 0, {40, 2}), 42u);
  EXPECT_EQ(call1(code, 0, {0xffffffff, 2}), 1u); // wraps, and the upper half stays zero
  EXPECT_EQ(uint32_t(call1(code, 1, {uint32_t(-7), 2})), uint32_t(-3));
  EXPECT_EQ(call1(code, 2, {100, 7}), 2u);
  EXPECT_EQ(call1(code, 3, {1}), 31u);
  EXPECT_EQ(call1(code, 4, {f64Bits(3), f64Bits(4)}), f64Bits(5));
  EXPECT_EQ(uint32_t(call1(code, 5, {f32Bits(-2.75f)})), uint32_t(-2));
  EXPECT_EQ(call1(code, 6, {f64Bits(-1)}), 0u);
  EXPECT_EQ(call1(code, 6, {f64Bits(1e30)}), ~uint64_t(0));
  EXPECT_EQ(call1(code, 7, {20}), 2432902008176640000u);
  EXPECT_EQ(call1(code, 8, {20}), 6765u);
  std::vector<uint64_t> swapped = call(code, 9, {7, f32Bits(1.5f)}, 2);
  EXPECT_EQ(swapped[0], f32Bits(1.5f));
  EXPECT_EQ(swapped[1], 7u);
}

TEST_P(CompileToNativeTest, Arithmetic) {
  auto code = compile(kArithmetic);
  ASSERT_TRUE(code);
  expectArithmetic(*code);
}

TEST_P(CompileToNativeTest, EveryLlvmPipelineAndInstructionSelector) {
  std::map<std::pair<mlirtier::LlvmPipeline, bool>, uint64_t> codeBytes;
  for (auto pipeline : {mlirtier::LlvmPipeline::Lean, mlirtier::LlvmPipeline::Clang})
    for (bool fastInstructionSelection : {false, true}) {
      SCOPED_TRACE(std::string(mlirtier::llvmPipelineName(pipeline)) +
                   (fastInstructionSelection ? ", FastISel" : ", SelectionDAG"));
      CompileOptions options;
      options.pipeline = pipeline;
      options.fastInstructionSelection = fastInstructionSelection;
      auto code = compile(kArithmetic, options);
      ASSERT_TRUE(code);
      expectArithmetic(*code);
      codeBytes[{pipeline, fastInstructionSelection}] = code->times().codeBytes;
    }
  using mlirtier::LlvmPipeline;
  // Level 0 always selects with FastISel and runs no pipeline; above it, both options count.
  bool optimized = GetParam() > 0;
  uint64_t lean = codeBytes[{LlvmPipeline::Lean, false}];
  uint64_t leanFast = codeBytes[{LlvmPipeline::Lean, true}];
  EXPECT_EQ(lean != leanFast, optimized);
  // The pipelines' IR differs (Clang's marks, e.g. local_unnamed_addr, come from passes the
  // lean one leaves out).
  std::string ir[2];
  for (auto pipeline : {LlvmPipeline::Lean, LlvmPipeline::Clang}) {
    CompileOptions options;
    options.optLevel = GetParam();
    options.pipeline = pipeline;
    auto text = mlirtier::emitStage(*module, mlirtier::EmitStage::Llvm, options);
    ASSERT_TRUE(text) << text.error().message();
    ir[pipeline == LlvmPipeline::Clang] = std::move(*text);
  }
  EXPECT_EQ(ir[0] != ir[1], optimized);
}

TEST_P(CompileToNativeTest, SymbolsAndTimes) {
  auto code = compile(kArithmetic);
  ASSERT_TRUE(code);
  EXPECT_NE(code->function(0), nullptr);
  EXPECT_NE(code->lookup("wasm_f9$array"), nullptr);
  EXPECT_EQ(code->lookup("wasm_f10"), nullptr);
  const mlirtier::StageTimes &times = code->times();
  EXPECT_GT(times.frontend, 0);
  EXPECT_GT(times.mlirPasses, 0);
  EXPECT_GT(times.toLlvmIr, 0);
  EXPECT_GT(times.llvmOpt, 0);
  EXPECT_GT(times.codegen, 0);
  EXPECT_GT(times.codeBytes, 0u);
  EXPECT_EQ(times.wasmBytes, module->codeSize());
}

const char *kMemory = R"((module
  (memory 1)
  (global $g (mut i64) (i64.const 5))
  (func (export "store") (param i32 i64) (i64.store offset=8 (local.get 0) (local.get 1)))
  (func (export "load8_s") (param i32) (result i32) (i32.load8_s offset=8 (local.get 0)))
  (func (export "load16_u") (param i32) (result i64) (i64.load16_u offset=8 (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "bump") (result i64)
    (global.set $g (i64.add (global.get $g) (i64.const 1))) (global.get $g))
  (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $s i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get $n)))
      (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br 0)))
    (local.get $s))
))";

TEST_P(CompileToNativeTest, MemoryAndGlobals) {
  for (bool guardPages : {false, true}) {
    SCOPED_TRACE(guardPages ? "guard pages" : "explicit checks");
    CompileOptions options;
    options.guardPages = guardPages;
    auto code = compile(kMemory, options);
    ASSERT_TRUE(code);
    auto memory = runtime::MemoryInstance::create(wasm::MemoryType{{1, 2}});
    ASSERT_TRUE(memory);
    uint64_t global[2] = {5, 0};
    uint64_t *globals[] = {global};
    vmctx.memory = memory->get();
    vmctx.globals = globals;
    call(*code, 0, {100, 0x1122334455667788u}, 0);
    uint64_t stored;
    std::memcpy(&stored, (*memory)->base() + 108, 8);
    EXPECT_EQ(stored, 0x1122334455667788u);
    EXPECT_EQ(call1(*code, 1, {100}), uint32_t(int8_t(0x88)));
    EXPECT_EQ(call1(*code, 2, {100}), 0x7788u);
    EXPECT_EQ(call1(*code, 3, {}), 1u);
    EXPECT_EQ(call1(*code, 4, {}), 6u);
    EXPECT_EQ(global[0], 6u);
    for (uint32_t i = 0; i < 100; ++i)
      std::memcpy((*memory)->base() + 1000 + 4 * i, &i, 4);
    EXPECT_EQ(call1(*code, 5, {1000, 100}), 4950u);
    vmctx.memory = nullptr;
    vmctx.globals = nullptr;
  }
}

const char *kCalls = R"((module
  (type $binary (func (param i32 i32) (result i32)))
  (table 2 funcref)
  (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))
  (func (export "direct") (param i32) (result i32) (call $add (local.get 0) (i32.const 1)))
  (func (export "indirect") (param i32 i32 i32) (result i32)
    (call_indirect (type $binary) (local.get 0) (local.get 1) (local.get 2)))
))";

/// Switchboard entries for the functions of `code`, all of type id 7.
struct Switchboard {
  Switchboard(const NativeCode &code, VMContext &vmctx, size_t count) : entries(count) {
    for (size_t i = 0; i < count; ++i) {
      entries[i].code = code.function(uint32_t(i));
      entries[i].context = &vmctx;
      entries[i].typeId = 7;
      pointers.push_back(reinterpret_cast<runtime::FunctionInstance *>(&entries[i]));
    }
  }
  std::vector<runtime::NativeEntry> entries;
  std::vector<runtime::FunctionInstance *> pointers;
};

TEST_P(CompileToNativeTest, CallsThroughTheSwitchboard) {
  CompileOptions options;
  options.directCalls = false;
  auto code = compile(kCalls, options);
  ASSERT_TRUE(code);
  Switchboard switchboard(*code, vmctx, 4);
  uint32_t typeIds[] = {7};
  auto table =
      runtime::TableInstance::create(wasm::TableType{wasm::ValType::FuncRef, {2, {}}}, 0, 100);
  ASSERT_TRUE(table);
  (*table)->set(1, runtime::Ref(switchboard.pointers[1]));
  runtime::TableInstance *tables[] = {table->get()};
  vmctx.functions = switchboard.pointers.data();
  vmctx.typeIds = typeIds;
  vmctx.tables = tables;
  EXPECT_EQ(call1(*code, 2, {41}), 42u);
  EXPECT_EQ(call1(*code, 3, {10, 4, 1}), 6u);
}

TEST_P(CompileToNativeTest, UnitsDoNotClash) {
  auto first = compile(R"((module (func (result i32) (i32.const 1))))");
  auto second = compile(R"((module (func (result i32) (i32.const 2))))");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(call1(*first, 0, {}), 1u);
  EXPECT_EQ(call1(*second, 0, {}), 2u);
  first.reset();
  EXPECT_EQ(call1(*second, 0, {}), 2u);
}

TEST_P(CompileToNativeTest, ConcurrentCompilations) {
  auto module = test::loadModule(kArithmetic);
  CompileOptions options;
  options.optLevel = GetParam();
  std::unique_ptr<NativeCode> codes[2];
  std::thread threads[2];
  for (int i = 0; i < 2; ++i)
    threads[i] = std::thread([&, i] {
      auto code = mlirtier::compileToNative(*module, {}, options);
      if (code)
        codes[i] = std::move(*code);
    });
  for (std::thread &thread : threads)
    thread.join();
  for (auto &code : codes) {
    ASSERT_TRUE(code);
    EXPECT_EQ(call1(*code, 8, {10}), 55u);
  }
}

TEST_P(CompileToNativeTest, Counters) {
  CompileOptions options;
  options.counters = true;
  auto code = compile(kArithmetic, options);
  ASSERT_TRUE(code);
  // No counter array: nothing is counted.
  EXPECT_EQ(call1(*code, 7, {5}), 120u);
  // fact(5): one call, then its loop's header at least once per iteration.
  uint64_t counters[64] = {};
  vmctx.counters = counters;
  EXPECT_EQ(call1(*code, 7, {5}), 120u);
  vmctx.counters = nullptr;
  uint64_t total = 0;
  for (uint64_t count : counters)
    total += count;
  EXPECT_GE(counters[7], 1u);
  EXPECT_GE(total, 1u + 5u);
}

TEST_P(CompileToNativeTest, SelectedFunctions) {
  module = test::loadModule(kArithmetic);
  CompileOptions options;
  options.optLevel = GetParam();
  uint32_t functions[] = {0, 7};
  auto code = mlirtier::compileToNative(*module, functions, options);
  ASSERT_TRUE(code) << code.error().message();
  EXPECT_NE((*code)->arrayThunk(7), nullptr);
  EXPECT_EQ((*code)->arrayThunk(1), nullptr);
  EXPECT_EQ(call1(**code, 7, {5}), 120u);
}

TEST_P(CompileToNativeTest, FunctionsAboveTheSizeLimitCompileAtLevelZero) {
  module = test::loadModule(kArithmetic);
  uint32_t factorial[] = {7};
  const wasm::FunctionBody &body = module->body(7);
  uint64_t bodyBytes = body.codeEnd - body.bodyOffset;
  auto compileWithLimit = [&](uint64_t limit, unsigned level) {
    CompileOptions options;
    options.optLevel = level;
    options.maxOptimizedBytes = limit;
    auto code = mlirtier::compileToNative(*module, factorial, options);
    EXPECT_TRUE(code) << (code ? "" : code.error().message());
    return code ? std::move(*code) : nullptr;
  };
  auto atLimit = compileWithLimit(bodyBytes, GetParam()); // not above it: the level asked for
  auto noLimit = compileWithLimit(0, GetParam());
  auto aboveLimit = compileWithLimit(bodyBytes - 1, GetParam());
  auto levelZero = compileWithLimit(0, 0);
  ASSERT_TRUE(atLimit && noLimit && aboveLimit && levelZero);
  EXPECT_EQ(aboveLimit->times().largestFunctionBytes, bodyBytes);
  EXPECT_EQ(atLimit->times().unitsAtLevelZero, 0u);
  EXPECT_EQ(noLimit->times().unitsAtLevelZero, 0u);
  EXPECT_EQ(aboveLimit->times().unitsAtLevelZero, GetParam() > 0 ? 1u : 0u);
  // The same code as level 0 asked for; at the limit, the same as without one.
  EXPECT_EQ(aboveLimit->times().codeBytes, levelZero->times().codeBytes);
  EXPECT_EQ(atLimit->times().codeBytes, noLimit->times().codeBytes);
  if (GetParam() > 0)
    EXPECT_NE(noLimit->times().codeBytes, levelZero->times().codeBytes);
  for (NativeCode *code : {atLimit.get(), noLimit.get(), aboveLimit.get()})
    EXPECT_EQ(call1(*code, 7, {20}), 2432902008176640000u);
}

TEST_P(CompileToNativeTest, LooplessFunctionsAboveTheirLimitCompileAtLevelZero) {
  module = test::loadModule(kArithmetic);
  auto compile = [&](uint32_t function) {
    CompileOptions options;
    options.optLevel = GetParam();
    options.maxOptimizedBytes = 0;
    options.maxOptimizedLooplessBytes = 1;
    auto code = mlirtier::compileToNative(*module, std::span(&function, 1), options);
    EXPECT_TRUE(code) << (code ? "" : code.error().message());
    return code ? std::move(*code) : nullptr;
  };
  auto withLoop = compile(7); // fact: a loop
  auto loopless = compile(8); // fib: recursion, no loop
  ASSERT_TRUE(withLoop && loopless);
  const wasm::FunctionBody &fib = module->body(8);
  EXPECT_EQ(withLoop->times().largestLooplessFunctionBytes, 0u);
  EXPECT_EQ(loopless->times().largestLooplessFunctionBytes, fib.codeEnd - fib.bodyOffset);
  EXPECT_EQ(withLoop->times().unitsAtLevelZero, 0u);
  EXPECT_EQ(loopless->times().unitsAtLevelZero, GetParam() > 0 ? 1u : 0u);
  EXPECT_EQ(call1(*withLoop, 7, {20}), 2432902008176640000u);
  EXPECT_EQ(call1(*loopless, 8, {20}), 6765u);
}

/// A module of one function returning its argument plus `addend`.
std::string adder(int addend) {
  return "(module (func (param i32) (result i32) (i32.add (local.get 0) (i32.const " +
         std::to_string(addend) + "))))";
}

TEST_P(CompileToNativeTest, UnitsShareCodePagesAndGiveThemBack) {
  // Each unit's code, read-only data and unwind tables take a few hundred bytes; alone on
  // pages of their own they would take 8 KB or more per unit.
  constexpr int kUnits = 100;
  size_t before = mlirtier::jitCodeMemoryBytes();
  std::vector<std::unique_ptr<NativeCode>> units;
  for (int i = 0; i < kUnits; ++i)
    units.push_back(compile(adder(i)));
  size_t held = mlirtier::jitCodeMemoryBytes();
  EXPECT_GT(held, 0u) << "the JIT does not link into its packed memory";
  // 100 units of about 300 bytes fill at most a slab per protection and one more; on pages of
  // their own they would hold 800 KB.
  constexpr size_t kSlab = size_t(64) << 10;
  EXPECT_LE(held - before, 4 * kSlab);
  for (int i = 0; i < kUnits; ++i)
    ASSERT_EQ(call1(*units[i], 0, {1000}), uint64_t(1000 + i)) << i;
}

TEST_P(CompileToNativeTest, LargeCodeTakesSlabsOfItsOwnAndGivesThemBack) {
  if (GetParam() != 0)
    GTEST_SKIP() << "where code goes does not depend on the level";
  // Straight code that no combiner folds: about 34 bytes a line on x86-64, 24 on aarch64.
  std::string body;
  for (int i = 0; i < 9000; ++i)
    body += "(local.set 0 (i64.xor (i64.mul (local.get 0) (i64.const " +
            std::to_string(0x123456789abcdef + i) + ")) (i64.rotl (local.get 0) (i64.const " +
            std::to_string(1 + i % 63) + "))))";
  constexpr size_t kSlab = size_t(64) << 10;
  size_t before = mlirtier::jitCodeMemoryBytes();
  auto large = compile("(module (func (param i64) (result i64) " + body + " (local.get 0)))");
  ASSERT_TRUE(large);
  size_t codeBytes = large->times().codeBytes;
  ASSERT_GE(codeBytes, 3 * kSlab) << "too little code to tell a freed slab run from open slabs";
  EXPECT_GE(mlirtier::jitCodeMemoryBytes(), before + codeBytes / kSlab * kSlab);
  large.reset();
  // Its small pieces (unwind tables) may have opened a slab or two that stay for later units.
  EXPECT_LE(mlirtier::jitCodeMemoryBytes(), before + 2 * kSlab);
}

TEST_P(CompileToNativeTest, ForkedChildKeepsItsParentsCodeAndMakesItsOwn) {
  auto first = compile(adder(1));
  ASSERT_TRUE(first);
  pid_t child = fork();
  if (child == 0) {
    // Freeing the parent's code in the child returns nothing the parent still runs.
    auto second = compile(adder(2));
    bool ok = second && call1(*first, 0, {40}) == 41 && call1(*second, 0, {40}) == 42;
    first.reset();
    auto third = compile(adder(3));
    ok = ok && third && call1(*second, 0, {40}) == 42 && call1(*third, 0, {40}) == 43;
    _exit(ok ? 0 : 1);
  }
  ASSERT_GT(child, 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  auto fourth = compile(adder(4));
  ASSERT_TRUE(fourth);
  EXPECT_EQ(call1(*first, 0, {40}), 41u);
  EXPECT_EQ(call1(*fourth, 0, {40}), 44u);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, CompileToNativeTest, ::testing::Values(0u, 1u, 2u, 3u),
                         [](const auto &info) { return "O" + std::to_string(info.param); });

} // namespace
} // namespace strata
