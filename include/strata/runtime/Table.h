// Tables: a growable vector of references (Value.h: a funcref is its FunctionInstance*, an
// externref the host's pointer, 0 is null) with the spec's bounds rules for get, set, grow, fill,
// copy and init. Depends on support/ and wasm/Types.h only.
#pragma once

#include "strata/runtime/Value.h"
#include "strata/support/Error.h"
#include "strata/wasm/Types.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace strata::runtime {

/// Native code reads the element array at kDataOffset and the size (uint64_t) at kSizeOffset;
/// both change only when the table grows.
class TableInstance {
public:
  static constexpr size_t kDataOffset = 0;
  static constexpr size_t kSizeOffset = 8;

  /// A table of `type.limits.min` copies of `init`. Fails when the minimum passes
  /// `elementLimit`, the embedder's cap on any table's size.
  static Expected<std::unique_ptr<TableInstance>> create(const wasm::TableType &type, Ref init,
                                                         uint64_t elementLimit);

  wasm::ValType elemType() const { return declared_.elemType; }
  uint32_t size() const { return uint32_t(elements_.size()); }
  /// The most elements the table can ever hold: its declared maximum capped by the limit.
  uint64_t maxSize() const { return maxSize_; }
  const wasm::TableType &declaredType() const { return declared_; }
  /// The type import matching sees: the current size as the minimum, the declared maximum.
  wasm::TableType currentType() const;

  /// The elements; the pointer changes when the table grows.
  Ref *data() { return elements_.data(); }
  const Ref *data() const { return elements_.data(); }
  /// Unchecked access.
  Ref operator[](uint32_t index) const { return elements_[index]; }

  bool get(uint32_t index, Ref &out) const {
    if (index >= elements_.size())
      return false;
    out = elements_[index];
    return true;
  }
  bool set(uint32_t index, Ref value) {
    if (index >= elements_.size())
      return false;
    elements_[index] = value;
    return true;
  }

  /// True when [offset, offset + length) lies inside the table.
  bool inBounds(uint64_t offset, uint64_t length) const {
    return offset <= elements_.size() && length <= elements_.size() - offset;
  }

  /// table.grow: the old size, or -1 when the new size would pass the maximum.
  int64_t grow(uint32_t delta, Ref init);

  // Bulk operations with the spec's semantics: check the whole range first, then write. They
  // return false, writing nothing, when a range is out of bounds.
  bool fill(uint32_t offset, Ref value, uint32_t length);
  /// table.copy; `source` may be this table and the ranges may overlap.
  bool copyFrom(uint32_t destination, const TableInstance &source, uint32_t sourceOffset,
                uint32_t length);
  /// table.init: copies `length` references of `segment` from `segmentOffset`.
  bool init(uint32_t destination, std::span<const Ref> segment, uint32_t segmentOffset,
            uint32_t length);

private:
  TableInstance(const wasm::TableType &type, uint64_t maxSize)
      : declared_(type), maxSize_(maxSize) {}
  /// Refreshes the view native code reads after the element vector changed size.
  void publishElements() {
    nativeData_ = elements_.data();
    nativeSize_ = elements_.size();
  }

  // Native code reads these two at fixed offsets; keep them first.
  Ref *nativeData_ = nullptr;
  uint64_t nativeSize_ = 0;
  std::vector<Ref> elements_;
  wasm::TableType declared_;
  uint64_t maxSize_;
};

} // namespace strata::runtime
