// The word buffer the translator emits into. Capacity is ensured once per instruction
// (kMaxInstructionWords), so writing a word is a plain store. The end is kept as a pointer, not
// a count: a word store may alias any uint32_t, so a count would be reloaded after every store,
// while a pointer cannot be aliased by one and stays in a register. Forward references: the
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

  uint32_t size() const { return uint32_t(end_ - data_.get()); }
  void clear() { end_ = data_.get(); }
  /// Room for `words` more words.
  void ensure(uint32_t words) {
    if (uint32_t(limit_ - end_) < words)
      grow(size() + words);
  }
  /// A copy of the words, sized exactly; the buffer keeps its capacity for the next function.
  std::vector<uint32_t> words() const { return {data_.get(), end_}; }
  uint32_t &operator[](uint32_t position) { return data_[position]; }

  /// Starts an instruction; its position.
  uint32_t op(Op op) {
    ensure(kMaxInstructionWords);
    uint32_t position = size();
    const void *handler = handlers_[unsigned(op)];
    // Through a local: the pointer store could alias end_ itself.
    uint32_t *at = end_;
    std::memcpy(at, &handler, sizeof handler);
    end_ = at + sizeof handler / sizeof(uint32_t);
    return position;
  }
  void word(uint32_t value) { *end_++ = value; }
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
  void target(uint32_t position) { word(uint32_t(int32_t(position - size()))); }
  /// A branch word to a position not known yet, added to `list`.
  void forward(uint32_t &list) {
    uint32_t position = size();
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
  void truncate(uint32_t position) { end_ = data_.get() + position; }

private:
  void grow(uint32_t needed) {
    uint32_t size = this->size();
    uint32_t capacity = std::max(needed, uint32_t(limit_ - data_.get()) * 2);
    auto data = std::make_unique_for_overwrite<uint32_t[]>(capacity);
    if (size)
      std::memcpy(data.get(), data_.get(), size * sizeof(uint32_t));
    data_ = std::move(data);
    end_ = data_.get() + size;
    limit_ = data_.get() + capacity;
  }

  std::unique_ptr<uint32_t[]> data_;
  uint32_t *end_ = nullptr;   // one past the last word
  uint32_t *limit_ = nullptr; // one past the capacity
  const void *const *handlers_ = handlerTable();
};

} // namespace strata::interp
