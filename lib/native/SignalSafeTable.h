// A table the fault handler reads without locks while writers change it: entries live in
// chunks that are never freed, linked by release stores, and freed entries are reused. Writers
// take and give back entries under the table's mutex; an entry's fields are the caller's, made
// of atomics that say on their own whether the entry is in use. A table is meant to be a
// `constinit` global: constant-initialized and trivially destroyed, so the handler never runs
// its construction and code that runs until exit can still use it. Private to lib/native.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <vector>

namespace strata::native {

template <typename Entry, size_t kEntriesPerChunk = 1024> class SignalSafeTable {
public:
  constexpr SignalSafeTable() = default;

  /// The writers' lock, held around take() and give() and the entry's changes.
  std::mutex &mutex() { return writers().mutex; }

  /// An unused entry: a freed one, or a new one at the end. Under mutex().
  Entry *take() {
    Writers &w = writers();
    if (!w.free.empty()) {
      Entry *entry = w.free.back();
      w.free.pop_back();
      return entry;
    }
    if (w.usedInLast == kEntriesPerChunk) {
      auto *chunk = new Chunk();
      w.last->next.store(chunk, std::memory_order_release);
      w.last = chunk;
      w.usedInLast = 0;
    }
    return &w.last->entries[w.usedInLast++];
  }
  /// Returns an entry the caller has marked unused. Under mutex().
  void give(Entry *entry) { writers().free.push_back(entry); }

  /// Calls `visit` on every entry, used or not, until it returns true; async-signal-safe.
  template <typename Visit> bool any(Visit visit) const {
    for (const Chunk *chunk = &first_; chunk; chunk = chunk->next.load(std::memory_order_acquire))
      for (const Entry &entry : chunk->entries)
        if (visit(entry))
          return true;
    return false;
  }

private:
  struct Chunk {
    Entry entries[kEntriesPerChunk];
    std::atomic<Chunk *> next{nullptr};
  };
  /// What only writers touch, made at the first write and never destroyed.
  struct Writers {
    std::mutex mutex;
    std::vector<Entry *> free;
    Chunk *last;
    size_t usedInLast = 0;
  };
  Writers &writers() {
    std::call_once(writersMade_, [this] { writers_ = new Writers{{}, {}, &first_}; });
    return *writers_;
  }

  Chunk first_;
  std::once_flag writersMade_;
  Writers *writers_ = nullptr;
};

} // namespace strata::native
