// Linear memory. A 32-bit memory reserves its whole addressable range plus a guard region once
// (PROT_NONE), makes pages read/write as it grows and never moves its base, so native code may
// keep the base in a register and rely on guard pages instead of explicit bounds checks.
// Depends on support/ and wasm/Types.h only.
#pragma once

#include "strata/support/Error.h"
#include "strata/wasm/Types.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>

namespace strata::runtime {

/// How a store allocates memories.
struct MemoryConfig {
  /// The embedder's limit in pages; neither the initial size nor growth may exceed it.
  uint32_t pageLimit = wasm::kMaxPages;
  /// Try the full guarded reservation first. When it is off, or the system refuses 8 GiB of
  /// address space, only the maximum size is reserved and tiers must check bounds explicitly.
  bool reserveGuardRegion = true;
};

/// Layout for native code: `base` (uint8_t*) at kBaseOffset and the size in bytes (uint64_t) at
/// kSizeOffset. The base never changes; the size only grows.
class MemoryInstance {
public:
  /// Any i32 index plus any u32 offset plus a 16-byte access lands inside this reservation, so
  /// with it a bounds check can be left to the guard pages.
  static constexpr uint64_t kGuardedReservation = (uint64_t(1) << 33) + wasm::kPageSize;
  static constexpr size_t kBaseOffset = 0;
  static constexpr size_t kSizeOffset = 8;

  /// Reserves the address space and makes the initial pages accessible.
  static Expected<std::unique_ptr<MemoryInstance>> create(const wasm::MemoryType &type,
                                                          const MemoryConfig &config = {});
  ~MemoryInstance();
  MemoryInstance(const MemoryInstance &) = delete;
  MemoryInstance &operator=(const MemoryInstance &) = delete;

  uint8_t *base() const { return base_; }
  uint64_t size() const { return size_; }
  uint32_t pages() const { return uint32_t(size_ / wasm::kPageSize); }
  /// The most pages this memory can ever have: its declared maximum, capped by the embedder's
  /// limit and the reservation.
  uint32_t maxPages() const { return maxPages_; }
  /// The declared type.
  const wasm::MemoryType &declaredType() const { return declared_; }
  /// The type import matching sees: the current size as the minimum, the declared maximum.
  wasm::MemoryType currentType() const;
  uint64_t reservedBytes() const { return reserved_; }
  /// True when the guard region covers every effective address a 32-bit access can form.
  bool hasGuardRegion() const { return reserved_ >= kGuardedReservation; }
  /// True when the guard region was asked for but the system refused the address space.
  bool guardRegionRefused() const { return guardRegionRefused_; }

  /// memory.grow: the old size in pages, or -1 when the result would pass the maximum or the
  /// pages cannot be committed. Growing by 0 returns the size.
  int64_t grow(uint32_t deltaPages);

  /// True when [offset, offset + length) lies inside the memory.
  bool inBounds(uint64_t offset, uint64_t length) const {
    return offset <= size_ && length <= size_ - offset;
  }

  template <typename T> bool load(uint64_t offset, T &out) const {
    if (!inBounds(offset, sizeof(T)))
      return false;
    std::memcpy(&out, base_ + offset, sizeof(T));
    return true;
  }
  template <typename T> bool store(uint64_t offset, const T &value) {
    if (!inBounds(offset, sizeof(T)))
      return false;
    std::memcpy(base_ + offset, &value, sizeof(T));
    return true;
  }

  // Bulk operations with the spec's semantics: check the whole range first, then write. They
  // return false, writing nothing, when a range is out of bounds.
  bool fill(uint64_t offset, uint8_t value, uint64_t length);
  bool copy(uint64_t destination, uint64_t source, uint64_t length);
  /// memory.init: copies `length` bytes of `segment` from `segmentOffset`.
  bool init(uint64_t destination, std::span<const uint8_t> segment, uint64_t segmentOffset,
            uint64_t length);

private:
  MemoryInstance() = default;

  // Native code reads these two at fixed offsets; keep them first.
  uint8_t *base_ = nullptr;
  uint64_t size_ = 0;
  uint64_t reserved_ = 0;
  uint32_t maxPages_ = 0;
  bool guardRegionRefused_ = false;
  wasm::MemoryType declared_;
};

} // namespace strata::runtime
