#include "EngineFixture.h"

namespace strata::test {
namespace {

class SmokeTest : public EngineTest {};

TEST_P(SmokeTest, AddsAndLoops) {
  load(R"((module
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "sum") (param i32) (result i32) (local i32)
      (block (loop
        (br_if 1 (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br 0)))
      (local.get 1))
    (func $fac (export "fac") (param i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0))
        (then (i64.const 1))
        (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1))))))))
  )");
  EXPECT_EQ(i32("add", {i32v(2), i32v(40)}), 42);
  EXPECT_EQ(i32("sum", {i32v(100)}), 5050);
  EXPECT_EQ(i64("fac", {i64v(20)}), 2432902008176640000);
}

STRATA_ENGINE_TESTS(SmokeTest);

} // namespace
} // namespace strata::test
