// The snapshot's function table: name, Wasm signature and implementation of each, and the
// adapter that runs an implementation as a host function.
#include "strata/wasi/Functions.h"

#include "Call.h"

#include <array>

namespace strata::wasi {

namespace {

struct Spec {
  std::string_view name;
  /// One letter per parameter: 'i' for i32, 'I' for i64.
  std::string_view params;
  /// proc_exit returns nothing; everything else returns an errno (i32).
  bool returnsErrno;
  Handler handler;
};

constexpr Spec kSpecs[] = {
    {"args_get", "ii", true, argsGet},
    {"args_sizes_get", "ii", true, argsSizesGet},
    {"environ_get", "ii", true, environGet},
    {"environ_sizes_get", "ii", true, environSizesGet},
    {"clock_res_get", "ii", true, clockResGet},
    {"clock_time_get", "iIi", true, clockTimeGet},
    {"fd_advise", "iIIi", true, fdAdvise},
    {"fd_allocate", "iII", true, fdAllocate},
    {"fd_close", "i", true, fdClose},
    {"fd_datasync", "i", true, fdDatasync},
    {"fd_fdstat_get", "ii", true, fdFdstatGet},
    {"fd_fdstat_set_flags", "ii", true, fdFdstatSetFlags},
    {"fd_fdstat_set_rights", "iII", true, fdFdstatSetRights},
    {"fd_filestat_get", "ii", true, fdFilestatGet},
    {"fd_filestat_set_size", "iI", true, fdFilestatSetSize},
    {"fd_filestat_set_times", "iIIi", true, fdFilestatSetTimes},
    {"fd_pread", "iiiIi", true, fdPread},
    {"fd_prestat_get", "ii", true, fdPrestatGet},
    {"fd_prestat_dir_name", "iii", true, fdPrestatDirName},
    {"fd_pwrite", "iiiIi", true, fdPwrite},
    {"fd_read", "iiii", true, fdRead},
    {"fd_readdir", "iiiIi", true, fdReaddir},
    {"fd_renumber", "ii", true, fdRenumber},
    {"fd_seek", "iIii", true, fdSeek},
    {"fd_sync", "i", true, fdSync},
    {"fd_tell", "ii", true, fdTell},
    {"fd_write", "iiii", true, fdWrite},
    {"path_create_directory", "iii", true, pathCreateDirectory},
    {"path_filestat_get", "iiiii", true, pathFilestatGet},
    {"path_filestat_set_times", "iiiiIIi", true, pathFilestatSetTimes},
    {"path_link", "iiiiiii", true, pathLink},
    {"path_open", "iiiiiIIii", true, pathOpen},
    {"path_readlink", "iiiiii", true, pathReadlink},
    {"path_remove_directory", "iii", true, pathRemoveDirectory},
    {"path_rename", "iiiiii", true, pathRename},
    {"path_symlink", "iiiii", true, pathSymlink},
    {"path_unlink_file", "iii", true, pathUnlinkFile},
    {"poll_oneoff", "iiii", true, pollOneoff},
    {"proc_exit", "i", false, procExit},
    {"proc_raise", "i", true, procRaise},
    {"sched_yield", "", true, schedYield},
    {"random_get", "ii", true, randomGet},
    {"sock_accept", "iii", true, sockAccept},
    {"sock_recv", "iiiiii", true, sockRecv},
    {"sock_send", "iiiii", true, sockSend},
    {"sock_shutdown", "ii", true, sockShutdown},
};
constexpr size_t kCount = sizeof kSpecs / sizeof kSpecs[0];
constexpr size_t kMaxParams = 9;

constexpr std::array<std::string_view, kCount> kNames = [] {
  std::array<std::string_view, kCount> names;
  for (size_t i = 0; i < kCount; ++i)
    names[i] = kSpecs[i].name;
  return names;
}();

wasm::FuncType typeOf(const Spec &spec) {
  wasm::FuncType type;
  for (char param : spec.params)
    type.params.push_back(param == 'I' ? wasm::ValType::I64 : wasm::ValType::I32);
  if (spec.returnsErrno)
    type.results.push_back(wasm::ValType::I32);
  return type;
}

} // namespace

std::span<const std::string_view> wasiFunctionNames() { return kNames; }

std::vector<WasiFunction> wasiFunctions(WasiContext &context) {
  std::vector<WasiFunction> functions;
  functions.reserve(kCount);
  for (const Spec &spec : kSpecs) {
    size_t params = spec.params.size();
    runtime::HostCallback callback = [&context, &spec,
                                      params](runtime::HostCallContext &host,
                                              std::span<uint64_t> slots) -> runtime::CallStatus {
      uint64_t args[kMaxParams] = {};
      for (size_t i = 0; i < params; ++i)
        args[i] = slots[i];
      // The memory is looked up on every call: it may have grown since the last one.
      Call call{context, host, GuestMemory(host.callerMemory()), args, std::nullopt};
      Errno result = spec.handler(call);
      if (call.trap)
        return std::move(*call.trap);
      if (spec.returnsErrno)
        slots[0] = uint32_t(result);
      return {};
    };
    functions.push_back({spec.name, typeOf(spec), std::move(callback)});
  }
  return functions;
}

} // namespace strata::wasi
