#include "strata/native/PerfSupport.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>

#include <elf.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace strata::native {

namespace {
std::mutex perfMutex;
std::FILE *perfMap = nullptr; // under perfMutex
std::string perfMapName;
std::FILE *jitDump = nullptr; // under perfMutex
std::string jitDumpName;
uint64_t codeIndex = 0;

std::string perfName(const NativeFunctionCode &code) {
  std::string name = code.module ? code.module->functionName(code.function) : "";
  if (name.empty())
    name = "f" + std::to_string(code.function);
  std::string module = code.module ? code.module->displayName() : "";
  return "wasm:" + (module.empty() ? name : module + "!" + name) + code.variant + " [" +
         code.tier + "]";
}

uint64_t monotonicNs() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return uint64_t(now.tv_sec) * 1000000000u + uint64_t(now.tv_nsec);
}

// The jitdump format (tools/perf/Documentation/jitdump-specification.txt in Linux).
constexpr uint32_t kJitDumpMagic = 0x4A695444; // "JiTD"
constexpr uint32_t kJitCodeLoad = 0;

struct JitDumpHeader {
  uint32_t magic = kJitDumpMagic;
  uint32_t version = 1;
  uint32_t totalSize = sizeof(JitDumpHeader);
  uint32_t elfMachine = 0;
  uint32_t pad = 0;
  uint32_t pid = 0;
  uint64_t timestamp = 0;
  uint64_t flags = 0;
};

struct JitCodeLoad {
  uint32_t id = kJitCodeLoad;
  uint32_t totalSize = 0; // this record, the name's bytes and its NUL, and the code
  uint64_t timestamp = 0;
  uint32_t pid = 0;
  uint32_t tid = 0;
  uint64_t vma = 0;
  uint64_t codeAddress = 0;
  uint64_t codeSize = 0;
  uint64_t codeIndex = 0;
};

uint32_t elfMachine() {
#if defined(__x86_64__)
  return EM_X86_64;
#elif defined(__aarch64__)
  return EM_AARCH64;
#else
  return EM_NONE;
#endif
}

void appendToJitDump(const NativeFunctionCode &code, uint32_t tid) {
  std::string name = perfName(code);
  JitCodeLoad record;
  record.codeSize = code.end - code.begin;
  record.totalSize = uint32_t(sizeof(JitCodeLoad) + name.size() + 1 + record.codeSize);
  record.timestamp = monotonicNs();
  record.pid = uint32_t(::getpid());
  record.tid = tid;
  record.vma = record.codeAddress = code.begin;
  record.codeIndex = codeIndex++;
  std::fwrite(&record, sizeof record, 1, jitDump);
  std::fwrite(name.c_str(), name.size() + 1, 1, jitDump);
  std::fwrite(reinterpret_cast<const void *>(code.begin), record.codeSize, 1, jitDump);
}

Error cannotWrite(const std::string &what, const std::string &path) {
  return Error("cannot write the " + what + " " + path + ": " + std::strerror(errno));
}
} // namespace

Status writePerfMap() {
  std::lock_guard lock(perfMutex);
  if (perfMap)
    return Status::ok();
  std::string path = "/tmp/perf-" + std::to_string(::getpid()) + ".map";
  perfMap = std::fopen(path.c_str(), "w");
  if (!perfMap)
    return cannotWrite("perf map", path);
  perfMapName = path;
  return Status::ok();
}

Status writeJitDump() {
  std::lock_guard lock(perfMutex);
  if (jitDump)
    return Status::ok();
  std::string path = "/tmp/jit-" + std::to_string(::getpid()) + ".dump";
  std::FILE *file = std::fopen(path.c_str(), "w+");
  if (!file)
    return cannotWrite("jitdump file", path);
  JitDumpHeader header;
  header.elfMachine = elfMachine();
  header.pid = uint32_t(::getpid());
  header.timestamp = monotonicNs();
  if (std::fwrite(&header, sizeof header, 1, file) != 1 || std::fflush(file) != 0) {
    std::fclose(file);
    return cannotWrite("jitdump file", path);
  }
  // perf record sees the file through this executable mapping; the mapping is never used.
  long page = ::sysconf(_SC_PAGESIZE);
  if (::mmap(nullptr, size_t(page), PROT_READ | PROT_EXEC, MAP_PRIVATE, ::fileno(file), 0) ==
      MAP_FAILED) {
    std::fclose(file);
    return cannotWrite("jitdump file (it cannot be mapped)", path);
  }
  jitDump = file;
  jitDumpName = path;
  return Status::ok();
}

std::optional<std::string> perfMapPath() {
  std::lock_guard lock(perfMutex);
  return perfMap ? std::optional(perfMapName) : std::nullopt;
}

std::optional<std::string> jitDumpPath() {
  std::lock_guard lock(perfMutex);
  return jitDump ? std::optional(jitDumpName) : std::nullopt;
}

bool perfWanted() {
  std::lock_guard lock(perfMutex);
  return perfMap || jitDump;
}

void announceToPerf(std::span<const NativeFunctionCode> functions) {
  std::lock_guard lock(perfMutex);
  if (!perfMap && !jitDump)
    return;
  uint32_t tid = uint32_t(::syscall(SYS_gettid));
  for (const NativeFunctionCode &code : functions) {
    if (perfMap)
      std::fprintf(perfMap, "%zx %zx %s\n", size_t(code.begin), size_t(code.end - code.begin),
                   perfName(code).c_str());
    if (jitDump)
      appendToJitDump(code, tid);
  }
  // Flushed each time: perf reads the files after the process is gone, however it ended.
  if (perfMap)
    std::fflush(perfMap);
  if (jitDump)
    std::fflush(jitDump);
}

} // namespace strata::native
