// The word buffer the translator emits into. Capacity is ensured once per instruction
// (kMaxInstructionWords), so writing a word is a plain store. Forward references: the
// unresolved branch words of one label form a list threaded through the words themselves (each
// holds the position of the previous one plus one, 0 ending the list), resolved in one pass when
// the label's position is known. Private to lib/interp.
#pragma once

#include "Op.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

namespace strata::interp {

class CodeBuffer {
public:
  /// More than any instruction but br_table takes (which ensures its own room).
  static constexpr uint32_t kMaxInstructionWords = 16;

  uint32_t size() const { return size_; }
  void clear() { size_ = 0; }
  /// Room for `words` more words.
  void ensure(uint32_t words) {
    if (size_ + words > capacity_)
      grow(size_ + words);
  }
  /// A copy of the words, sized exactly; the buffer keeps its capacity for the next function.
  std::vector<uint32_t> words() const { return {data_.get(), data_.get() + size_}; }
  uint32_t &operator[](uint32_t position) { return data_[position]; }

  /// Starts an instruction; its position.
  uint32_t op(Op op) {
    ensure(kMaxInstructionWords);
    uint32_t position = size_;
    const void *handler = handlers_[unsigned(op)];
    std::memcpy(&data_[size_], &handler, sizeof handler);
    size_ += sizeof handler / sizeof(uint32_t);
    return position;
  }
  void word(uint32_t value) { data_[size_++] = value; }
  void imm64(uint64_t value) {
    word(uint32_t(value));
    word(uint32_t(value >> 32));
  }
  /// An immediate of `bytes` (4 or 8) bytes.
  void imm(uint64_t value, unsigned bytes) {
    if (bytes == 8)
      imm64(value);
    else
      word(uint32_t(value));
  }

  /// A branch word to a known position.
  void target(uint32_t position) { word(uint32_t(int32_t(position - size_))); }
  /// A branch word to a position not known yet, added to `list`.
  void forward(uint32_t &list) {
    uint32_t position = size_;
    word(list);
    list = position + 1;
  }
  /// Points every branch word of `list` at `position` and empties the list.
  void resolve(uint32_t &list, uint32_t position) {
    while (list) {
      uint32_t at = list - 1;
      list = data_[at];
      data_[at] = uint32_t(int32_t(position - at));
    }
  }
  void truncate(uint32_t position) { size_ = position; }

private:
  void grow(uint32_t needed) {
    uint32_t capacity = std::max(needed, capacity_ * 2);
    auto data = std::make_unique_for_overwrite<uint32_t[]>(capacity);
    if (size_)
      std::memcpy(data.get(), data_.get(), size_ * sizeof(uint32_t));
    data_ = std::move(data);
    capacity_ = capacity;
  }

  std::unique_ptr<uint32_t[]> data_;
  uint32_t size_ = 0;
  uint32_t capacity_ = 0;
  const void *const *handlers_ = handlerTable();
};

} // namespace strata::interp
