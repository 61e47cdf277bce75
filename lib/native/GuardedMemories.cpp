#include "GuardedMemories.h"

#include "strata/native/GuardPages.h"
#include "strata/runtime/Instance.h"
#include "strata/runtime/Memory.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace strata::native {
namespace {

struct GuardedRange {
  std::atomic<uintptr_t> begin{0};
  std::atomic<uintptr_t> end{0};
  std::atomic<const runtime::MemoryInstance *> owner{nullptr};
};

constexpr size_t kChunkSize = 1024;
struct Chunk {
  GuardedRange ranges[kChunkSize];
  std::atomic<Chunk *> next{nullptr};
};

/// The handler's view: the chunks, linked, each published with a release store.
Chunk firstChunk;

/// The writers' view, under `mutex`: which range a memory has and how many instances use it,
/// the free ranges, and the last chunk.
struct Writers {
  std::mutex mutex;
  std::unordered_map<const runtime::MemoryInstance *, std::pair<GuardedRange *, uint64_t>> users;
  std::vector<GuardedRange *> free;
  Chunk *last = &firstChunk;
  size_t usedInLast = 0;
  uint64_t peak = 0;
};
Writers &writers() {
  static Writers *instance = new Writers(); // never destroyed: instances may outlive statics
  return *instance;
}

GuardedRange *takeRange(Writers &w) {
  if (!w.free.empty()) {
    GuardedRange *range = w.free.back();
    w.free.pop_back();
    return range;
  }
  if (w.usedInLast == kChunkSize) {
    Chunk *chunk = new Chunk();
    w.last->next.store(chunk, std::memory_order_release);
    w.last = chunk;
    w.usedInLast = 0;
  }
  return &w.last->ranges[w.usedInLast++];
}

} // namespace

bool isGuardedAddress(uintptr_t address) {
  for (const Chunk *chunk = &firstChunk; chunk; chunk = chunk->next.load(std::memory_order_acquire))
    for (const GuardedRange &range : chunk->ranges)
      if (range.owner.load(std::memory_order_acquire) &&
          address >= range.begin.load(std::memory_order_relaxed) &&
          address < range.end.load(std::memory_order_relaxed))
        return true;
  return false;
}

void registerGuardedMemory(const runtime::MemoryInstance *memory) {
  Writers &w = writers();
  std::lock_guard lock(w.mutex);
  auto [it, added] = w.users.try_emplace(memory, nullptr, 0);
  ++it->second.second;
  if (!added)
    return;
  GuardedRange *range = takeRange(w);
  range->begin.store(uintptr_t(memory->base()), std::memory_order_relaxed);
  range->end.store(uintptr_t(memory->base()) + memory->reservedBytes(), std::memory_order_relaxed);
  range->owner.store(memory, std::memory_order_release);
  it->second.first = range;
  w.peak = std::max<uint64_t>(w.peak, w.users.size());
}

void unregisterGuardedMemory(const runtime::MemoryInstance *memory) {
  Writers &w = writers();
  std::lock_guard lock(w.mutex);
  auto it = w.users.find(memory);
  if (it == w.users.end() || --it->second.second > 0)
    return;
  GuardedRange *range = it->second.first;
  range->owner.store(nullptr, std::memory_order_release);
  w.free.push_back(range);
  w.users.erase(it);
}

bool BoundsCheckChoice::guardPagesFor(const runtime::ModuleInstance &instance) {
  bool regions = true, refused = false;
  for (runtime::MemoryInstance *memory : instance.memories()) {
    regions = regions && memory->hasGuardRegion();
    refused = refused || memory->guardRegionRefused();
  }
  bool guardPages = requested_ && regions;
  (guardPages ? guardPages_ : explicitChecks_).fetch_add(1, std::memory_order_relaxed);
  if (requested_ && refused)
    fallbacks_.fetch_add(1, std::memory_order_relaxed);
  return guardPages;
}

std::string BoundsCheckChoice::json() const {
  GuardedMemoryCounts counts = guardedMemoryCounts();
  return boost::json::serialize(boost::json::object{
      {"guard_pages", guardPages_.load()},
      {"explicit_checks", explicitChecks_.load()},
      {"fallbacks", fallbacks_.load()},
      {"registered", counts.registered},
      {"peak_registered", counts.peak},
  });
}

GuardedMemoryCounts guardedMemoryCounts() {
  Writers &w = writers();
  std::lock_guard lock(w.mutex);
  return {w.users.size(), w.peak};
}

} // namespace strata::native
