#include "strata/interp/Code.h"

#include <algorithm>

namespace strata::interp {

uint64_t CompiledFunction::wasmOffsetAt(uint32_t codeOffset) const {
  auto it = std::upper_bound(pcMap.begin(), pcMap.end(), codeOffset,
                             [](uint32_t offset, const PcEntry &e) { return offset < e.codeOffset; });
  if (it == pcMap.begin())
    return ~uint64_t(0);
  return std::prev(it)->wasmOffset;
}

} // namespace strata::interp
