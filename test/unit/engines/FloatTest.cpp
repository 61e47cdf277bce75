// Float instructions bit for bit: NaN propagation (canonical in, canonical out; signalling in,
// arithmetic out), payload-preserving sign operations, min/max on signed zeros, round-half-even.
#include "OpCases.h"

namespace strata::test {
namespace {

using wasm::ValType;

constexpr uint32_t kOne32 = 0x3f800000, kTwo32 = 0x40000000, kNegOne32 = 0xbf800000;
constexpr uint32_t kInf32 = 0x7f800000, kNegInf32 = 0xff800000;
constexpr uint32_t kNegZero32 = 0x80000000;
constexpr uint32_t kSignallingNan32 = 0x7fa00000, kPayloadNan32 = 0x7fc00001;
constexpr uint64_t kOne64 = 0x3ff0000000000000, kNegZero64 = 0x8000000000000000;
constexpr uint64_t kInf64 = 0x7ff0000000000000, kNegInf64 = 0xfff0000000000000;
constexpr uint64_t kSignallingNan64 = 0x7ff4000000000000;

OpCase f32Binary(const char *op, uint32_t a, uint32_t b, Expect e) {
  return {op, {f32b(a), f32b(b)}, ValType::F32, e};
}
OpCase f32Compare(const char *op, uint32_t a, uint32_t b, uint32_t e) {
  return {op, {f32b(a), f32b(b)}, ValType::I32, bits(e)};
}
OpCase f32Unary(const char *op, uint32_t a, Expect e) { return {op, {f32b(a)}, ValType::F32, e}; }
OpCase f64Binary(const char *op, uint64_t a, uint64_t b, Expect e) {
  return {op, {f64b(a), f64b(b)}, ValType::F64, e};
}
OpCase f64Compare(const char *op, uint64_t a, uint64_t b, uint32_t e) {
  return {op, {f64b(a), f64b(b)}, ValType::I32, bits(e)};
}
OpCase f64Unary(const char *op, uint64_t a, Expect e) { return {op, {f64b(a)}, ValType::F64, e}; }
uint32_t b32(float v) { return bitsOf(v); }
uint64_t b64(double v) { return bitsOf(v); }

class FloatTest : public OpCaseTest {};

TEST_P(FloatTest, F32Arithmetic) {
  check({
      f32Binary("f32.add", kOne32, kTwo32, bits(b32(3.0f))),
      f32Binary("f32.add", kF32CanonicalNan, kOne32, canonicalNan()),
      f32Binary("f32.add", kInf32, kNegInf32, canonicalNan()),
      f32Binary("f32.add", kSignallingNan32, kOne32, arithmeticNan()),
      f32Binary("f32.sub", kInf32, kInf32, canonicalNan()),
      f32Binary("f32.sub", kNegZero32, 0, bits(kNegZero32)),
      f32Binary("f32.mul", kInf32, 0, canonicalNan()),
      f32Binary("f32.mul", kNegOne32, 0, bits(kNegZero32)),
      f32Binary("f32.div", kOne32, 0, bits(kInf32)),
      f32Binary("f32.div", kNegOne32, 0, bits(kNegInf32)),
      f32Binary("f32.div", 0, 0, canonicalNan()),
      f32Binary("f32.div", kPayloadNan32, kOne32, arithmeticNan()),
      f32Unary("f32.sqrt", kNegOne32, canonicalNan()),
      f32Unary("f32.sqrt", kNegZero32, bits(kNegZero32)),
      f32Unary("f32.sqrt", b32(4.0f), bits(kTwo32)),
  });
}

TEST_P(FloatTest, F32MinMax) {
  check({
      f32Binary("f32.min", kNegZero32, 0, bits(kNegZero32)),
      f32Binary("f32.min", 0, kNegZero32, bits(kNegZero32)),
      f32Binary("f32.max", kNegZero32, 0, bits(0)),
      f32Binary("f32.max", 0, kNegZero32, bits(0)),
      f32Binary("f32.min", kF32CanonicalNan, kOne32, canonicalNan()),
      f32Binary("f32.min", kOne32, kF32CanonicalNan, canonicalNan()),
      f32Binary("f32.max", kNegInf32, kF32CanonicalNan, canonicalNan()),
      f32Binary("f32.min", kOne32, kSignallingNan32, arithmeticNan()),
      f32Binary("f32.max", kPayloadNan32, kOne32, arithmeticNan()),
      f32Binary("f32.min", kNegInf32, kOne32, bits(kNegInf32)),
      f32Binary("f32.max", kNegInf32, kOne32, bits(kOne32)),
  });
}

TEST_P(FloatTest, F32Rounding) {
  check({
      f32Unary("f32.nearest", b32(0.5f), bits(0)),
      f32Unary("f32.nearest", b32(1.5f), bits(kTwo32)),
      f32Unary("f32.nearest", b32(2.5f), bits(kTwo32)),
      f32Unary("f32.nearest", b32(-0.5f), bits(kNegZero32)),
      f32Unary("f32.nearest", b32(-1.5f), bits(b32(-2.0f))),
      f32Unary("f32.nearest", b32(8388609.0f), bits(b32(8388609.0f))),
      f32Unary("f32.nearest", kF32CanonicalNan, canonicalNan()),
      f32Unary("f32.ceil", b32(-0.5f), bits(kNegZero32)),
      f32Unary("f32.ceil", b32(1.25f), bits(kTwo32)),
      f32Unary("f32.floor", b32(-0.5f), bits(kNegOne32)),
      f32Unary("f32.floor", kNegZero32, bits(kNegZero32)),
      f32Unary("f32.trunc", b32(-1.75f), bits(kNegOne32)),
      f32Unary("f32.trunc", b32(-0.75f), bits(kNegZero32)),
      f32Unary("f32.ceil", kSignallingNan32, arithmeticNan()),
      f32Unary("f32.floor", kF32CanonicalNan, canonicalNan()),
      f32Unary("f32.floor", kSignallingNan32, arithmeticNan()),
      f32Unary("f32.trunc", kSignallingNan32, arithmeticNan()),
      f32Unary("f32.nearest", kSignallingNan32, arithmeticNan()),
      f32Unary("f32.sqrt", kSignallingNan32, arithmeticNan()),
      f32Unary("f32.trunc", 0xffc00000, canonicalNan()),
  });
}

TEST_P(FloatTest, F32SignOperationsKeepPayloads) {
  check({
      f32Unary("f32.abs", 0xffc00001, bits(0x7fc00001)),
      f32Unary("f32.abs", kNegZero32, bits(0)),
      f32Unary("f32.neg", kSignallingNan32, bits(0xffa00000)),
      f32Unary("f32.neg", 0, bits(kNegZero32)),
      f32Binary("f32.copysign", kPayloadNan32, kNegOne32, bits(0xffc00001)),
      f32Binary("f32.copysign", kNegOne32, kF32CanonicalNan, bits(kOne32)),
      f32Binary("f32.copysign", kOne32, 0xffc00000, bits(kNegOne32)),
  });
}

TEST_P(FloatTest, F32Comparisons) {
  check({
      f32Compare("f32.eq", kF32CanonicalNan, kF32CanonicalNan, 0),
      f32Compare("f32.ne", kF32CanonicalNan, kF32CanonicalNan, 1),
      f32Compare("f32.lt", kF32CanonicalNan, kOne32, 0),
      f32Compare("f32.gt", kOne32, kF32CanonicalNan, 0),
      f32Compare("f32.le", kSignallingNan32, kSignallingNan32, 0),
      f32Compare("f32.ge", kF32CanonicalNan, kNegInf32, 0),
      f32Compare("f32.eq", kNegZero32, 0, 1),
      f32Compare("f32.lt", kNegZero32, 0, 0),
      f32Compare("f32.le", kNegInf32, kInf32, 1),
  });
}

TEST_P(FloatTest, F64Arithmetic) {
  check({
      f64Binary("f64.add", kOne64, kOne64, bits(b64(2.0))),
      f64Binary("f64.add", kF64CanonicalNan, kOne64, canonicalNan()),
      f64Binary("f64.sub", kInf64, kInf64, canonicalNan()),
      f64Binary("f64.add", kSignallingNan64, kOne64, arithmeticNan()),
      f64Binary("f64.mul", kNegInf64, 0, canonicalNan()),
      f64Binary("f64.div", 0, 0, canonicalNan()),
      f64Binary("f64.div", kOne64, kNegZero64, bits(kNegInf64)),
      f64Binary("f64.div", b64(1.0), b64(3.0), bits(b64(1.0 / 3.0))),
      f64Unary("f64.sqrt", b64(-2.0), canonicalNan()),
      f64Unary("f64.sqrt", b64(2.0), bits(b64(1.4142135623730951))),
  });
}

TEST_P(FloatTest, F64MinMaxRoundingAndSign) {
  check({
      f64Binary("f64.min", kNegZero64, 0, bits(kNegZero64)),
      f64Binary("f64.min", 0, kNegZero64, bits(kNegZero64)),
      f64Binary("f64.max", kNegZero64, 0, bits(0)),
      f64Binary("f64.max", kF64CanonicalNan, kInf64, canonicalNan()),
      f64Binary("f64.min", kOne64, kSignallingNan64, arithmeticNan()),
      f64Unary("f64.nearest", b64(2.5), bits(b64(2.0))),
      f64Unary("f64.nearest", b64(3.5), bits(b64(4.0))),
      f64Unary("f64.nearest", b64(-0.5), bits(kNegZero64)),
      f64Unary("f64.nearest", b64(4503599627370497.0), bits(b64(4503599627370497.0))),
      f64Unary("f64.ceil", b64(-0.1), bits(kNegZero64)),
      f64Unary("f64.floor", b64(-0.1), bits(b64(-1.0))),
      f64Unary("f64.trunc", b64(-3.9), bits(b64(-3.0))),
      f64Unary("f64.ceil", kSignallingNan64, arithmeticNan()),
      f64Unary("f64.floor", kSignallingNan64, arithmeticNan()),
      f64Unary("f64.trunc", kSignallingNan64, arithmeticNan()),
      f64Unary("f64.nearest", kSignallingNan64, arithmeticNan()),
      f64Unary("f64.sqrt", kSignallingNan64, arithmeticNan()),
      f64Unary("f64.abs", 0xfff8000000000001, bits(0x7ff8000000000001)),
      f64Unary("f64.neg", kSignallingNan64, bits(0xfff4000000000000)),
      f64Binary("f64.copysign", 0x7ff8000000000001, kNegZero64, bits(0xfff8000000000001)),
      f64Compare("f64.eq", kF64CanonicalNan, kF64CanonicalNan, 0),
      f64Compare("f64.ne", kF64CanonicalNan, kOne64, 1),
      f64Compare("f64.lt", kNegInf64, kOne64, 1),
      f64Compare("f64.ge", kNegZero64, 0, 1),
      f64Compare("f64.gt", kF64CanonicalNan, kNegInf64, 0),
      f64Compare("f64.le", kOne64, kF64CanonicalNan, 0),
  });
}

TEST_P(FloatTest, PromoteDemote) {
  check({
      {"f32.demote_f64", {f64b(b64(1e300))}, ValType::F32, bits(kInf32)},
      {"f32.demote_f64", {f64b(b64(-1e-300))}, ValType::F32, bits(kNegZero32)},
      {"f32.demote_f64", {f64b(kF64CanonicalNan)}, ValType::F32, canonicalNan()},
      {"f32.demote_f64", {f64b(kSignallingNan64)}, ValType::F32, arithmeticNan()},
      // Round to nearest even: 1 + 2^-24 lies halfway between 1 and the next float.
      {"f32.demote_f64", {f64b(b64(1.0 + 0x1p-24))}, ValType::F32, bits(kOne32)},
      {"f64.promote_f32", {f32b(kF32CanonicalNan)}, ValType::F64, canonicalNan()},
      {"f64.promote_f32", {f32b(kSignallingNan32)}, ValType::F64, arithmeticNan()},
      {"f64.promote_f32", {f32b(kNegZero32)}, ValType::F64, bits(kNegZero64)},
  });
}

TEST_P(FloatTest, Reinterpretations) {
  check({
      {"i32.reinterpret_f32", {f32b(kSignallingNan32)}, ValType::I32, bits(kSignallingNan32)},
      {"f32.reinterpret_i32",
       {i32v(int32_t(kSignallingNan32))},
       ValType::F32,
       bits(kSignallingNan32)},
      {"i64.reinterpret_f64", {f64b(kSignallingNan64)}, ValType::I64, bits(kSignallingNan64)},
      {"f64.reinterpret_i64",
       {i64v(int64_t(kSignallingNan64))},
       ValType::F64,
       bits(kSignallingNan64)},
  });
}

STRATA_ENGINE_TESTS(FloatTest);

} // namespace
} // namespace strata::test
