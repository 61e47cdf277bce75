// Executable memory for the baseline tier: chunks mapped readable, writable and executable,
// handed out by a bump pointer and freed with the arena. Code is written once, before it is
// published, and never changed afterwards. Private to lib/baseline.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace strata::baseline {

class CodeArena {
public:
  CodeArena() = default;
  ~CodeArena();
  CodeArena(const CodeArena &) = delete;
  CodeArena &operator=(const CodeArena &) = delete;

  /// `bytes` of code memory aligned to 16, or null when the system refuses it. Thread-safe.
  uint8_t *allocate(size_t bytes);
  /// Makes code written at [begin, begin + bytes) visible to instruction fetch.
  static void publish(uint8_t *begin, size_t bytes);
  size_t bytesMapped() const;

private:
  static constexpr size_t kChunkBytes = size_t(4) << 20;
  mutable std::mutex mutex_;
  std::vector<std::pair<uint8_t *, size_t>> chunks_;
  uint8_t *next_ = nullptr;
  uint8_t *end_ = nullptr;
};

} // namespace strata::baseline
