// returnedParam: functions that return a parameter unchanged, and the near misses that must
// not count as such.
#include "TestUtil.h"

#include "strata/wasm/ReturnedParam.h"

#include <gtest/gtest.h>

namespace strata::wasm {
namespace {

const char *kFunctions = R"((module
  (memory 1)
  ;; 0: memset's shape: the destination comes back at the end, after loops and blocks
  (func (param $d i32) (param $v i32) (param $n i32) (result i32) (local $p i32)
    (local.set $p (local.get $d))
    (block $done
      (loop $fill
        (br_if $done (i32.eqz (local.get $n)))
        (i32.store8 (local.get $p) (local.get $v))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $fill)))
    (local.get $d))
  ;; 1: the second parameter, by return and by br to the function's label
  (func (param i64) (param i64) (result i64)
    (if (i64.eqz (local.get 0)) (then (local.get 1) (return)))
    (block (local.get 1) (br 1))
    (unreachable))
  ;; 2: returns a parameter it wrote
  (func (param i32) (result i32)
    (local.set 0 (i32.add (local.get 0) (i32.const 1)))
    (local.get 0))
  ;; 3: wrote by local.tee after the way out it returns
  (func (param i32) (result i32)
    (if (local.get 0) (then (local.get 0) (return)))
    (drop (local.tee 0 (i32.const 5)))
    (local.get 0))
  ;; 4: two different parameters
  (func (param i32 i32) (result i32)
    (if (local.get 0) (then (local.get 1) (return)))
    (local.get 0))
  ;; 5: a declared local, not a parameter
  (func (param i32) (result i32) (local i32)
    (local.get 1))
  ;; 6: the value under br_if's condition
  (func (param i32) (result i32)
    (local.get 0) (br_if 0 (local.get 0)) (drop) (local.get 0))
  ;; 7: a br_table to the function's label
  (func (param i32) (result i32)
    (drop (block (result i32) (local.get 0) (local.get 0) (br_table 0 1)))
    (local.get 0))
  ;; 8: an if's result at the end
  (func (param i32) (result i32)
    (if (result i32) (local.get 0) (then (local.get 0)) (else (local.get 0))))
  ;; 9: no result
  (func (param i32) (drop (local.get 0)))
  ;; 10: a parameter of another type than the result
  (func (param i64 i32) (result i32) (local.get 1) (drop) (i32.wrap_i64 (local.get 0)))
  ;; 11: a br_table elsewhere, and a branch inside a block to the block
  (func (param i32) (result i32)
    (block (block (br_table 0 1 (local.get 0))) (br 0))
    (local.get 0))
))";

TEST(ReturnedParam, ParametersReturnedUnchangedOnEveryWayOut) {
  auto module = test::loadModule(kFunctions);
  ASSERT_TRUE(module);
  EXPECT_EQ(returnedParam(*module, 0), 0u);
  EXPECT_EQ(returnedParam(*module, 1), 1u);
  EXPECT_EQ(returnedParam(*module, 11), 0u);
}

TEST(ReturnedParam, NearMissesGiveNone) {
  auto module = test::loadModule(kFunctions);
  ASSERT_TRUE(module);
  for (uint32_t function = 2; function <= 10; ++function)
    EXPECT_EQ(returnedParam(*module, function), std::nullopt) << "function " << function;
  EXPECT_EQ(returnedParam(*module, 12), std::nullopt); // past the last function
}

TEST(ReturnedParam, ImportsGiveNone) {
  auto module = test::loadModule(R"((module (import "m" "f" (func (param i32) (result i32)))
    (func (param i32) (result i32) (local.get 0))))");
  ASSERT_TRUE(module);
  EXPECT_EQ(returnedParam(*module, 0), std::nullopt);
  EXPECT_EQ(returnedParam(*module, 1), 0u);
}

} // namespace
} // namespace strata::wasm
