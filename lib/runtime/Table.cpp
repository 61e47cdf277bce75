#include "strata/runtime/Table.h"

#include <algorithm>
#include <new>

namespace strata::runtime {

Expected<std::unique_ptr<TableInstance>>
TableInstance::create(const wasm::TableType &type, Ref init, uint64_t elementLimit) {
  uint64_t maxSize = std::min({type.limits.max.value_or(wasm::kMaxTableSize),
                               wasm::kMaxTableSize, elementLimit});
  if (type.limits.min > maxSize)
    return Error("table size " + std::to_string(type.limits.min) +
                 " exceeds the limit of " + std::to_string(maxSize) + " elements");
  std::unique_ptr<TableInstance> table(new TableInstance(type, maxSize));
  try {
    table->elements_.assign(type.limits.min, init);
    table->publishElements();
  } catch (const std::bad_alloc &) {
    return Error("out of memory allocating a table of " + std::to_string(type.limits.min) +
                 " elements");
  }
  return table;
}

wasm::TableType TableInstance::currentType() const {
  wasm::TableType type = declared_;
  type.limits.min = elements_.size();
  return type;
}

int64_t TableInstance::grow(uint32_t delta, Ref init) {
  uint64_t oldSize = elements_.size();
  if (oldSize + delta > maxSize_)
    return -1;
  try {
    elements_.resize(oldSize + delta, init);
    publishElements();
  } catch (const std::bad_alloc &) {
    return -1;
  }
  return int64_t(oldSize);
}

bool TableInstance::fill(uint32_t offset, Ref value, uint32_t length) {
  if (!inBounds(offset, length))
    return false;
  std::fill_n(elements_.begin() + offset, length, value);
  return true;
}

bool TableInstance::copyFrom(uint32_t destination, const TableInstance &source,
                             uint32_t sourceOffset, uint32_t length) {
  if (!inBounds(destination, length) || !source.inBounds(sourceOffset, length))
    return false;
  // std::copy would be wrong for an overlapping forward copy within one table.
  const Ref *from = source.elements_.data() + sourceOffset;
  Ref *to = elements_.data() + destination;
  if (to <= from)
    std::copy(from, from + length, to);
  else
    std::copy_backward(from, from + length, to + length);
  return true;
}

bool TableInstance::init(uint32_t destination, std::span<const Ref> segment,
                         uint32_t segmentOffset, uint32_t length) {
  if (!inBounds(destination, length) || segmentOffset > segment.size() ||
      length > segment.size() - segmentOffset)
    return false;
  std::copy_n(segment.begin() + segmentOffset, length, elements_.begin() + destination);
  return true;
}

} // namespace strata::runtime
