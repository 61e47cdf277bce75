// Float/integer conversions: the exact boundaries of the trapping truncations ("integer
// overflow", "invalid conversion to integer"), the saturating ones, and correctly rounded
// integer-to-float conversion.
#include "OpCases.h"

#include <climits>

namespace strata::test {
namespace {

using runtime::TrapKind;
using wasm::ValType;

OpCase fromF32(const char *op, float a, ValType result, Expect e) {
  return {op, {f32v(a)}, result, e};
}
OpCase fromF64(const char *op, double a, ValType result, Expect e) {
  return {op, {f64v(a)}, result, e};
}
constexpr ValType I32 = ValType::I32, I64 = ValType::I64;
const Expect kOverflow = traps(TrapKind::IntegerOverflow);
const Expect kInvalid = traps(TrapKind::InvalidConversion);
const float kNan32 = __builtin_nanf(""), kInf32 = __builtin_inff();
const double kNan64 = __builtin_nan(""), kInf64 = __builtin_inf();

class ConversionTest : public OpCaseTest {};

TEST_P(ConversionTest, TruncToI32) {
  check({
      fromF32("i32.trunc_f32_s", -2147483648.0f, I32, bits(0x80000000)),
      fromF32("i32.trunc_f32_s", 2147483520.0f, I32, bits(2147483520)),
      fromF32("i32.trunc_f32_s", 2147483648.0f, I32, kOverflow),
      fromF32("i32.trunc_f32_s", -2147483904.0f, I32, kOverflow),
      fromF32("i32.trunc_f32_s", -0.9f, I32, bits(0)),
      fromF32("i32.trunc_f32_s", kNan32, I32, kInvalid),
      fromF32("i32.trunc_f32_s", -kInf32, I32, kOverflow),
      fromF32("i32.trunc_f32_u", -0.9f, I32, bits(0)),
      fromF32("i32.trunc_f32_u", -1.0f, I32, kOverflow),
      fromF32("i32.trunc_f32_u", 4294967040.0f, I32, bits(0xffffff00)),
      fromF32("i32.trunc_f32_u", 4294967296.0f, I32, kOverflow),
      fromF32("i32.trunc_f32_u", -kNan32, I32, kInvalid),
      fromF64("i32.trunc_f64_s", -2147483648.9, I32, bits(0x80000000)),
      fromF64("i32.trunc_f64_s", -2147483649.0, I32, kOverflow),
      fromF64("i32.trunc_f64_s", 2147483647.9, I32, bits(0x7fffffff)),
      fromF64("i32.trunc_f64_s", 2147483648.0, I32, kOverflow),
      fromF64("i32.trunc_f64_s", kNan64, I32, kInvalid),
      fromF64("i32.trunc_f64_u", 4294967295.9, I32, bits(0xffffffff)),
      fromF64("i32.trunc_f64_u", 4294967296.0, I32, kOverflow),
      fromF64("i32.trunc_f64_u", -0.99, I32, bits(0)),
      fromF64("i32.trunc_f64_u", -1.0, I32, kOverflow),
      fromF64("i32.trunc_f64_u", kInf64, I32, kOverflow),
  });
}

TEST_P(ConversionTest, TruncToI64) {
  check({
      fromF32("i64.trunc_f32_s", -9223372036854775808.0f, I64, bits(0x8000000000000000)),
      fromF32("i64.trunc_f32_s", 9223372036854775808.0f, I64, kOverflow),
      fromF32("i64.trunc_f32_s", -9223373136366403584.0f, I64, kOverflow),
      fromF32("i64.trunc_f32_s", kNan32, I64, kInvalid),
      fromF32("i64.trunc_f32_u", 18446742974197923840.0f, I64, bits(0xffffff0000000000)),
      fromF32("i64.trunc_f32_u", 18446744073709551616.0f, I64, kOverflow),
      fromF32("i64.trunc_f32_u", -0.5f, I64, bits(0)),
      fromF64("i64.trunc_f64_s", -9223372036854775808.0, I64, bits(0x8000000000000000)),
      fromF64("i64.trunc_f64_s", 9223372036854774784.0, I64, bits(0x7ffffffffffffc00)),
      fromF64("i64.trunc_f64_s", 9223372036854775808.0, I64, kOverflow),
      fromF64("i64.trunc_f64_s", -9223372036854777856.0, I64, kOverflow),
      fromF64("i64.trunc_f64_s", -kNan64, I64, kInvalid),
      fromF64("i64.trunc_f64_u", 18446744073709549568.0, I64, bits(0xfffffffffffff800)),
      fromF64("i64.trunc_f64_u", 18446744073709551616.0, I64, kOverflow),
      fromF64("i64.trunc_f64_u", -0.9, I64, bits(0)),
      fromF64("i64.trunc_f64_u", -1.0, I64, kOverflow),
      fromF64("i64.trunc_f64_u", kNan64, I64, kInvalid),
  });
}

TEST_P(ConversionTest, SaturatingTrunc) {
  check({
      fromF32("i32.trunc_sat_f32_s", kNan32, I32, bits(0)),
      fromF32("i32.trunc_sat_f32_s", kInf32, I32, bits(0x7fffffff)),
      fromF32("i32.trunc_sat_f32_s", -kInf32, I32, bits(0x80000000)),
      fromF32("i32.trunc_sat_f32_s", 3e9f, I32, bits(0x7fffffff)),
      fromF32("i32.trunc_sat_f32_s", -2147483648.0f, I32, bits(0x80000000)),
      fromF32("i32.trunc_sat_f32_u", -1.0f, I32, bits(0)),
      fromF32("i32.trunc_sat_f32_u", 4294967040.0f, I32, bits(0xffffff00)),
      fromF64("i32.trunc_sat_f64_s", -2147483649.0, I32, bits(0x80000000)),
      fromF64("i32.trunc_sat_f64_s", -2147483648.9, I32, bits(0x80000000)),
      fromF64("i32.trunc_sat_f64_u", 5e9, I32, bits(0xffffffff)),
      fromF64("i32.trunc_sat_f64_u", -kNan64, I32, bits(0)),
      fromF32("i64.trunc_sat_f32_s", -kInf32, I64, bits(0x8000000000000000)),
      fromF32("i64.trunc_sat_f32_u", kNan32, I64, bits(0)),
      fromF32("i64.trunc_sat_f32_u", -kInf32, I64, bits(0)),
      fromF64("i64.trunc_sat_f64_s", 1e19, I64, bits(0x7fffffffffffffff)),
      fromF64("i64.trunc_sat_f64_s", -1.5, I64, bits(uint64_t(-1))),
      fromF64("i64.trunc_sat_f64_u", 1.8446744073709552e19, I64, bits(0xffffffffffffffff)),
      fromF64("i64.trunc_sat_f64_u", 18446744073709549568.0, I64, bits(0xfffffffffffff800)),
  });
}

TEST_P(ConversionTest, IntegerToFloatRoundsToNearestEven) {
  check({
      {"f32.convert_i32_s", {i32v(16777217)}, ValType::F32, bits(0x4b800000)},
      {"f32.convert_i32_s", {i32v(INT_MIN)}, ValType::F32, bits(0xcf000000)},
      {"f32.convert_i32_u", {i32v(-1)}, ValType::F32, bits(0x4f800000)},
      {"f32.convert_i64_s", {i64v(LLONG_MAX)}, ValType::F32, bits(0x5f000000)},
      {"f32.convert_i64_u", {i64v(-1)}, ValType::F32, bits(0x5f800000)},
      {"f32.convert_i64_u", {i64v(0x20000020000001)}, ValType::F32, bits(0x5a000001)},
      {"f64.convert_i32_u", {i32v(-1)}, ValType::F64, bits(0x41efffffffe00000)},
      {"f64.convert_i32_s", {i32v(-1)}, ValType::F64, bits(0xbff0000000000000)},
      {"f64.convert_i64_s", {i64v(9007199254740993)}, ValType::F64, bits(0x4340000000000000)},
      {"f64.convert_i64_u",
       {i64v(int64_t(0x8000000000000401))},
       ValType::F64,
       bits(0x43e0000000000001)},
      {"f64.convert_i64_u", {i64v(-1)}, ValType::F64, bits(0x43f0000000000000)},
  });
}

STRATA_ENGINE_TESTS(ConversionTest);

} // namespace
} // namespace strata::test
