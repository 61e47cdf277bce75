#include "strata/runtime/Value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace strata::runtime {

static std::string hex(uint64_t bits, int digits = 0) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "0x%0*llx", digits, static_cast<unsigned long long>(bits));
  return buffer;
}

/// The shortest text that reads back to the same bits; NaNs show sign and payload, which
/// decimal text would lose.
template <typename Float, typename Bits>
static std::string formatFloat(Float value, Bits bits, Bits payloadMask) {
  if (std::isnan(value))
    return std::string(std::signbit(value) ? "-" : "") + "nan:" + hex(bits & payloadMask);
  if (std::isinf(value))
    return std::signbit(value) ? "-inf" : "inf";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string Value::toString() const {
  std::string prefix = std::string(wasm::toString(type_)) + ":";
  switch (type_) {
  case wasm::ValType::I32:
    return prefix + std::to_string(i32());
  case wasm::ValType::I64:
    return prefix + std::to_string(i64());
  case wasm::ValType::F32:
    return prefix + formatFloat(f32(), uint32_t(low_), uint32_t(0x7fffff));
  case wasm::ValType::F64:
    return prefix + formatFloat(f64(), low_, uint64_t(0xfffffffffffff));
  case wasm::ValType::V128: {
    // Four i32 lanes, lane 0 first: the order of v128.const i32x4.
    std::string text = prefix + "i32x4";
    for (int lane = 0; lane < 4; ++lane) {
      uint64_t half = lane < 2 ? low_ : high_;
      text += " " + hex(uint32_t(half >> (32 * (lane % 2))), 8);
    }
    return text;
  }
  case wasm::ValType::FuncRef:
  case wasm::ValType::ExternRef:
    return prefix + (isNull() ? std::string("null") : hex(low_));
  }
  return prefix + hex(low_);
}

} // namespace strata::runtime
