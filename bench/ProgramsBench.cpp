// The program suite (bench/programs) on every engine and natively. Each engine benchmark
// compiles and instantiates the full module once, reports those times as counters
// (compile_ms, instantiate_ms) and times only calls to `run`; its first result must equal the
// native build's checksum. Engines: the build's STRATA_ENGINES, or a comma-separated list in
// $STRATA_BENCH_ENGINES; modules are read from $STRATA_PROGRAM_DIR or the build directory.
#include "strata/api/Runtime.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#define STRATA_PROGRAM(name) extern "C" int64_t strata_native_##name();
#include "Programs.def"
#undef STRATA_PROGRAM

using namespace strata;

namespace {

struct Program {
  const char *name;
  int64_t (*native)();
};

const Program kPrograms[] = {
#define STRATA_PROGRAM(name) {#name, strata_native_##name},
#include "Programs.def"
#undef STRATA_PROGRAM
};

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// The native checksum, computed once per program: the reference for every engine.
int64_t expectedChecksum(const Program &program) {
  static std::map<std::string, int64_t> cache;
  auto [it, inserted] = cache.try_emplace(program.name, 0);
  if (inserted)
    it->second = program.native();
  return it->second;
}

std::vector<uint8_t> readModule(const Program &program) {
  const char *dir = std::getenv("STRATA_PROGRAM_DIR");
  std::string path = std::string(dir ? dir : STRATA_PROGRAM_DIR) + "/" + program.name + ".wasm";
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

void runNative(benchmark::State &state, const Program &program) {
  int64_t expected = expectedChecksum(program);
  for (auto _ : state) {
    int64_t checksum = program.native();
    if (checksum != expected) {
      state.SkipWithError("the native checksum changed between calls");
      return;
    }
  }
}

// Checksums are i32 or i64; both are compared as the signed 64-bit value.
bool readChecksum(const api::CallResult &result, int64_t &checksum) {
  if (!result || result.values().size() != 1)
    return false;
  const api::Value &value = result.values()[0];
  checksum = value.type() == wasm::ValType::I32 ? value.i32() : value.i64();
  return true;
}

void runEngine(benchmark::State &state, const Program &program, const std::string &engine) {
  std::vector<uint8_t> bytes = readModule(program);
  if (bytes.empty()) {
    state.SkipWithError("cannot read the module");
    return;
  }
  api::RuntimeConfig config;
  config.engine = engine;
  auto runtime = api::Runtime::create(config);
  if (!runtime) {
    state.SkipWithError(runtime.error().message().c_str());
    return;
  }
  auto start = std::chrono::steady_clock::now();
  auto compiled = (*runtime)->compile(bytes);
  double compileMs = millisecondsSince(start);
  if (!compiled) {
    state.SkipWithError(compiled.error().message().c_str());
    return;
  }
  start = std::chrono::steady_clock::now();
  auto instance = (*runtime)->instantiate(*compiled, {}, program.name);
  double instantiateMs = millisecondsSince(start);
  if (!instance) {
    state.SkipWithError(instance.error().message().c_str());
    return;
  }
  auto run = instance->function("run");
  if (!run) {
    state.SkipWithError(run.error().message().c_str());
    return;
  }
  int64_t expected = expectedChecksum(program);
  for (auto _ : state) {
    api::CallResult result = run->call({});
    int64_t checksum;
    if (!readChecksum(result, checksum)) {
      state.SkipWithError(result ? "run returned no single integer" : result.message().c_str());
      return;
    }
    if (checksum != expected) {
      std::string message =
          "checksum " + std::to_string(checksum) + ", native " + std::to_string(expected);
      state.SkipWithError(message.c_str());
      return;
    }
  }
  state.counters["compile_ms"] = compileMs;
  state.counters["instantiate_ms"] = instantiateMs;
}

std::vector<std::string> engineList() {
  const char *env = std::getenv("STRATA_BENCH_ENGINES");
  std::string text = env ? env : STRATA_ENGINES;
  std::vector<std::string> engines;
  for (size_t start = 0; start <= text.size();) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos)
      comma = text.size();
    if (comma > start)
      engines.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return engines;
}

void registerAll() {
  std::vector<std::string> engines = engineList();
  // Program-major order keeps each program's rows together in the output.
  for (const Program &program : kPrograms) {
    benchmark::RegisterBenchmark(("native/" + std::string(program.name)).c_str(),
                                 [&program](benchmark::State &state) { runNative(state, program); })
        ->Unit(benchmark::kMillisecond);
    for (const std::string &engine : engines)
      benchmark::RegisterBenchmark(
          (engine + "/" + program.name).c_str(),
          [&program, engine](benchmark::State &state) { runEngine(state, program, engine); })
          ->Unit(benchmark::kMillisecond);
  }
}

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  registerAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
