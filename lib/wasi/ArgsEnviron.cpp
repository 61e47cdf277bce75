// args_* and environ_*: a list of strings as the guest's argv or environ, in two calls (the
// sizes, then the pointers and the NUL-terminated bytes).
#include "Call.h"

#include <cstring>

namespace strata::wasi {

static Errno sizes(Call &call, const std::vector<std::string> &list) {
  uint32_t countOut = call.u32(0), bytesOut = call.u32(1);
  uint64_t bytes = 0;
  for (const std::string &entry : list)
    bytes += entry.size() + 1;
  if (bytes > UINT32_MAX)
    return Errno::Overflow;
  if (!call.memory.contains(countOut, 4) || !call.memory.contains(bytesOut, 4))
    return Errno::Fault;
  call.memory.storeAt<uint32_t>(countOut, uint32_t(list.size()));
  call.memory.storeAt<uint32_t>(bytesOut, uint32_t(bytes));
  return Errno::Success;
}

static Errno strings(Call &call, const std::vector<std::string> &list) {
  uint32_t pointers = call.u32(0), buffer = call.u32(1);
  uint64_t bytes = 0;
  for (const std::string &entry : list)
    bytes += entry.size() + 1;
  if (list.size() > UINT32_MAX || !call.memory.containsArray(pointers, list.size(), 4) ||
      !call.memory.contains(buffer, bytes))
    return Errno::Fault;
  uint64_t at = buffer;
  for (size_t i = 0; i < list.size(); ++i) {
    call.memory.storeAt<uint32_t>(uint64_t(pointers) + 4 * i, uint32_t(at));
    std::memcpy(call.memory.at(at), list[i].c_str(), list[i].size() + 1);
    at += list[i].size() + 1;
  }
  return Errno::Success;
}

Errno argsSizesGet(Call &call) { return sizes(call, call.wasi.args()); }
Errno argsGet(Call &call) { return strings(call, call.wasi.args()); }
Errno environSizesGet(Call &call) { return sizes(call, call.wasi.environment()); }
Errno environGet(Call &call) { return strings(call, call.wasi.environment()); }

} // namespace strata::wasi
