// A stack with its capacity fixed before use, so pushes need no capacity check: the
// translator's operand stack, whose bound the validator proves. Private to lib/interp.
#pragma once

#include <cassert>
#include <cstdint>
#include <memory>

namespace strata::interp {

template <typename T> class FixedStack {
public:
  /// Empties the stack and makes room for `capacity` elements.
  void reset(size_t capacity) {
    if (capacity > capacity_) {
      data_ = std::make_unique<T[]>(capacity);
      capacity_ = capacity;
    }
    size_ = 0;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T &back() { return data_[size_ - 1]; }
  T &operator[](size_t i) { return data_[i]; }
  void push_back(const T &value) {
    assert(size_ < capacity_ && "stack bound exceeded");
    data_[size_++] = value;
  }
  void pop_back() { --size_; }

private:
  std::unique_ptr<T[]> data_;
  size_t capacity_ = 0;
  size_t size_ = 0;
};

} // namespace strata::interp
