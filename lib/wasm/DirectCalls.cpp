#include "strata/wasm/DirectCalls.h"

namespace strata::wasm {

void forEachDirectCallee(const Module &module, uint32_t function, uint64_t from,
                         const std::function<bool(uint32_t callee)> &visit) {
  for (const CallSite &call : module.info(function).calls)
    if (call.offset >= from && !visit(call.callee))
      return;
}

} // namespace strata::wasm
