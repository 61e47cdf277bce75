#include "strata/native/CodeMap.h"
#include "strata/native/PerfSupport.h"

#include <iterator>
#include <map>
#include <mutex>
#include <shared_mutex>

namespace strata::native {

namespace {
std::shared_mutex mapMutex;
std::map<uintptr_t, NativeFunctionCode> &codeByBegin() {
  static auto *map = new std::map<uintptr_t, NativeFunctionCode>(); // code may run until exit
  return *map;
}
} // namespace

void registerNativeCode(std::span<const NativeFunctionCode> functions) {
  {
    std::unique_lock lock(mapMutex);
    for (const NativeFunctionCode &code : functions)
      codeByBegin()[code.begin] = code;
  }
  // Outside the lock: writing the perf files must not hold up lookups (traps, stack walks).
  announceToPerf(functions);
}

void unregisterNativeCode(std::span<const NativeFunctionCode> functions) {
  std::unique_lock lock(mapMutex);
  for (const NativeFunctionCode &code : functions)
    codeByBegin().erase(code.begin);
}

std::optional<NativeFunctionCode> findNativeCode(uintptr_t address) {
  std::shared_lock lock(mapMutex);
  auto &map = codeByBegin();
  auto after = map.upper_bound(address);
  if (after == map.begin())
    return std::nullopt;
  const NativeFunctionCode &code = std::prev(after)->second;
  if (address >= code.end)
    return std::nullopt;
  return code;
}

} // namespace strata::native
