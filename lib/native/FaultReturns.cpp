// Fault-return sites: the code ranges that have them, in a table the fault handler reads
// without locks.
#include "FaultReturns.h"
#include "SignalSafeTable.h"

#include "strata/native/GuardPages.h"

#include <algorithm>
#include <atomic>
#include <mutex>

namespace strata::native {
namespace {

struct CodeSites {
  std::atomic<uintptr_t> begin{0}, end{0};
  std::atomic<const FaultReturnSite *> sites{nullptr}; // null: unused
  std::atomic<uint32_t> count{0};
};

constinit SignalSafeTable<CodeSites> codeSites;

} // namespace

FaultReturnsHandle registerFaultReturns(const uint8_t *code, uint32_t bytes,
                                        const FaultReturnSite *sites, uint32_t count) {
  if (count == 0)
    return nullptr;
  std::lock_guard lock(codeSites.mutex());
  CodeSites *entry = codeSites.take();
  entry->begin.store(uintptr_t(code), std::memory_order_relaxed);
  entry->end.store(uintptr_t(code) + bytes, std::memory_order_relaxed);
  entry->count.store(count, std::memory_order_relaxed);
  entry->sites.store(sites, std::memory_order_release);
  return entry;
}

void unregisterFaultReturns(FaultReturnsHandle handle) {
  if (!handle)
    return;
  std::lock_guard lock(codeSites.mutex());
  auto *entry = static_cast<CodeSites *>(handle);
  entry->sites.store(nullptr, std::memory_order_release);
  codeSites.give(entry);
}

bool faultReturnValue(uintptr_t pc, uint64_t &value) {
  const FaultReturnSite *found = nullptr;
  codeSites.any([&](const CodeSites &entry) {
    const FaultReturnSite *sites = entry.sites.load(std::memory_order_acquire);
    uintptr_t begin = entry.begin.load(std::memory_order_relaxed);
    if (!sites || pc < begin || pc >= entry.end.load(std::memory_order_relaxed))
      return false;
    auto offset = uint32_t(pc - begin);
    const FaultReturnSite *end = sites + entry.count.load(std::memory_order_relaxed);
    const FaultReturnSite *site = std::upper_bound(
        sites, end, offset, [](uint32_t at, const FaultReturnSite &s) { return at < s.begin; });
    if (site != sites && offset < (site - 1)->end)
      found = site - 1;
    return true; // code ranges do not overlap: this is the only one holding pc
  });
  if (!found)
    return false;
  value = found->value;
  return true;
}

} // namespace strata::native
