#include "strata/runtime/Value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

using namespace strata::runtime;
using strata::wasm::ValType;

static float floatFromBits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

TEST(Value, IntegersPrintSigned) {
  EXPECT_EQ(Value::i32(42).toString(), "i32:42");
  EXPECT_EQ(Value::i32(-1).toString(), "i32:-1");
  EXPECT_EQ(Value::i64(INT64_MIN).toString(), "i64:-9223372036854775808");
}

TEST(Value, FloatsPrintShortestRoundTrip) {
  EXPECT_EQ(Value::f32(0.1f).toString(), "f32:0.1");
  EXPECT_EQ(Value::f64(0.1).toString(), "f64:0.1");
  EXPECT_EQ(Value::f32(-1.5f).toString(), "f32:-1.5");
  EXPECT_EQ(Value::f64(-0.0).toString(), "f64:-0");
  // The smallest subnormal survives the trip through text.
  float tiny = std::numeric_limits<float>::denorm_min();
  std::string text = Value::f32(tiny).toString();
  EXPECT_EQ(std::strtof(text.c_str() + 4, nullptr), tiny) << text;
}

TEST(Value, NanPayloadsAndInfinitiesAreVisible) {
  EXPECT_EQ(Value::fromBits(ValType::F32, 0x7fa00000).toString(), "f32:nan:0x200000");
  EXPECT_EQ(Value::fromBits(ValType::F32, 0xffc00000).toString(), "f32:-nan:0x400000");
  EXPECT_EQ(Value::fromBits(ValType::F64, 0x7ff0000000000001).toString(), "f64:nan:0x1");
  EXPECT_EQ(Value::f32(floatFromBits(0x7f800000)).toString(), "f32:inf");
  EXPECT_EQ(Value::f64(-HUGE_VAL).toString(), "f64:-inf");
}

TEST(Value, ReferencesAndVectors) {
  EXPECT_EQ(Value::nullRef(ValType::FuncRef).toString(), "funcref:null");
  EXPECT_EQ(Value::externRef(reinterpret_cast<void *>(0x1234)).toString(), "externref:0x1234");
  EXPECT_EQ(Value::v128({0x0000000200000001, 0x0000000400000003}).toString(),
            "v128:i32x4 0x00000001 0x00000002 0x00000003 0x00000004");
}

TEST(Value, SlotsRoundTripAndEqualityIsBitwise) {
  uint64_t slots[2];
  Value v = Value::v128({1, 2});
  v.toSlots(slots);
  EXPECT_EQ(Value::fromSlots(ValType::V128, slots), v);
  EXPECT_EQ(Value::fromBits(ValType::F32, 0x7fc00000), Value::fromBits(ValType::F32, 0x7fc00000));
  EXPECT_FALSE(Value::fromBits(ValType::F32, 0x7fc00000) ==
               Value::fromBits(ValType::F32, 0x7fc00001));
  EXPECT_FALSE(Value::i32(0) == Value::i64(0));
}
