// OSR continuations F@L (compileToNative with CompileOptions::osrLoop) entered from a frame
// built by hand, [locals | operands] in 64-bit slots as the interpreter lays it out, through
// the native entry of the jit engine. Each continuation must finish the function exactly as
// the interpreter does when it runs the function from its start into the same state.
#include "TestUtil.h"

#include "strata/engine/BuiltinEngines.h"
#include "strata/engine/Instantiate.h"
#include "strata/engine/Registry.h"
#include "strata/mlir/Compiler.h"
#include "strata/native/Entry.h"
#include "strata/runtime/Store.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace strata {
namespace {

using mlirtier::CompileOptions;
using mlirtier::NativeCode;
using runtime::TrapKind;

const char *kFunctions = R"((module
  (memory 1)
  ;; 0: a sum loop after straight-line code
  (func (param $n i32) (result i32) (local $i i32) (local $s i32)
    (local.set $s (i32.const 100))
    (block (loop
      (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br 0)))
    (local.get $s))
  ;; 1: nested loops (loop 1 is the inner one)
  (func (param $n i32) (result i64) (local $i i32) (local $j i32) (local $s i64)
    (loop $outer
      (local.set $j (i32.const 0))
      (loop $inner
        (local.set $s (i64.add (i64.mul (local.get $s) (i64.const 3))
                               (i64.extend_i32_u (i32.add (local.get $i) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $inner (i32.lt_u (local.get $j) (local.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $outer (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  ;; 2: operands below the loop: one under the block, one in it, and the loop's parameter
  (func (param $n i32) (result i32) (local $i i32)
    i32.const 1000
    block (result i32)
      local.get $n
      i32.const 5
      loop (param i32) (result i32)
        local.get $i
        i32.add
        local.get $i
        i32.const 1
        i32.add
        local.tee $i
        local.get $n
        i32.lt_u
        br_if 0
      end
      i32.sub
    end
    i32.add)
  ;; 3: three loop parameters, two results: (fib k, low half of fib (k + 1))
  (func (param $k i32) (result i64 i32) (local $t i64) (local $u i64)
    i64.const 0
    i64.const 1
    local.get $k
    loop $l (param i64 i64 i32) (result i64 i64 i32)
      local.set $k
      local.set $t
      local.get $t
      i64.add
      local.set $u
      local.get $t
      local.get $u
      local.get $k
      i32.const 1
      i32.sub
      local.tee $k
      local.get $k
      br_if $l
    end
    drop
    i32.wrap_i64)
  ;; 4: a loop in an if's then-branch
  (func (param $n i32) (result i32) (local $i i32)
    (if (i32.gt_s (local.get $n) (i32.const 0))
      (then (loop
        (local.set $i (i32.add (local.get $i) (i32.const 3)))
        (br_if 0 (i32.lt_s (local.get $i) (local.get $n)))))
      (else (local.set $i (i32.const -1))))
    (local.get $i))
  ;; 5: divides by a falling divisor; traps when it reaches zero
  (func (param $d i32) (result i32) (local $s i32)
    (loop
      (local.set $s (i32.add (local.get $s) (i32.div_s (i32.const 100) (local.get $d))))
      (local.set $d (i32.sub (local.get $d) (i32.const 1)))
      (br_if 0 (i32.ge_s (local.get $d) (i32.const -3))))
    (local.get $s))
  ;; 6: squares through a call (interpreted: the slow path) and memory
  (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (call $sq (local.get $i)))
      (local.set $s (i32.add (local.get $s)
                             (i32.load (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if 0 (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  ;; 8: a loop only dead code reaches
  (func (result i32) (return (i32.const 1)) (loop (br 0)))
  ;; 9: three nested loops whose innermost leaves its enclosing loops by a br to the
  ;; outermost, a br_if out of the middle one and, in the middle one, a br_table
  (func (param $n i32) (result i64) (local $i i32) (local $j i32) (local $k i32) (local $s i64)
    (loop $a
      (local.set $j (i32.const 0))
      (block $next_i
        (loop $b
          (local.set $k (i32.const 0))
          (loop $c
            (local.set $s (i64.add (i64.mul (local.get $s) (i64.const 7))
              (i64.extend_i32_u (i32.add (i32.mul (local.get $i) (i32.const 100))
                (i32.add (i32.mul (local.get $j) (i32.const 10)) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (if (i32.and (i32.and (i32.eq (local.get $k) (i32.const 4)) (i32.eqz (local.get $j)))
                         (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
              (then (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $a)))
            (br_if $next_i (i32.and (i32.eq (local.get $k) (i32.const 3))
                                    (i32.eq (local.get $j) (local.get $i))))
            (br_if $c (i32.lt_u (local.get $k) (local.get $n))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_table $b $next_i (i32.ge_u (local.get $j) (local.get $n)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $a (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  ;; 10: a nest in an if's then-branch, with an operand under the if and a result out of it
  (func (param $n i32) (result i32) (local $i i32) (local $j i32) (local $s i32)
    i32.const 1000
    (if (result i32) (i32.gt_s (local.get $n) (i32.const 0))
      (then
        (loop $o
          (local.set $j (i32.const 0))
          (loop $in
            (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 3))
                                   (i32.add (local.get $i) (local.get $j))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br_if $in (i32.lt_u (local.get $j) (local.get $n))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $o (i32.lt_u (local.get $i) (local.get $n))))
        (local.get $s))
      (else (i32.const -1)))
    i32.sub)
))";

/// Function 9's frames ({n, i, j, k, s}) at each arrival at the header of loop 1 ($b) and of
/// loop 2 ($c), and its result, computed the way the Wasm code does.
struct NestTrace {
  std::vector<std::vector<uint64_t>> atMiddle, atInner;
  uint64_t result = 0;
};
NestTrace traceNest(uint32_t n) {
  NestTrace trace;
  uint32_t i = 0, j = 0, k = 0;
  uint64_t s = 0;
  auto frame = [&] { return std::vector<uint64_t>{n, i, j, k, s}; };
  do {
    j = 0;
    bool nextI = false, restart = false;
    do {
      k = 0;
      trace.atMiddle.push_back(frame());
      do {
        trace.atInner.push_back(frame());
        s = s * 7 + uint64_t(i * 100 + j * 10 + k);
        ++k;
        if (k == 4 && j == 0 && i + 1 < n) {
          ++i;
          restart = true;
          break;
        }
        if (k == 3 && j == i) {
          nextI = true;
          break;
        }
      } while (k < n);
      if (restart || nextI)
        break;
      ++j;
    } while (j < n);
    if (restart)
      continue;
    ++i;
  } while (i < n);
  trace.result = s;
  return trace;
}

class OsrEntryTest : public ::testing::Test {
protected:
  void SetUp() override {
    engine::registerBuiltinEngines();
    // The jit engine hands the runtime functions to the JIT.
    jit = std::move(*engine::createEngine(engine::kJitEngine));
    interp = std::move(*engine::createEngine(engine::kInterpEngine));
    module = test::loadModule(kFunctions);
    auto created = engine::instantiate(store, *interp, module, imports, {"osr"});
    ASSERT_TRUE(created) << created.error().message();
    instance = *created;
    // The VMContext of a jit instance, over the interpreter's instance: calls out of native
    // code take the slow path into the interpreter.
    for (runtime::GlobalInstance *global : instance->globals())
      globals.push_back(global->slots());
    for (uint32_t i = 0; i < module->types.size(); ++i)
      typeIds.push_back(instance->typeId(i));
    vmctx.memory = instance->memory(0);
    vmctx.globals = globals.data();
    vmctx.functions = instance->functions().data();
    vmctx.tables = instance->tables().data();
    vmctx.typeIds = typeIds.data();
    vmctx.limitsThreadOffset = runtime::nativeLimitsThreadOffset();
    vmctx.instance = instance;
  }

  static CompileOptions options(uint32_t function, std::optional<uint32_t> loop) {
    CompileOptions options;
    options.guardPages = false; // no guard-page handler registered for this memory
    options.function = function;
    options.osrLoop = loop;
    return options;
  }

  std::unique_ptr<NativeCode> compileOsr(uint32_t function, uint32_t loop,
                                         std::vector<uint64_t> knownFrame = {}) {
    CompileOptions compile = options(function, loop);
    compile.osrFrame = std::move(knownFrame);
    auto code = mlirtier::compileToNative(*module, {}, compile);
    EXPECT_TRUE(code) << (code ? "" : code.error().message());
    return code ? std::move(*code) : nullptr;
  }

  /// Enters F@L with `frame` as the interpreter frame; returns the status, results in `out`.
  runtime::CallStatus enter(const NativeCode &code, uint32_t function, uint32_t loop,
                            std::vector<uint64_t> frame, std::vector<uint64_t> &out,
                            size_t results = 1) {
    auto thunk = reinterpret_cast<native::ArrayThunk>(code.osrArrayThunk(function, loop));
    EXPECT_NE(thunk, nullptr);
    EXPECT_EQ(code.lookup(mlirtier::osrFunctionSymbol(function, loop)) != nullptr, true);
    out.assign(std::max<size_t>(results, 1), 0);
    out[0] = uint64_t(reinterpret_cast<uintptr_t>(frame.data()));
    if (!thunk)
      return runtime::Trap(TrapKind::HostError, "no thunk");
    return native::callNative(context, thunk, &vmctx, out.data());
  }
  std::vector<uint64_t> enterOk(const NativeCode &code, uint32_t function, uint32_t loop,
                                std::vector<uint64_t> frame, size_t results = 1) {
    std::vector<uint64_t> out;
    runtime::CallStatus status = enter(code, function, loop, std::move(frame), out, results);
    EXPECT_TRUE(status) << (status ? "" : status.trap().message());
    out.resize(results);
    return out;
  }

  /// Runs function `index` from its start in the interpreter.
  std::vector<uint64_t> fromStart(uint32_t index, std::vector<uint64_t> args, size_t results = 1) {
    auto callee = engine::newCallEngine(*instance->function(index));
    EXPECT_TRUE(callee);
    args.resize(std::max(args.size(), results));
    if (callee) {
      runtime::CallStatus status = (*callee)->call(context, args);
      EXPECT_TRUE(status) << (status ? "" : status.trap().message());
    }
    args.resize(results);
    return args;
  }

  std::unique_ptr<engine::Engine> jit, interp;
  std::shared_ptr<const wasm::Module> module;
  runtime::Store store;
  runtime::CallContext context{store};
  runtime::ImportMap imports;
  runtime::ModuleInstance *instance = nullptr;
  std::vector<uint64_t *> globals;
  std::vector<uint32_t> typeIds;
  runtime::VMContext vmctx;
};

TEST_F(OsrEntryTest, SumLoopEnteredAtAnyIteration) {
  auto code = compileOsr(0, 0);
  ASSERT_TRUE(code);
  EXPECT_EQ(code->arrayThunk(0), nullptr); // only F@L is compiled
  const uint32_t n = 10;
  uint64_t expected = fromStart(0, {n})[0];
  EXPECT_EQ(expected, 145u);
  for (uint32_t k = 0; k <= n; ++k) {
    uint32_t partial = 100 + k * (k - 1) / 2; // s after k iterations
    EXPECT_EQ(enterOk(*code, 0, 0, {n, k, partial}), std::vector<uint64_t>{expected}) << k;
  }
  // Past the bound the loop exits at once with the frame's sum.
  EXPECT_EQ(enterOk(*code, 0, 0, {n, n + 5, 7})[0], 7u);
}

TEST_F(OsrEntryTest, NestedLoopsEnteredAtTheInnerOne) {
  auto code = compileOsr(1, 1);
  ASSERT_TRUE(code);
  const uint32_t n = 6;
  // The interpreter's state at the inner header after `done` inner iterations.
  auto stateAfter = [&](uint32_t done) {
    uint64_t s = 0;
    uint32_t i = 0, j = 0;
    for (uint32_t step = 0; step < done; ++step) {
      s = s * 3 + (i + j);
      if (++j == n) {
        j = 0;
        ++i;
      }
    }
    return std::vector<uint64_t>{n, i, j, s};
  };
  uint64_t expected = fromStart(1, {n})[0];
  for (uint32_t done : {0u, 1u, 5u, 6u, 14u, 35u})
    EXPECT_EQ(enterOk(*code, 1, 1, stateAfter(done))[0], expected) << done;
}

TEST_F(OsrEntryTest, PeeledNestEnteredAtEveryLevel) {
  // Entering an inner loop runs it in a copy of its own; leaving it, or branching to an
  // enclosing loop, goes through that loop's dispatch block into the earlier translation.
  const uint32_t n = 5;
  NestTrace trace = traceNest(n);
  ASSERT_EQ(fromStart(9, {n})[0], trace.result);
  ASSERT_GT(trace.atInner.size(), 30u);
  auto inner = compileOsr(9, 2);
  auto middle = compileOsr(9, 1);
  ASSERT_TRUE(inner && middle);
  for (size_t at = 0; at < trace.atInner.size(); ++at)
    EXPECT_EQ(enterOk(*inner, 9, 2, trace.atInner[at])[0], trace.result) << at;
  for (size_t at = 0; at < trace.atMiddle.size(); ++at)
    EXPECT_EQ(enterOk(*middle, 9, 1, trace.atMiddle[at])[0], trace.result) << at;
}

TEST_F(OsrEntryTest, PeeledNestInsideAnIfLeavesThroughTheIfsJoin) {
  // The peeled copy leaves the nest into the earlier translation's join after the if, which
  // takes the operand under the if and the if's result.
  const uint32_t n = 6;
  uint64_t expected = fromStart(10, {n})[0];
  auto code = compileOsr(10, 1);
  ASSERT_TRUE(code);
  uint32_t s = 0;
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t j = 0; j < n; ++j) {
      // Frame: locals n, i, j, s; the operand 1000 under the if.
      EXPECT_EQ(enterOk(*code, 10, 1, {n, i, j, s, 1000})[0], expected) << i << " " << j;
      s = s * 3 + (i + j);
    }
  EXPECT_EQ(uint32_t(expected), 1000 - s);
}

TEST_F(OsrEntryTest, ContinuationForOneEntryUsesItsFrameAsConstants) {
  // Compiled for one frame, the continuation ignores the numbers of the frame it gets.
  const uint32_t n = 5;
  NestTrace trace = traceNest(n);
  for (size_t at : {size_t(0), size_t(7), trace.atInner.size() - 1}) {
    auto code = compileOsr(9, 2, trace.atInner[at]);
    ASSERT_TRUE(code);
    EXPECT_EQ(enterOk(*code, 9, 2, {0, 0, 0, 0, 0})[0], trace.result) << at;
  }
  // Operands below the loop and multi-value loop parameters become constants too.
  const uint32_t k = 9;
  auto withOperands = compileOsr(2, 0, {k, 3, 1000, k, 5 + 3});
  ASSERT_TRUE(withOperands);
  EXPECT_EQ(enterOk(*withOperands, 2, 0, {0, 0, 0, 0, 0})[0], fromStart(2, {k})[0]);
  auto fib = compileOsr(3, 0, {7, 8, 9, 0, 1, 40});
  ASSERT_TRUE(fib);
  EXPECT_EQ(enterOk(*fib, 3, 0, {0, 0, 0, 0, 0, 0}, 2), fromStart(3, {40}, 2));
  // A known frame must have one slot per local and operand.
  auto bad = mlirtier::compileToNative(*module, {}, [] {
    CompileOptions wrongSize = options(0, 0);
    wrongSize.osrFrame = {1, 2};
    return wrongSize;
  }());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("one value per local and operand"), std::string::npos)
      << bad.error().message();
}

TEST_F(OsrEntryTest, OperandsBelowTheLoop) {
  auto code = compileOsr(2, 0);
  ASSERT_TRUE(code);
  const uint32_t n = 9;
  uint64_t expected = fromStart(2, {n})[0];
  // Frame: locals n, i; operands 1000 (under the block), n (in it), the loop's accumulator.
  for (uint32_t k = 1; k < n; ++k) {
    uint32_t acc = 5 + k * (k - 1) / 2;
    EXPECT_EQ(enterOk(*code, 2, 0, {n, k, 1000, n, acc})[0], expected) << k;
  }
  // The operands below the loop really come from the frame.
  EXPECT_EQ(uint32_t(enterOk(*code, 2, 0, {n, n - 1, 1, 100, 0})[0]), 1 + 100 - (n - 1));
}

TEST_F(OsrEntryTest, MultiValueParametersAndResults) {
  auto code = compileOsr(3, 0);
  ASSERT_TRUE(code);
  const uint32_t k = 40;
  std::vector<uint64_t> expected = fromStart(3, {k}, 2);
  EXPECT_EQ(expected[0], 102334155u); // fib(40)
  uint64_t a = 0, b = 1;
  for (uint32_t done = 0; done < k; ++done) {
    // Locals k, t, u hold stale values at the header: the body overwrites them first.
    std::vector<uint64_t> frame{7, 8, 9, a, b, k - done};
    EXPECT_EQ(enterOk(*code, 3, 0, frame, 2), expected) << done;
    uint64_t next = a + b;
    a = b;
    b = next;
  }
}

TEST_F(OsrEntryTest, LoopInAnIfThenBranch) {
  auto code = compileOsr(4, 0);
  ASSERT_TRUE(code);
  uint64_t expected = fromStart(4, {20})[0];
  EXPECT_EQ(expected, 21u);
  for (uint32_t i : {3u, 6u, 18u})
    EXPECT_EQ(enterOk(*code, 4, 0, {20, i})[0], expected) << i;
  // The else branch lies before the loop: a non-positive n still just runs the loop's tail.
  EXPECT_EQ(enterOk(*code, 4, 0, {uint32_t(-5), 0})[0], 3u);
}

TEST_F(OsrEntryTest, TrapAfterEntryComesBackAsTrap) {
  auto code = compileOsr(5, 0);
  ASSERT_TRUE(code);
  std::vector<uint64_t> out;
  runtime::CallStatus status = enter(*code, 5, 0, {2, 0}, out);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.trap().kind(), TrapKind::IntegerDivideByZero);
  ASSERT_FALSE(status.trap().trace().empty());
  EXPECT_EQ(status.trap().trace()[0].function, 5u);
  // The entry is usable again: d = -2 and -3 give 100/-2 + 100/-3 = -83.
  EXPECT_EQ(int32_t(enterOk(*code, 5, 0, {uint32_t(-2), 0})[0]), -83);
}

TEST_F(OsrEntryTest, CallsAndMemoryAfterEntry) {
  auto code = compileOsr(7, 0);
  ASSERT_TRUE(code);
  uint64_t expected = fromStart(7, {12})[0];
  EXPECT_EQ(expected, 506u); // the sum of squares below 12
  uint32_t partial = 0;
  for (uint32_t i = 0; i < 5; ++i)
    partial += i * i;
  EXPECT_EQ(enterOk(*code, 7, 0, {12, 5, partial})[0], expected);
}

TEST_F(OsrEntryTest, BadLoopIndexIsAnError) {
  for (uint32_t loop : {1u, 100u}) {
    auto code = mlirtier::compileToNative(*module, {}, options(0, loop));
    ASSERT_FALSE(code);
    EXPECT_NE(code.error().message().find("function 0: loop " + std::to_string(loop) +
                                          " is not a reachable loop"),
              std::string::npos)
        << code.error().message();
  }
  auto dead = mlirtier::compileToNative(*module, {}, options(8, 0));
  ASSERT_FALSE(dead);
  EXPECT_NE(dead.error().message().find("function 8: loop 0 is not a reachable loop"),
            std::string::npos)
      << dead.error().message();
  // An OSR continuation is compiled alone.
  std::vector<uint32_t> two{0, 1};
  auto both = mlirtier::compileToNative(*module, two, options(0, 0));
  ASSERT_FALSE(both);
  EXPECT_NE(both.error().message().find("exactly one function"), std::string::npos);
}

TEST_F(OsrEntryTest, CountersOfCallsAndLoopsDoNotCollide) {
  // Functions 0-10, then the loops: 1 + 2 + 1 + 1 + 1 + 1 + 0 + 1 + 1 + 3 + 2.
  EXPECT_EQ(mlirtier::loopCounterIndex(*module, 0, 0), 11u);
  EXPECT_EQ(mlirtier::loopCounterIndex(*module, 1, 1), 13u);
  EXPECT_EQ(mlirtier::loopCounterIndex(*module, 2, 0), 14u);
  EXPECT_EQ(mlirtier::loopCounterIndex(*module, 7, 0), 18u);
  EXPECT_EQ(mlirtier::counterCount(*module), 25u);
  auto withImport = test::loadModule(R"((module (import "m" "f" (func))
    (func (loop)) (func (loop) (loop))))");
  EXPECT_EQ(mlirtier::loopCounterIndex(*withImport, 2, 1), 3u + 1 + 1);
  EXPECT_EQ(mlirtier::counterCount(*withImport), 6u);

  std::vector<uint64_t> counters(mlirtier::counterCount(*module));
  vmctx.counters = counters.data();
  CompileOptions counting = options(1, std::nullopt);
  counting.counters = true;
  auto whole = mlirtier::compileToNative(*module, {}, counting);
  ASSERT_TRUE(whole) << whole.error().message();
  std::vector<uint64_t> slots{3};
  ASSERT_TRUE(native::callNative(context,
                                   reinterpret_cast<native::ArrayThunk>((*whole)->arrayThunk(1)),
                                   &vmctx, slots.data()));
  EXPECT_EQ(counters[1], 1u);  // one call of function 1
  EXPECT_EQ(counters[12], 3u); // its outer loop
  EXPECT_EQ(counters[13], 9u); // its inner loop

  // F@L counts its loops, not a call.
  counting.osrLoop = 1;
  auto osr = mlirtier::compileToNative(*module, {}, counting);
  ASSERT_TRUE(osr) << osr.error().message();
  std::vector<uint64_t> frame{3, 2, 0, 0};
  slots = {uint64_t(reinterpret_cast<uintptr_t>(frame.data()))};
  ASSERT_TRUE(native::callNative(
      context, reinterpret_cast<native::ArrayThunk>((*osr)->osrArrayThunk(1, 1)), &vmctx,
      slots.data()));
  EXPECT_EQ(counters[1], 1u);
  EXPECT_EQ(counters[12], 3u);  // i = 2 is the last outer iteration: no branch back
  EXPECT_EQ(counters[13], 12u); // j = 0, 1, 2
  vmctx.counters = nullptr;
}

} // namespace
} // namespace strata
