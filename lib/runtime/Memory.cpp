#include "strata/runtime/Memory.h"

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <sys/mman.h>

namespace strata::runtime {

static_assert(MemoryInstance::kGuardedReservation >=
                  (uint64_t(1) << 32) + (uint64_t(1) << 32) + 16,
              "the guard region must cover index + offset + access size");

static void *reserve(uint64_t bytes) {
  void *p = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

Expected<std::unique_ptr<MemoryInstance>> MemoryInstance::create(const wasm::MemoryType &type,
                                                                 const MemoryConfig &config) {
  static_assert(offsetof(MemoryInstance, base_) == kBaseOffset &&
                    offsetof(MemoryInstance, size_) == kSizeOffset,
                "native code relies on these offsets");
  uint64_t declaredMax = std::min<uint64_t>(type.limits.max.value_or(wasm::kMaxPages),
                                            wasm::kMaxPages);
  uint32_t maxPages = uint32_t(std::min<uint64_t>(declaredMax, config.pageLimit));
  if (type.limits.min > maxPages)
    return Error("memory size " + std::to_string(type.limits.min) +
                 " pages exceeds the limit of " + std::to_string(maxPages) + " pages");

  std::unique_ptr<MemoryInstance> memory(new MemoryInstance());
  memory->declared_ = type;
  memory->maxPages_ = maxPages;
  void *base = nullptr;
  uint64_t reserved = 0;
  if (config.reserveGuardRegion) {
    reserved = kGuardedReservation;
    base = reserve(reserved);
    memory->guardRegionRefused_ = !base;
  }
  if (!base) {
    // No guard region: reserve just the maximum (at least a page, so the base is never null).
    reserved = std::max<uint64_t>(uint64_t(maxPages) * wasm::kPageSize, wasm::kPageSize);
    base = reserve(reserved);
  }
  if (!base)
    return Error("cannot reserve address space for a memory: " +
                 std::string(std::strerror(errno)));
  memory->base_ = static_cast<uint8_t *>(base);
  memory->reserved_ = reserved;
  if (type.limits.min > 0 && memory->grow(uint32_t(type.limits.min)) < 0)
    return Error("cannot commit the initial pages of a memory");
  return memory;
}

MemoryInstance::~MemoryInstance() {
  if (base_)
    munmap(base_, reserved_);
}

wasm::MemoryType MemoryInstance::currentType() const {
  wasm::MemoryType type = declared_;
  type.limits.min = pages();
  return type;
}

int64_t MemoryInstance::grow(uint32_t deltaPages) {
  uint32_t oldPages = pages();
  if (uint64_t(oldPages) + deltaPages > maxPages_)
    return -1;
  if (deltaPages == 0)
    return oldPages;
  uint64_t deltaBytes = uint64_t(deltaPages) * wasm::kPageSize;
  if (mprotect(base_ + size_, deltaBytes, PROT_READ | PROT_WRITE) != 0)
    return -1;
  size_ += deltaBytes;
  return oldPages;
}

bool MemoryInstance::fill(uint64_t offset, uint8_t value, uint64_t length) {
  if (!inBounds(offset, length))
    return false;
  std::memset(base_ + offset, value, length);
  return true;
}

bool MemoryInstance::copy(uint64_t destination, uint64_t source, uint64_t length) {
  if (!inBounds(destination, length) || !inBounds(source, length))
    return false;
  std::memmove(base_ + destination, base_ + source, length);
  return true;
}

bool MemoryInstance::init(uint64_t destination, std::span<const uint8_t> segment,
                          uint64_t segmentOffset, uint64_t length) {
  if (!inBounds(destination, length) || segmentOffset > segment.size() ||
      length > segment.size() - segmentOffset)
    return false;
  if (length)
    std::memcpy(base_ + destination, segment.data() + segmentOffset, length);
  return true;
}

} // namespace strata::runtime
