#include "strata/mlir/NativeCodeMap.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <map>
#include <mutex>
#include <shared_mutex>

#include <unistd.h>

namespace strata::mlirtier {

namespace {
std::shared_mutex mapMutex;
std::map<uintptr_t, NativeFunctionCode> &codeByBegin() {
  static auto *map = new std::map<uintptr_t, NativeFunctionCode>(); // code may run until exit
  return *map;
}

struct PerfMap {
  std::FILE *file = nullptr;
  std::string path;
};
PerfMap perfMap; // under mapMutex

void appendToPerfMap(const NativeFunctionCode &code) {
  std::string name = code.module ? code.module->functionName(code.function) : "";
  if (name.empty())
    name = "f" + std::to_string(code.function);
  std::fprintf(perfMap.file, "%zx %zx wasm:%s%s [mlir]\n", size_t(code.begin),
               size_t(code.end - code.begin), name.c_str(), code.variant.c_str());
}
} // namespace

void registerNativeCode(std::span<const NativeFunctionCode> functions) {
  std::unique_lock lock(mapMutex);
  for (const NativeFunctionCode &code : functions) {
    codeByBegin()[code.begin] = code;
    if (perfMap.file)
      appendToPerfMap(code);
  }
  if (perfMap.file)
    std::fflush(perfMap.file); // perf reads it after the process is gone, however it ended
}

Status writePerfMap() {
  std::unique_lock lock(mapMutex);
  if (perfMap.file)
    return Status::ok();
  std::string path = "/tmp/perf-" + std::to_string(::getpid()) + ".map";
  perfMap.file = std::fopen(path.c_str(), "w");
  if (!perfMap.file)
    return Error("cannot write the perf map " + path + ": " + std::strerror(errno));
  perfMap.path = path;
  return Status::ok();
}

std::optional<std::string> perfMapPath() {
  std::shared_lock lock(mapMutex);
  if (!perfMap.file)
    return std::nullopt;
  return perfMap.path;
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

} // namespace strata::mlirtier
