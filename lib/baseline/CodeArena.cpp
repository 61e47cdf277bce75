#include "CodeArena.h"

#include <algorithm>
#include <sys/mman.h>

namespace strata::baseline {

CodeArena::~CodeArena() {
  for (auto [base, bytes] : chunks_)
    munmap(base, bytes);
}

uint8_t *CodeArena::allocate(size_t bytes) {
  bytes = (bytes + 15) & ~size_t(15);
  std::lock_guard lock(mutex_);
  if (size_t(end_ - next_) < bytes) {
    size_t chunk = std::max(kChunkBytes, (bytes + 4095) & ~size_t(4095));
    void *memory = mmap(nullptr, chunk, PROT_READ | PROT_WRITE | PROT_EXEC,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
      return nullptr;
    chunks_.emplace_back(static_cast<uint8_t *>(memory), chunk);
    next_ = static_cast<uint8_t *>(memory);
    end_ = next_ + chunk;
  }
  uint8_t *result = next_;
  next_ += bytes;
  return result;
}

void CodeArena::publish(uint8_t *begin, size_t bytes) {
  __builtin___clear_cache(reinterpret_cast<char *>(begin), reinterpret_cast<char *>(begin + bytes));
}

size_t CodeArena::bytesMapped() const {
  std::lock_guard lock(mutex_);
  size_t total = 0;
  for (auto [base, bytes] : chunks_)
    total += bytes;
  return total;
}

} // namespace strata::baseline
