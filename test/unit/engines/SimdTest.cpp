// SIMD on every engine configuration: lane semantics where engines most easily go wrong, and
// the plumbing of v128 values: parameters and results of calls (between tiers too), globals,
// loops that tier up with a v128 live, and lane accesses that trap. test/spec/simd.wast and
// the official simd_* scripts cover each instruction.
#include "EngineFixture.h"

namespace strata::test {
namespace {

using runtime::TrapKind;
using runtime::V128;

class SimdTest : public EngineTest {
protected:
  V128 v128(const std::string &name, std::vector<Value> args = {}) {
    return value(name, std::move(args)).v128();
  }
};

Value v128v(uint64_t low, uint64_t high) { return Value::v128({low, high}); }

TEST_P(SimdTest, LaneArithmeticWrapsSaturatesAndNarrows) {
  load(R"((module
    (func (export "add") (param v128 v128) (result v128) (i8x16.add (local.get 0) (local.get 1)))
    (func (export "add_sat_u") (param v128 v128) (result v128)
      (i8x16.add_sat_u (local.get 0) (local.get 1)))
    (func (export "narrow_s") (param v128 v128) (result v128)
      (i8x16.narrow_i16x8_s (local.get 0) (local.get 1)))
    (func (export "dot") (param v128 v128) (result v128)
      (i32x4.dot_i16x8_s (local.get 0) (local.get 1)))))");
  EXPECT_EQ(v128("add", {v128v(0xff01ff01ff01ff01, 0x80), v128v(0x0101010101010101, 0x80)}),
            (V128{0x0002000200020002, 0x0000000000000000}));
  EXPECT_EQ(v128("add_sat_u", {v128v(0xff01ff01ff01ff01, 0), v128v(0x0101010101010101, 0)}),
            (V128{0xff02ff02ff02ff02, 0}));
  // i16 lanes 300, -300, 5, -5 and 0x7fff, -0x8000 saturate to i8.
  EXPECT_EQ(v128("narrow_s", {v128v(0xfffb0005fed4012c, 0), v128v(0x0000000080007fff, 0)}),
            (V128{0x00000000fb05807f, 0x000000000000807f}));
  // (1*5 + 2*6), (3*7 + 4*8), and -32768 * -32768 twice, which wraps to 0x80000000.
  EXPECT_EQ(v128("dot", {v128v(0x0004000300020001, 0x0000000080008000),
                         v128v(0x0008000700060005, 0x0000000080008000)}),
            (V128{0x0000003500000011, 0x0000000080000000}));
}

TEST_P(SimdTest, FloatLanesKeepWasmsNaNAndZeroRules) {
  load(R"((module
    (func (export "min") (param v128 v128) (result v128) (f32x4.min (local.get 0) (local.get 1)))
    (func (export "pmin") (param v128 v128) (result v128) (f32x4.pmin (local.get 0) (local.get 1)))
    (func (export "trunc_sat") (param v128) (result v128) (i32x4.trunc_sat_f32x4_s (local.get 0)))))");
  // Lanes: (-0, +0), (NaN, 1).
  V128 min = v128("min", {v128v(0x7fc0000080000000, 0), v128v(0x3f80000000000000, 0)});
  EXPECT_EQ(uint32_t(min.low), 0x80000000u);                 // min(-0, +0) = -0
  EXPECT_TRUE(isArithmeticNan32(uint32_t(min.low >> 32)));  // NaN propagates
  V128 pmin = v128("pmin", {v128v(0x7fc0000080000000, 0), v128v(0x3f80000000000000, 0)});
  EXPECT_EQ(pmin.low, 0x7fc0000080000000u); // b < a is false for both: a
  // NaN, 3e9, -3e9, -1.5 truncate to 0, INT32_MAX, INT32_MIN, -1.
  EXPECT_EQ(v128("trunc_sat", {v128v(0x4f32d05e7fc00000, 0xbfc00000cf32d05e)}),
            (V128{0x7fffffff00000000, 0xffffffff80000000}));
}

TEST_P(SimdTest, VectorsCrossCallsGlobalsAndTierUps) {
  load(R"((module
    (global $total (mut v128) (v128.const i64x2 0 0))
    (func $bump (param v128 i32) (result v128)
      (i32x4.add (local.get 0) (i32x4.splat (local.get 1))))
    ;; n iterations of acc = bump(acc, i): each lane ends at n(n-1)/2, and the global too.
    (func (export "sum") (param i32) (result v128)
      (local $acc v128) (local $i i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get 0)))
          (local.set $acc (call $bump (local.get $acc) (local.get $i)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (global.set $total (i32x4.add (global.get $total) (local.get $acc)))
      (local.get $acc))
    (func (export "total") (result v128) (global.get $total))))");
  for (uint64_t n : {10u, 3000u}) {
    uint64_t lane = n * (n - 1) / 2 & 0xffffffff;
    EXPECT_EQ(v128("sum", {i32v(int32_t(n))}), (V128{lane << 32 | lane, lane << 32 | lane})) << n;
  }
  uint64_t total = (45 + 4498500) & 0xffffffff;
  EXPECT_EQ(v128("total"), (V128{total << 32 | total, total << 32 | total}));
}

TEST_P(SimdTest, LaneAccessesTrapAtTheEndOfMemory) {
  load(R"((module
    (memory 1)
    (func (export "load") (param i32) (result v128) (v128.load (local.get 0)))
    (func (export "load_lane") (param i32) (result v128)
      (v128.load32_lane 1 (local.get 0) (v128.const i64x2 0 0)))
    (func (export "store_lane") (param i32)
      (v128.store64_lane 1 (local.get 0) (v128.const i64x2 1 -1)))
    (func (export "read") (param i32) (result i64) (i64.load (local.get 0)))))");
  EXPECT_EQ(v128("load", {i32v(65520)}), (V128{0, 0}));
  EXPECT_EQ(trapOf("load", {i32v(65521)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(v128("load_lane", {i32v(65532)}), (V128{0, 0}));
  EXPECT_EQ(trapOf("load_lane", {i32v(65533)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(trapOf("store_lane", {i32v(65529)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(i64("read", {i32v(65528)}), 0); // nothing written by the trapping store
  call("store_lane", {i32v(65528)});
  EXPECT_EQ(i64("read", {i32v(65528)}), -1);
}

STRATA_ENGINE_TESTS(SimdTest);

} // namespace
} // namespace strata::test
