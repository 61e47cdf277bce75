// Globals: a type and 16 bytes of value storage (a v128 needs both slots), laid out so native
// code can load and store the value at a fixed offset. Depends on wasm/Types.h only.
#pragma once

#include "strata/runtime/Value.h"
#include "strata/wasm/Types.h"

#include <cassert>
#include <cstddef>
#include <cstdint>

namespace strata::runtime {

class GlobalInstance {
public:
  /// Native code finds the value's slots here: one for most types, two for a v128.
  static constexpr size_t kValueOffset = 0;

  GlobalInstance(const wasm::GlobalType &type, const Value &init) : type_(type) {
    static_assert(offsetof(GlobalInstance, slots_) == kValueOffset,
                  "native code relies on this offset");
    setValue(init);
  }

  const wasm::GlobalType &type() const { return type_; }
  Value value() const { return Value::fromSlots(type_.type, slots_); }
  void setValue(const Value &value) {
    assert(value.type() == type_.type && "global value of the wrong type");
    value.toSlots(slots_);
  }
  uint64_t *slots() { return slots_; }
  const uint64_t *slots() const { return slots_; }

private:
  alignas(16) uint64_t slots_[2] = {0, 0};
  wasm::GlobalType type_;
};

} // namespace strata::runtime
