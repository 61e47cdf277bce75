// The word buffer the translator emits into, with forward references: the unresolved branch
// words of one label form a list threaded through the words themselves (each holds the
// position of the previous one plus one, 0 ending the list), resolved in one pass when the
// label's position is known. Private to lib/interp.
#pragma once

#include "Op.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace strata::interp {

class CodeBuffer {
public:
  uint32_t size() const { return uint32_t(words_.size()); }
  void clear() { words_.clear(); }
  std::vector<uint32_t> take() { return std::move(words_); }
  uint32_t &operator[](uint32_t position) { return words_[position]; }

  /// Starts an instruction; its position.
  uint32_t op(Op op) {
    uint32_t position = size();
    const void *handler = handlerAddress(op);
    uint32_t words[2];
    std::memcpy(words, &handler, sizeof handler);
    words_.push_back(words[0]);
    words_.push_back(words[1]);
    return position;
  }
  void word(uint32_t value) { words_.push_back(value); }
  void imm64(uint64_t value) {
    words_.push_back(uint32_t(value));
    words_.push_back(uint32_t(value >> 32));
  }
  /// An immediate of `bytes` (4 or 8) bytes.
  void imm(uint64_t value, unsigned bytes) {
    if (bytes == 8)
      imm64(value);
    else
      word(uint32_t(value));
  }

  /// A branch word to a known position.
  void target(uint32_t position) { words_.push_back(uint32_t(int32_t(position - size()))); }
  /// A branch word to a position not known yet, added to `list`.
  void forward(uint32_t &list) {
    uint32_t position = size();
    words_.push_back(list);
    list = position + 1;
  }
  /// Points every branch word of `list` at `position` and empties the list.
  void resolve(uint32_t &list, uint32_t position) {
    while (list) {
      uint32_t at = list - 1;
      list = words_[at];
      words_[at] = uint32_t(int32_t(position - at));
    }
  }
  void truncate(uint32_t position) { words_.resize(position); }

private:
  std::vector<uint32_t> words_;
};

} // namespace strata::interp
