#include "GuardedMemories.h"
#include "SignalSafeTable.h"

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
  std::atomic<const runtime::MemoryInstance *> owner{nullptr}; // null: unused
};

/// The handler's view.
constinit SignalSafeTable<GuardedRange> guardedRanges;

/// The writers', under the table's mutex: which range a memory has and how many instances use
/// it.
struct Writers {
  std::unordered_map<const runtime::MemoryInstance *, std::pair<GuardedRange *, uint64_t>> users;
  uint64_t peak = 0;
};
Writers &writers() {
  static Writers *instance = new Writers(); // never destroyed: instances may outlive statics
  return *instance;
}

} // namespace

bool isGuardedAddress(uintptr_t address) {
  return guardedRanges.any([address](const GuardedRange &range) {
    return range.owner.load(std::memory_order_acquire) &&
           address >= range.begin.load(std::memory_order_relaxed) &&
           address < range.end.load(std::memory_order_relaxed);
  });
}

void registerGuardedMemory(const runtime::MemoryInstance *memory) {
  Writers &w = writers();
  std::lock_guard lock(guardedRanges.mutex());
  auto [it, added] = w.users.try_emplace(memory, nullptr, 0);
  ++it->second.second;
  if (!added)
    return;
  GuardedRange *range = guardedRanges.take();
  range->begin.store(uintptr_t(memory->base()), std::memory_order_relaxed);
  range->end.store(uintptr_t(memory->base()) + memory->reservedBytes(), std::memory_order_relaxed);
  range->owner.store(memory, std::memory_order_release);
  it->second.first = range;
  w.peak = std::max<uint64_t>(w.peak, w.users.size());
}

void unregisterGuardedMemory(const runtime::MemoryInstance *memory) {
  Writers &w = writers();
  std::lock_guard lock(guardedRanges.mutex());
  auto it = w.users.find(memory);
  if (it == w.users.end() || --it->second.second > 0)
    return;
  GuardedRange *range = it->second.first;
  range->owner.store(nullptr, std::memory_order_release);
  guardedRanges.give(range);
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
  std::lock_guard lock(guardedRanges.mutex());
  return {w.users.size(), w.peak};
}

} // namespace strata::native
