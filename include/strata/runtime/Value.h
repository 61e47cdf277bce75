// Runtime values. Inside the engines a value is one 64-bit slot (a v128 two, low half first);
// references are pointers: a funcref is the FunctionInstance*, an externref the host's void*,
// and 0 is null. `Value` is the typed form used at the embedding boundary.
#pragma once

#include "strata/wasm/Types.h"

#include <cstdint>
#include <cstring>
#include <string>

namespace strata::runtime {

class FunctionInstance;
using Ref = uint64_t;
constexpr Ref kNullRef = 0;

inline Ref toRef(const FunctionInstance *function) { return Ref(uintptr_t(function)); }
inline FunctionInstance *toFunction(Ref ref) {
  return reinterpret_cast<FunctionInstance *>(uintptr_t(ref));
}

struct V128 {
  uint64_t low = 0;
  uint64_t high = 0;
  bool operator==(const V128 &) const = default;
};

class Value {
public:
  Value() : type_(wasm::ValType::I32) {}
  static Value i32(int32_t v) { return fromBits(wasm::ValType::I32, uint32_t(v)); }
  static Value i64(int64_t v) { return fromBits(wasm::ValType::I64, uint64_t(v)); }
  static Value f32(float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    return fromBits(wasm::ValType::F32, bits);
  }
  static Value f64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    return fromBits(wasm::ValType::F64, bits);
  }
  static Value v128(V128 v) {
    Value value(wasm::ValType::V128);
    value.low_ = v.low;
    value.high_ = v.high;
    return value;
  }
  static Value funcRef(const FunctionInstance *f) {
    return fromBits(wasm::ValType::FuncRef, toRef(f));
  }
  static Value externRef(const void *p) {
    return fromBits(wasm::ValType::ExternRef, Ref(uintptr_t(p)));
  }
  static Value nullRef(wasm::ValType type) { return fromBits(type, kNullRef); }
  static Value zero(wasm::ValType type) { return fromBits(type, 0); }
  /// From engine slots: one slot, or two for a v128.
  static Value fromSlots(wasm::ValType type, const uint64_t *slots) {
    Value value = fromBits(type, slots[0]);
    if (type == wasm::ValType::V128)
      value.high_ = slots[1];
    return value;
  }
  static Value fromBits(wasm::ValType type, uint64_t bits) {
    Value value(type);
    value.low_ = bits;
    return value;
  }

  wasm::ValType type() const { return type_; }
  int32_t i32() const { return int32_t(uint32_t(low_)); }
  int64_t i64() const { return int64_t(low_); }
  float f32() const {
    uint32_t bits = uint32_t(low_);
    float v;
    std::memcpy(&v, &bits, 4);
    return v;
  }
  double f64() const {
    double v;
    std::memcpy(&v, &low_, 8);
    return v;
  }
  V128 v128() const { return {low_, high_}; }
  Ref ref() const { return low_; }
  bool isNull() const { return low_ == kNullRef; }
  uint64_t bits() const { return low_; }
  /// Writes the value into engine slots (two for a v128).
  void toSlots(uint64_t *slots) const {
    slots[0] = low_;
    if (type_ == wasm::ValType::V128)
      slots[1] = high_;
  }

  /// Bit-exact equality (NaN payloads compared as bits).
  bool operator==(const Value &other) const {
    return type_ == other.type_ && low_ == other.low_ && high_ == other.high_;
  }
  /// "i32:42", "f32:nan:0x400000", "funcref:null", ...
  std::string toString() const;

private:
  explicit Value(wasm::ValType type) : type_(type) {}
  wasm::ValType type_;
  uint64_t low_ = 0;
  uint64_t high_ = 0;
};

} // namespace strata::runtime
