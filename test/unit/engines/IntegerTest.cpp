// Integer instructions with the values that break naive implementations: INT_MIN, -1, shift
// counts at and beyond the width, zero for clz/ctz, division traps.
#include "OpCases.h"

#include <climits>

namespace strata::test {
namespace {

using runtime::TrapKind;
using wasm::ValType;

OpCase i32Binary(const char *op, int64_t a, int64_t b, Expect e) {
  return {op, {i32v(int32_t(a)), i32v(int32_t(b))}, ValType::I32, e};
}
OpCase i32Unary(const char *op, int64_t a, Expect e) {
  return {op, {i32v(int32_t(a))}, ValType::I32, e};
}
OpCase i64Binary(const char *op, int64_t a, int64_t b, Expect e) {
  return {op, {i64v(a), i64v(b)}, ValType::I64, e};
}
OpCase i64Compare(const char *op, int64_t a, int64_t b, uint32_t e) {
  return {op, {i64v(a), i64v(b)}, ValType::I32, bits(e)};
}
OpCase i64Unary(const char *op, int64_t a, Expect e) { return {op, {i64v(a)}, ValType::I64, e}; }

class IntegerTest : public OpCaseTest {};

TEST_P(IntegerTest, I32Arithmetic) {
  check({
      i32Binary("i32.add", INT_MAX, 1, bits(0x80000000)),
      i32Binary("i32.add", -1, -1, bits(0xfffffffe)),
      i32Binary("i32.sub", INT_MIN, 1, bits(0x7fffffff)),
      i32Binary("i32.sub", 0, INT_MIN, bits(0x80000000)),
      i32Binary("i32.mul", 0x10000, 0x10000, bits(0)),
      i32Binary("i32.mul", -3, 7, bits(uint32_t(-21))),
      i32Binary("i32.mul", INT_MAX, 2, bits(0xfffffffe)),
      i32Binary("i32.div_s", 7, 2, bits(3)),
      i32Binary("i32.div_s", -7, 2, bits(uint32_t(-3))),
      i32Binary("i32.div_s", 7, -2, bits(uint32_t(-3))),
      i32Binary("i32.div_s", INT_MIN, 2, bits(uint32_t(-1073741824))),
      i32Binary("i32.div_s", INT_MIN, -1, traps(TrapKind::IntegerOverflow)),
      i32Binary("i32.div_s", 1, 0, traps(TrapKind::IntegerDivideByZero)),
      i32Binary("i32.div_s", 0, 0, traps(TrapKind::IntegerDivideByZero)),
      i32Binary("i32.div_u", -1, 2, bits(0x7fffffff)),
      i32Binary("i32.div_u", INT_MIN, -1, bits(0)),
      i32Binary("i32.div_u", 1, 0, traps(TrapKind::IntegerDivideByZero)),
      i32Binary("i32.rem_s", -7, 2, bits(uint32_t(-1))),
      i32Binary("i32.rem_s", 7, -2, bits(1)),
      i32Binary("i32.rem_s", INT_MIN, -1, bits(0)),
      i32Binary("i32.rem_s", 5, 0, traps(TrapKind::IntegerDivideByZero)),
      i32Binary("i32.rem_u", -1, 7, bits(3)),
      i32Binary("i32.rem_u", 5, 0, traps(TrapKind::IntegerDivideByZero)),
  });
}

TEST_P(IntegerTest, I32Bitwise) {
  check({
      i32Binary("i32.and", 0xf0f0f0f0, 0x0ff00ff0, bits(0x00f000f0)),
      i32Binary("i32.or", 0xf0f0f0f0, 0x0ff00ff0, bits(0xfff0fff0)),
      i32Binary("i32.xor", 0xf0f0f0f0, 0x0ff00ff0, bits(0xff00ff00)),
      i32Binary("i32.shl", 1, 31, bits(0x80000000)),
      i32Binary("i32.shl", 1, 32, bits(1)),
      i32Binary("i32.shl", 1, 33, bits(2)),
      i32Binary("i32.shl", -1, -1, bits(0x80000000)),
      i32Binary("i32.shr_s", INT_MIN, 33, bits(0xc0000000)),
      i32Binary("i32.shr_s", -1, 100, bits(0xffffffff)),
      i32Binary("i32.shr_s", 0x40000000, 30, bits(1)),
      i32Binary("i32.shr_u", INT_MIN, 33, bits(0x40000000)),
      i32Binary("i32.shr_u", INT_MIN, 63, bits(1)),
      i32Binary("i32.rotl", 0x80000001, 1, bits(3)),
      i32Binary("i32.rotl", 0x12345678, 36, bits(0x23456781)),
      i32Binary("i32.rotl", 0x12345678, 0, bits(0x12345678)),
      i32Binary("i32.rotr", 0x80000001, 1, bits(0xc0000000)),
      i32Binary("i32.rotr", 1, 33, bits(0x80000000)),
      i32Unary("i32.clz", 0, bits(32)),
      i32Unary("i32.clz", 1, bits(31)),
      i32Unary("i32.clz", INT_MIN, bits(0)),
      i32Unary("i32.ctz", 0, bits(32)),
      i32Unary("i32.ctz", INT_MIN, bits(31)),
      i32Unary("i32.popcnt", -1, bits(32)),
      i32Unary("i32.popcnt", 0x55555555, bits(16)),
      i32Unary("i32.extend8_s", 0x80, bits(0xffffff80)),
      i32Unary("i32.extend8_s", 0x1234567f, bits(0x7f)),
      i32Unary("i32.extend16_s", 0x8000, bits(0xffff8000)),
      i32Unary("i32.extend16_s", 0x7fff8001, bits(0xffff8001)),
  });
}

TEST_P(IntegerTest, I32Comparisons) {
  check({
      i32Unary("i32.eqz", 0, bits(1)),
      i32Unary("i32.eqz", INT_MIN, bits(0)),
      i32Binary("i32.eq", -1, -1, bits(1)),
      i32Binary("i32.ne", -1, -1, bits(0)),
      i32Binary("i32.lt_s", -1, 1, bits(1)),
      i32Binary("i32.lt_u", -1, 1, bits(0)),
      i32Binary("i32.gt_s", -1, 1, bits(0)),
      i32Binary("i32.gt_u", -1, 1, bits(1)),
      i32Binary("i32.le_s", INT_MIN, INT_MIN, bits(1)),
      i32Binary("i32.le_u", 1, 0, bits(0)),
      i32Binary("i32.ge_s", INT_MIN, INT_MAX, bits(0)),
      i32Binary("i32.ge_u", INT_MIN, INT_MAX, bits(1)),
  });
}

TEST_P(IntegerTest, I64Arithmetic) {
  check({
      i64Binary("i64.add", LLONG_MAX, 1, bits(0x8000000000000000)),
      i64Binary("i64.sub", LLONG_MIN, 1, bits(0x7fffffffffffffff)),
      i64Binary("i64.mul", 0x100000000, 0x100000000, bits(0)),
      i64Binary("i64.mul", -3, 0x123456789, bits(uint64_t(-3 * 0x123456789ll))),
      i64Binary("i64.div_s", -7, 2, bits(uint64_t(-3))),
      i64Binary("i64.div_s", LLONG_MIN, -1, traps(TrapKind::IntegerOverflow)),
      i64Binary("i64.div_s", 1, 0, traps(TrapKind::IntegerDivideByZero)),
      i64Binary("i64.div_u", -1, 2, bits(0x7fffffffffffffff)),
      i64Binary("i64.div_u", 1, 0, traps(TrapKind::IntegerDivideByZero)),
      i64Binary("i64.rem_s", LLONG_MIN, -1, bits(0)),
      i64Binary("i64.rem_s", -7, 2, bits(uint64_t(-1))),
      i64Binary("i64.rem_s", 7, 0, traps(TrapKind::IntegerDivideByZero)),
      i64Binary("i64.rem_u", -1, 10, bits(5)),
      i64Binary("i64.rem_u", 7, 0, traps(TrapKind::IntegerDivideByZero)),
  });
}

TEST_P(IntegerTest, I64Bitwise) {
  check({
      i64Binary("i64.and", -1, 0x123456789abcdef0, bits(0x123456789abcdef0)),
      i64Binary("i64.or", 0xf0, 0xf00000000, bits(0xf000000f0)),
      i64Binary("i64.xor", -1, 0x0f0f0f0f0f0f0f0f, bits(0xf0f0f0f0f0f0f0f0)),
      i64Binary("i64.shl", 1, 63, bits(0x8000000000000000)),
      i64Binary("i64.shl", 1, 64, bits(1)),
      i64Binary("i64.shl", 1, 65, bits(2)),
      i64Binary("i64.shr_s", LLONG_MIN, 65, bits(0xc000000000000000)),
      i64Binary("i64.shr_u", LLONG_MIN, 65, bits(0x4000000000000000)),
      i64Binary("i64.shr_u", -1, 127, bits(1)),
      i64Binary("i64.rotl", 0x8000000000000001, 1, bits(3)),
      i64Binary("i64.rotl", 0x0123456789abcdef, 68, bits(0x123456789abcdef0)),
      i64Binary("i64.rotr", 1, 65, bits(0x8000000000000000)),
      i64Unary("i64.clz", 0, bits(64)),
      i64Unary("i64.clz", 0x100000000, bits(31)),
      i64Unary("i64.ctz", 0, bits(64)),
      i64Unary("i64.ctz", 0x100000000, bits(32)),
      i64Unary("i64.popcnt", -1, bits(64)),
      i64Unary("i64.extend8_s", 0x80, bits(0xffffffffffffff80)),
      i64Unary("i64.extend16_s", 0x18000, bits(0xffffffffffff8000)),
      i64Unary("i64.extend32_s", 0x80000000, bits(0xffffffff80000000)),
      i64Unary("i64.extend32_s", 0x17fffffff, bits(0x7fffffff)),
  });
}

TEST_P(IntegerTest, I64Comparisons) {
  check({
      {"i64.eqz", {i64v(0)}, ValType::I32, bits(1)},
      {"i64.eqz", {i64v(0x100000000)}, ValType::I32, bits(0)},
      i64Compare("i64.eq", 0x100000001, 1, 0),
      i64Compare("i64.ne", 0x100000001, 1, 1),
      i64Compare("i64.lt_s", -1, 1, 1),
      i64Compare("i64.lt_u", -1, 1, 0),
      i64Compare("i64.gt_s", LLONG_MIN, LLONG_MAX, 0),
      i64Compare("i64.gt_u", LLONG_MIN, LLONG_MAX, 1),
      i64Compare("i64.le_s", 5, 5, 1),
      i64Compare("i64.le_u", -1, 0, 0),
      i64Compare("i64.ge_s", -1, 0, 0),
      i64Compare("i64.ge_u", -1, 0, 1),
  });
}

TEST_P(IntegerTest, WidthConversions) {
  check({
      {"i32.wrap_i64", {i64v(0x123456789)}, ValType::I32, bits(0x23456789)},
      {"i32.wrap_i64", {i64v(-1)}, ValType::I32, bits(0xffffffff)},
      {"i64.extend_i32_s", {i32v(-1)}, ValType::I64, bits(0xffffffffffffffff)},
      {"i64.extend_i32_s", {i32v(INT_MAX)}, ValType::I64, bits(0x7fffffff)},
      {"i64.extend_i32_u", {i32v(-1)}, ValType::I64, bits(0xffffffff)},
  });
}

TEST_P(IntegerTest, I32ResultsAreZeroExtendedInSlots) {
  // Values cross the engine boundary as 64-bit slots; an i32 result must not leak high bits.
  load(R"((module
    (func (export "f") (param i64) (result i32) (i32.wrap_i64 (local.get 0)))
    (func (export "g") (result i32) (i32.const -1))))");
  runtime::FunctionInstance *f = instance_->exportedFunction("f");
  auto engine = engine::newCallEngine(*f);
  ASSERT_TRUE(engine);
  uint64_t slots[1] = {0xffffffff00000005};
  ASSERT_TRUE((*engine)->call(*context_, slots));
  EXPECT_EQ(slots[0], 5u);
  auto g = engine::newCallEngine(*instance_->exportedFunction("g"));
  ASSERT_TRUE(g);
  ASSERT_TRUE((*g)->call(*context_, slots));
  EXPECT_EQ(slots[0], 0xffffffffu);
}

STRATA_ENGINE_TESTS(IntegerTest);

} // namespace
} // namespace strata::test
