// Fault-return sites: a table of code ranges that grows by chunks never freed, so the fault
// handler reads it without locks while writers, under a mutex, add and remove ranges.
#include "FaultReturns.h"

#include "strata/native/GuardPages.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>

namespace strata::native {
namespace {

struct CodeSites {
  std::atomic<uintptr_t> begin{0}, end{0};
  std::atomic<const FaultReturnSite *> sites{nullptr}; // null: a free entry
  std::atomic<uint32_t> count{0};
};

constexpr size_t kEntriesPerChunk = 1024;
struct SitesChunk {
  CodeSites entries[kEntriesPerChunk];
  std::atomic<SitesChunk *> next{nullptr};
};

SitesChunk firstSitesChunk;

struct SitesWriters {
  std::mutex mutex;
  std::vector<CodeSites *> free;
  SitesChunk *last = &firstSitesChunk;
  size_t usedInLast = 0;
};
SitesWriters &sitesWriters() {
  static auto *writers = new SitesWriters(); // code may run until exit
  return *writers;
}

} // namespace

FaultReturnsHandle registerFaultReturns(const uint8_t *code, uint32_t bytes,
                                        const FaultReturnSite *sites, uint32_t count) {
  if (count == 0)
    return nullptr;
  SitesWriters &w = sitesWriters();
  std::lock_guard lock(w.mutex);
  CodeSites *entry;
  if (!w.free.empty()) {
    entry = w.free.back();
    w.free.pop_back();
  } else {
    if (w.usedInLast == kEntriesPerChunk) {
      auto *chunk = new SitesChunk();
      w.last->next.store(chunk, std::memory_order_release);
      w.last = chunk;
      w.usedInLast = 0;
    }
    entry = &w.last->entries[w.usedInLast++];
  }
  entry->begin.store(uintptr_t(code), std::memory_order_relaxed);
  entry->end.store(uintptr_t(code) + bytes, std::memory_order_relaxed);
  entry->count.store(count, std::memory_order_relaxed);
  entry->sites.store(sites, std::memory_order_release);
  return entry;
}

void unregisterFaultReturns(FaultReturnsHandle handle) {
  if (!handle)
    return;
  SitesWriters &w = sitesWriters();
  std::lock_guard lock(w.mutex);
  auto *entry = static_cast<CodeSites *>(handle);
  entry->sites.store(nullptr, std::memory_order_release);
  w.free.push_back(entry);
}

bool faultReturnValue(uintptr_t pc, uint64_t &value) {
  for (const SitesChunk *chunk = &firstSitesChunk; chunk;
       chunk = chunk->next.load(std::memory_order_acquire))
    for (const CodeSites &entry : chunk->entries) {
      const FaultReturnSite *sites = entry.sites.load(std::memory_order_acquire);
      uintptr_t begin = entry.begin.load(std::memory_order_relaxed);
      if (!sites || pc < begin || pc >= entry.end.load(std::memory_order_relaxed))
        continue;
      auto offset = uint32_t(pc - begin);
      const FaultReturnSite *end = sites + entry.count.load(std::memory_order_relaxed);
      const FaultReturnSite *site = std::upper_bound(
          sites, end, offset, [](uint32_t at, const FaultReturnSite &s) { return at < s.begin; });
      if (site == sites || offset >= (--site)->end)
        return false;
      value = site->value;
      return true;
    }
  return false;
}

} // namespace strata::native
