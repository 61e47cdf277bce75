// The program suite (bench/programs) on every engine and natively. Each engine benchmark
// compiles and instantiates the full module once, reports those times as counters
// (compile_ms, instantiate_ms) and times only calls to `run`; every result must equal the
// native build's checksum. A tiered row's timed calls include whatever tiering does on the
// calling thread (countdown checks, policy decisions, synchronous compilations, OSR), and its
// compile threads run alongside; cpu_time is the calling thread's only. Tiered rows also
// report `tier_ups` (compilations requested) and `osr_entries`, counted by an event sink, over
// one benchmark run (one fresh engine). Engines: the build's STRATA_ENGINES, or a
// comma-separated list in $STRATA_BENCH_ENGINES; extra tiered rows, one per policy, from
// `--policy=SPEC` (repeatable) or $STRATA_BENCH_POLICIES ("counters,budget:osr=on;eager");
// modules are read from $STRATA_PROGRAM_DIR or the build directory. Each program has rows for
// its scalar build (PROGRAM) and its -msimd128 build (PROGRAM.simd, with a native row of its
// own, the same native code, so that ratios pair up). `--sample-rate=HZ` adds a row per engine,
// ENGINE+sampled, whose timed calls run under the sampling profiler at that rate: its ratio
// to the ENGINE row is the profiler's overhead.
#include "ProgramSuite.h"
#include "ProgramTable.h"

#include "strata/api/Runtime.h"
#include "strata/sampling/SamplingProfiler.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>


using namespace strata;
using bench::EngineConfig;
using bench::kPrograms;
using bench::Program;

namespace {


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

std::vector<uint8_t> readModule(const Program &program, bool simd) {
  return bench::readFile(
      bench::programPath(std::string(program.name) + (simd ? ".simd" : ""), /*small=*/false));
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

void runEngine(benchmark::State &state, const Program &program, bool simd,
               const EngineConfig &engine, unsigned sampleRate) {
  std::vector<uint8_t> bytes = readModule(program, simd);
  if (bytes.empty()) {
    state.SkipWithError("cannot read the module");
    return;
  }
  auto runtime = api::Runtime::create(engine.runtimeConfig());
  if (!runtime) {
    state.SkipWithError(runtime.error().message().c_str());
    return;
  }
  // Before compiling, so the eager policy's tier-ups at instantiation count too.
  std::shared_ptr<bench::CountingSink> sink = bench::attachCountingSink(**runtime);
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
  std::optional<sampling::SamplingProfiler> profiler;
  if (sampleRate) {
    profiler.emplace(sampleRate);
    profiler->attach((*runtime)->callContext());
    profiler->start();
  }
  for (auto _ : state) {
    api::CallResult result = run->call({});
    int64_t checksum;
    if (!bench::readChecksum(result, checksum)) {
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
  if (profiler) {
    profiler->stop();
    profiler->detach((*runtime)->callContext());
    state.counters["samples"] = double(profiler->sampledWeight());
  }
  // Native code compiled during the calls (lazily, or by tier-ups) counts as compile time too.
  state.counters["compile_ms"] = compileMs + (*runtime)->engine().compileSeconds() * 1e3;
  state.counters["instantiate_ms"] = instantiateMs;
  if (sink) {
    // Totals over this run's calls, not per call: a tier-up happens once per engine.
    state.counters["tier_ups"] = double(sink->tierUps.load());
    state.counters["osr_entries"] = double(sink->osrEntries.load());
  }
}

/// The engines, then one tiered configuration per policy that is not there already.
std::vector<EngineConfig> engineConfigs(const std::vector<std::string> &policyFlags) {
  const char *env = std::getenv("STRATA_BENCH_ENGINES");
  std::vector<EngineConfig> configs;
  for (std::string &engine : bench::splitList(env ? env : STRATA_ENGINES))
    configs.push_back({std::move(engine), {}});
  std::vector<std::string> policies;
  if (const char *text = std::getenv("STRATA_BENCH_POLICIES"))
    policies = bench::splitPolicies(text);
  for (const std::string &flag : policyFlags)
    for (std::string &spec : bench::splitPolicies(flag))
      policies.push_back(std::move(spec));
  for (std::string &policy : policies) {
    EngineConfig config{"tiered", std::move(policy)};
    bool known = false;
    for (const EngineConfig &other : configs)
      known |= other.label() == config.label();
    if (!known)
      configs.push_back(std::move(config));
  }
  return configs;
}

void registerAll(const std::vector<EngineConfig> &engines, unsigned sampleRate) {
  // Program-major order keeps each program's rows together in the output. Rows are named
  // ENGINE/PROGRAM (ENGINE being "tiered:SPEC" for a policy), as compare.py splits them.
  for (const Program &program : kPrograms) {
    for (bool simd : {false, true}) {
      std::string name = std::string(program.name) + (simd ? ".simd" : "");
      benchmark::RegisterBenchmark(
          ("native/" + name).c_str(),
          [&program](benchmark::State &state) { runNative(state, program); })
          ->Unit(benchmark::kMillisecond);
      for (const EngineConfig &engine : engines) {
        benchmark::RegisterBenchmark((engine.label() + "/" + name).c_str(),
                                     [&program, simd, engine](benchmark::State &state) {
                                       runEngine(state, program, simd, engine, 0);
                                     })
            ->Unit(benchmark::kMillisecond);
        if (sampleRate)
          benchmark::RegisterBenchmark(
              (engine.label() + "+sampled/" + name).c_str(),
              [&program, simd, engine, sampleRate](benchmark::State &state) {
                runEngine(state, program, simd, engine, sampleRate);
              })
              ->Unit(benchmark::kMillisecond);
      }
    }
  }
}

} // namespace

int main(int argc, char **argv) {
  // Ours first: Google Benchmark rejects flags it does not know.
  std::vector<std::string> policies = bench::takeFlag(argc, argv, "policy");
  std::vector<std::string> sampleRates = bench::takeFlag(argc, argv, "sample-rate");
  unsigned sampleRate = sampleRates.empty() ? 0 : unsigned(std::stoul(sampleRates.back()));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  std::vector<EngineConfig> engines = engineConfigs(policies);
  // Validate policy specs up front: a typo should not show as sixteen failed rows.
  for (const EngineConfig &engine : engines) {
    if (engine.policy.empty())
      continue;
    auto runtime = api::Runtime::create(engine.runtimeConfig());
    if (!runtime) {
      std::fprintf(stderr, "strata-bench-programs: %s\n", runtime.error().message().c_str());
      return 1;
    }
  }
  registerAll(engines, sampleRate);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
