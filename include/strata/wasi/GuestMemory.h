// The guest's linear memory as one WASI call sees it: every pointer and length the guest passes
// is checked against the memory's current size before the host touches a byte, so a bad one
// becomes the errno fault, never a host access outside the memory. Take a fresh view per call:
// the memory may have grown since the last one (its base never moves, its size only grows).
// Depends on runtime/Memory.h.
#pragma once

#include "strata/runtime/Memory.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

namespace strata::wasi {

class GuestMemory {
public:
  /// A view of `memory`; a null memory is an empty one (every pointer is out of bounds).
  explicit GuestMemory(runtime::MemoryInstance *memory)
      : base_(memory ? memory->base() : nullptr), size_(memory ? memory->size() : 0) {}

  uint64_t size() const { return size_; }

  /// True when [pointer, pointer + length) lies inside the memory.
  bool contains(uint64_t pointer, uint64_t length) const {
    return pointer <= size_ && length <= size_ - pointer;
  }
  /// True when `count` records of `recordSize` bytes fit at `pointer` (no overflow possible:
  /// both factors are at most 32 bits).
  bool containsArray(uint32_t pointer, uint32_t count, uint32_t recordSize) const {
    return contains(pointer, uint64_t(count) * recordSize);
  }

  /// The host address of a guest pointer; only after contains() said yes.
  uint8_t *at(uint64_t pointer) const { return base_ + pointer; }

  template <typename T> bool load(uint64_t pointer, T &out) const {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!contains(pointer, sizeof(T)))
      return false;
    std::memcpy(&out, base_ + pointer, sizeof(T));
    return true;
  }
  template <typename T> bool store(uint64_t pointer, T value) const {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!contains(pointer, sizeof(T)))
      return false;
    std::memcpy(base_ + pointer, &value, sizeof(T));
    return true;
  }
  /// Loads and stores inside a range the caller has already checked.
  template <typename T> T loadAt(uint64_t pointer) const {
    T value;
    std::memcpy(&value, base_ + pointer, sizeof(T));
    return value;
  }
  template <typename T> void storeAt(uint64_t pointer, T value) const {
    std::memcpy(base_ + pointer, &value, sizeof(T));
  }

  /// Copies `length` bytes at `pointer` into `out`; false when out of bounds.
  bool readBytes(uint32_t pointer, uint32_t length, std::string &out) const {
    if (!contains(pointer, length))
      return false;
    out.assign(reinterpret_cast<const char *>(base_ + pointer), length);
    return true;
  }

private:
  uint8_t *base_;
  uint64_t size_;
};

} // namespace strata::wasi
