// Structured control flow: multi-value blocks, block and loop parameters, branches that carry
// values past leftover operands, br_table with and without values, select, unreachable code, and
// the local-variable hazards of a translator that folds locals into their consumers.
#include "EngineFixture.h"

namespace strata::test {
namespace {

using runtime::TrapKind;

class ControlTest : public EngineTest {};

TEST_P(ControlTest, MultiValueBlocksAndFunctions) {
  load(R"((module
    (func $three (result i32 i64 f64) (i32.const 1) (i64.const 2) (f64.const 3.5))
    (func (export "three") (result i32 i64 f64) (call $three))
    (func (export "sum") (result i64) (local i64)
      (call $three) (drop) (local.set 0) (i64.extend_i32_u) (local.get 0) (i64.add))
    (func (export "block") (result i32)
      (block (result i32 i32) (i32.const 7) (i32.const 5)) (i32.sub))
    (func (export "params") (param i32 i32) (result i32)
      (local.get 0) (local.get 1)
      (block (param i32 i32) (result i32) (i32.sub)))
    (func (export "if") (param i32) (result i32 i32)
      (i32.const 10)
      (if (param i32) (result i32 i32) (local.get 0)
        (then (i32.const 1))
        (else (i32.const 2))))))");
  CallResult three = call("three");
  ASSERT_EQ(three.values.size(), 3u);
  EXPECT_EQ(three.values[0].i32(), 1);
  EXPECT_EQ(three.values[1].i64(), 2);
  EXPECT_EQ(three.values[2].f64(), 3.5);
  EXPECT_EQ(i64("sum"), 3);
  EXPECT_EQ(i32("block"), 2);
  EXPECT_EQ(i32("params", {i32v(10), i32v(3)}), 7);
  CallResult taken = call("if", {i32v(1)});
  ASSERT_EQ(taken.values.size(), 2u);
  EXPECT_EQ(taken.values[0].i32(), 10);
  EXPECT_EQ(taken.values[1].i32(), 1);
  CallResult other = call("if", {i32v(0)});
  ASSERT_EQ(other.values.size(), 2u);
  EXPECT_EQ(other.values[1].i32(), 2);
}

TEST_P(ControlTest, BranchesCarryValuesPastLeftovers) {
  load(R"((module
    (func (export "br") (result i32)
      (block (result i32) (i32.const 9) (i32.const 8) (i32.const 1) (br 0)))
    (func (export "br_if") (param i32) (result i32)
      (block (result i32)
        (i32.const 100)
        (br_if 0 (i32.const 7) (local.get 0))
        (i32.add)))
    (func (export "nested") (param i32) (result i32 i32)
      (block (result i32 i32)
        (block (result i32)
          (i32.const 1) (i32.const 2) (i32.const 3)
          (br_if 1 (local.get 0))
          (drop) (drop))
        (i32.const 4)))
    (func (export "to_function") (param i32) (result i32)
      (i32.const 5)
      (block (block (drop (br_if 2 (i32.const 6) (local.get 0)))))
      (drop) (i32.const 7))))");
  EXPECT_EQ(i32("br"), 1);
  EXPECT_EQ(i32("br_if", {i32v(1)}), 7);
  EXPECT_EQ(i32("br_if", {i32v(0)}), 107);
  CallResult taken = call("nested", {i32v(1)});
  ASSERT_EQ(taken.values.size(), 2u);
  EXPECT_EQ(taken.values[0].i32(), 2);
  EXPECT_EQ(taken.values[1].i32(), 3);
  CallResult fallen = call("nested", {i32v(0)});
  ASSERT_EQ(fallen.values.size(), 2u);
  EXPECT_EQ(fallen.values[0].i32(), 1);
  EXPECT_EQ(fallen.values[1].i32(), 4);
  EXPECT_EQ(i32("to_function", {i32v(1)}), 6);
  EXPECT_EQ(i32("to_function", {i32v(0)}), 7);
}

TEST_P(ControlTest, LoopsWithParametersAndResults) {
  load(R"((module
    (func (export "sum") (param i32) (result i32)
      (i32.const 0) (local.get 0)
      (loop $l (param i32 i32) (result i32)
        ;; acc n -> acc+n n-1, until n == 0
        (local.set 0)
        (local.get 0) (i32.add)
        (local.get 0) (i32.const 1) (i32.sub)
        (local.tee 0) (br_if $l (i32.ne (local.get 0) (i32.const 0)))
        (drop)))
    (func (export "countdown") (param i64) (result i64) (local i64)
      (loop $l
        (local.set 1 (i64.add (local.get 1) (i64.const 3)))
        (br_if $l (i64.gt_s (local.tee 0 (i64.sub (local.get 0) (i64.const 1)))
                            (i64.const 0))))
      (local.get 1))))");
  EXPECT_EQ(i32("sum", {i32v(10)}), 55);
  EXPECT_EQ(i32("sum", {i32v(1)}), 1);
  EXPECT_EQ(i64("countdown", {i64v(1000)}), 3000);
  EXPECT_EQ(i64("countdown", {i64v(-5)}), 3);
}

TEST_P(ControlTest, BrTable) {
  load(R"((module
    (func (export "switch") (param i32) (result i32)
      (block $d (block $c (block $b (block $a
        (br_table $a $b $c $d (local.get 0)))
        (return (i32.const 10)))
        (return (i32.const 11)))
        (return (i32.const 12)))
      (i32.const 13))
    (func (export "values") (param i32) (result i32)
      (block $outer (result i32)
        (block $inner (result i32)
          (i32.const 99) (i32.const 1) (i32.const 2)
          (br_table $inner $outer 2 (local.get 0)))
        (i32.const 100) (i32.add)))
    (func (export "loop") (param i32) (result i32) (local i32)
      (block $done
        (loop $again
          (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br_table $done $again (local.get 0))))
      (local.get 1))))");
  EXPECT_EQ(i32("switch", {i32v(0)}), 10);
  EXPECT_EQ(i32("switch", {i32v(1)}), 11);
  EXPECT_EQ(i32("switch", {i32v(2)}), 12);
  EXPECT_EQ(i32("switch", {i32v(3)}), 13);
  EXPECT_EQ(i32("switch", {i32v(4)}), 13);
  EXPECT_EQ(i32("switch", {i32v(-1)}), 13);
  EXPECT_EQ(i32("values", {i32v(0)}), 102);
  EXPECT_EQ(i32("values", {i32v(1)}), 2);
  EXPECT_EQ(i32("values", {i32v(2)}), 2);
  EXPECT_EQ(i32("values", {i32v(7)}), 2);
  EXPECT_EQ(i32("loop", {i32v(5)}), 5);
  EXPECT_EQ(i32("loop", {i32v(1)}), 1);
}

TEST_P(ControlTest, Select) {
  load(R"((module
    (func (export "i32") (param i32) (result i32) (select (i32.const 1) (i32.const 2) (local.get 0)))
    (func (export "i64") (param i32) (result i64) (select (i64.const -1) (i64.const 2) (local.get 0)))
    (func (export "f64") (param i32 f64) (result f64)
      (select (local.get 1) (f64.const 0) (local.get 0)))
    (func (export "typed") (param i32) (result funcref)
      (select (result funcref) (ref.null func) (ref.func 0) (local.get 0)))
    (func (export "extern") (param externref externref i32) (result externref)
      (select (result externref) (local.get 0) (local.get 1) (local.get 2)))))");
  EXPECT_EQ(i32("i32", {i32v(7)}), 1);
  EXPECT_EQ(i32("i32", {i32v(0)}), 2);
  EXPECT_EQ(i64("i64", {i32v(-1)}), -1);
  EXPECT_EQ(i64("i64", {i32v(0)}), 2);
  EXPECT_EQ(f64Bits("f64", {i32v(1), f64b(0x7ff4000000000001)}), 0x7ff4000000000001u);
  EXPECT_TRUE(value("typed", {i32v(1)}).isNull());
  EXPECT_EQ(value("typed", {i32v(0)}).ref(), runtime::toRef(instance_->function(0)));
  int a = 0, b = 0;
  EXPECT_EQ(value("extern", {Value::externRef(&a), Value::externRef(&b), i32v(0)}).ref(),
            runtime::Ref(uintptr_t(&b)));
}

TEST_P(ControlTest, LocalsReadBeforeTheyAreOverwritten) {
  load(R"((module
    (func (export "old_plus_new") (param i32) (result i32)
      (local.get 0) (local.set 0 (i32.const 5)) (local.get 0) (i32.add))
    (func (export "swap") (param i32 i32) (result i32 i32)
      (local.get 0) (local.get 1) (local.set 0) (local.set 1) (local.get 0) (local.get 1))
    (func (export "retarget") (param i32) (result i32)
      ;; old - (old + 1), the add writing its result straight into the local
      (local.get 0)
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (local.get 0) (i32.sub))
    (func (export "tee") (param i32) (result i32)
      (local.get 0) (local.tee 0 (i32.mul (local.get 0) (i32.const 3))) (i32.add))
    (func (export "across_block") (param i32) (result i32)
      (local.get 0)
      (block (local.set 0 (i32.const 100)))
      (local.get 0) (i32.sub))
    (func (export "locals_start_zero") (param i32) (result i64) (local i64 f64 i32)
      (if (local.get 0) (then (local.set 1 (i64.const 5)) (local.set 3 (i32.const 6))))
      (i64.add (local.get 1) (i64.extend_i32_u (local.get 3))))
    (func (export "recurse_locals") (param i32) (result i64) (local i64)
      (if (local.get 0)
        (then (drop (call 5 (i32.const 0)))
              (local.set 1 (call 6 (i32.sub (local.get 0) (i32.const 1))))))
      (local.get 1))))");
  EXPECT_EQ(i32("old_plus_new", {i32v(10)}), 15);
  CallResult swapped = call("swap", {i32v(1), i32v(2)});
  ASSERT_EQ(swapped.values.size(), 2u);
  EXPECT_EQ(swapped.values[0].i32(), 2);
  EXPECT_EQ(swapped.values[1].i32(), 1);
  EXPECT_EQ(i32("retarget", {i32v(41)}), -1);
  EXPECT_EQ(i32("tee", {i32v(4)}), 16);
  EXPECT_EQ(i32("across_block", {i32v(1)}), -99);
  EXPECT_EQ(i64("locals_start_zero", {i32v(1)}), 11);
  EXPECT_EQ(i64("locals_start_zero", {i32v(0)}), 0); // fresh zeroed locals, not leftovers
  EXPECT_EQ(i64("recurse_locals", {i32v(3)}), 0);
}

TEST_P(ControlTest, UnreachableAndDeadCode) {
  load(R"((module
    (func (export "unreachable") (unreachable))
    (func (export "dead") (param i32) (result i32)
      (block $b (result i32)
        (br $b (i32.const 3))
        (loop (br 0))
        (block (if (i32.const 1) (then (unreachable)) (else (nop))))
        (i32.const 4))
      (if (result i32) (local.get 0)
        (then (return (i32.const 1)) (i32.const 99))
        (else (i32.const 2)))
      (i32.add))
    (func (export "after_return") (result i32)
      (return (i32.const 1)) (unreachable))))");
  EXPECT_EQ(trapOf("unreachable"), TrapKind::Unreachable);
  EXPECT_EQ(i32("dead", {i32v(1)}), 1);
  EXPECT_EQ(i32("dead", {i32v(0)}), 5);
  EXPECT_EQ(i32("after_return"), 1);
}

TEST_P(ControlTest, GlobalsOfEveryType) {
  load(R"((module
    (global $i (mut i32) (i32.const -1))
    (global $l (mut i64) (i64.const 0x100000000))
    (global $f (mut f32) (f32.const nan:0x200000))
    (global $d (mut f64) (f64.const -0))
    (global $r (mut funcref) (ref.null func))
    (global $c i32 (i32.const 42))
    (func (export "get_c") (result i32) (global.get $c))
    (func (export "bump") (result i64)
      (global.set $l (i64.add (global.get $l) (i64.extend_i32_u (global.get $i))))
      (global.get $l))
    (func (export "f") (result f32) (global.get $f))
    (func (export "set_f") (param f32) (global.set $f (local.get 0)))
    (func (export "d") (result f64) (global.get $d))
    (func (export "r_is_null") (result i32) (ref.is_null (global.get $r)))
    (func (export "set_r") (global.set $r (ref.func 0)))))");
  EXPECT_EQ(i32("get_c"), 42);
  EXPECT_EQ(i64("bump"), 0x1ffffffff);
  EXPECT_EQ(i64("bump"), 0x2fffffffe);
  EXPECT_EQ(f32Bits("f"), 0x7fa00000u);
  EXPECT_FALSE(call("set_f", {f32b(0xffc00001)}).trap);
  EXPECT_EQ(f32Bits("f"), 0xffc00001u);
  EXPECT_EQ(f64Bits("d"), 0x8000000000000000u);
  EXPECT_EQ(i32("r_is_null"), 1);
  EXPECT_FALSE(call("set_r").trap);
  EXPECT_EQ(i32("r_is_null"), 0);
}

STRATA_ENGINE_TESTS(ControlTest);

} // namespace
} // namespace strata::test
