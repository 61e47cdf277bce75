// The cost of a call from code of one tier to code of another. `g(n)` calls `f` n times in a
// loop; f is a few instructions, so a call's cost is the time per iteration:
//
//   f(x) = x * 3 + 1
//   g(n): loop { acc = f(acc); n -= 1; br_if (n != 0) } acc
//
// Each benchmark puts g and f in the tiers its name gives (caller>callee) through the tiered
// engine's chain and a `counters` policy with threads=0, so every compile happens at once on
// the calling thread: a warm-up call moves them, the events check that each function reached
// exactly the tier named and no other, and the timed calls run g(n) on that configuration.
// `optimizing>optimizing` is the jit engine. Times are the calling thread's CPU time; the
// benchmarks' own Time column is wall time.
#include "HandAssembled.h"
#include "RegisteredMain.h"

#include "strata/api/Runtime.h"
#include "strata/tiering/TieredEngine.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <time.h>

using namespace strata;

namespace {

constexpr uint32_t kF = 0, kG = 1;
constexpr int32_t kCalls = 1'000'000;
/// f's calls in the warm-up, past the threshold that moves f (`hot`) while g's own calls,
/// one per iteration, stay below it.
constexpr int32_t kWarmUpCalls = 100'000;

/// The module above.
std::vector<uint8_t> callModule() {
  const std::vector<uint8_t> f = {
      0x00,                                     // no locals
      0x20, 0x00, 0x41, 0x03, 0x6c,             // local.get 0; i32.const 3; i32.mul
      0x41, 0x01, 0x6a, 0x0b,                   // i32.const 1; i32.add; end
  };
  const std::vector<uint8_t> g = {
      0x01, 0x01, 0x7f,                         // locals: acc (1), i32
      0x03, 0x40,                               // loop
      0x20, 0x01, 0x10, 0x00, 0x21, 0x01,       //   local.get acc; call f; local.set acc
      0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, //   local.get n; i32.const 1; i32.sub; tee n
      0x0d, 0x00,                               //   br_if 0
      0x0b,                                     // end loop
      0x20, 0x01, 0x0b,                         // local.get acc; end
  };
  return bench::i32FunctionsModule({f, g}, 'g', kG);
}

/// g(n)'s result, computed here.
int32_t expected(int32_t n) {
  uint32_t acc = 0;
  for (int32_t i = 0; i < n; ++i)
    acc = acc * 3 + 1;
  return int32_t(acc);
}

double threadSeconds() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

/// The tiers each function's code was installed in.
struct Installs final : profile::EventSink {
  std::mutex mutex;
  std::map<uint32_t, std::set<std::string>> tiers;
  void record(const profile::Event &event) override {
    if (event.kind != profile::EventKind::CodeInstalled)
      return;
    std::lock_guard<std::mutex> lock(mutex);
    tiers[event.function].insert(std::string(event.tier));
  }
  std::set<std::string> of(uint32_t function) {
    std::lock_guard<std::mutex> lock(mutex);
    return tiers[function];
  }
};

/// A configuration: the engine, its chain and policy, and the tiers g and f end up in.
struct Placement {
  std::string engine = "tiered";
  std::string tiers;
  std::string policy;
  std::set<std::string> callerTiers, calleeTiers; // installed code (the interpreter installs none)
};

void calls(benchmark::State &state, const Placement &placement) {
  api::RuntimeConfig config;
  config.engine = placement.engine;
  if (placement.engine == "tiered") {
    config.engineOptions.settings["tiers"] = placement.tiers;
    config.engineOptions.settings["policy"] = placement.policy;
    config.engineOptions.settings["threads"] = std::string("0"); // GCC 12 warns on the literal
  }
  auto runtime = api::Runtime::create(config);
  if (!runtime) {
    state.SkipWithError(runtime.error().message().c_str());
    return;
  }
  auto installs = std::make_shared<Installs>();
  if (placement.engine == "tiered" && !tiering::addEventSink((*runtime)->engine(), installs)) {
    state.SkipWithError("not a tiered engine");
    return;
  }
  static const std::vector<uint8_t> bytes = callModule();
  auto compiled = (*runtime)->compile(bytes);
  if (!compiled) {
    state.SkipWithError(compiled.error().message().c_str());
    return;
  }
  auto instance = (*runtime)->instantiate(*compiled, {}, "calls");
  if (!instance) {
    state.SkipWithError(instance.error().message().c_str());
    return;
  }
  auto g = instance->function("g");
  if (!g) {
    state.SkipWithError(g.error().message().c_str());
    return;
  }
  auto run = [&](int32_t n) {
    api::CallResult result = g->call({api::Value::i32(n)});
    return result && result.values().size() == 1 && result.values()[0].i32() == expected(n);
  };
  if (!run(kWarmUpCalls)) { // the warm-up: the tiers move
    state.SkipWithError("wrong result");
    return;
  }
  auto placed = [&] {
    return placement.engine != "tiered" || (installs->of(kG) == placement.callerTiers &&
                                            installs->of(kF) == placement.calleeTiers);
  };
  if (!placed()) {
    state.SkipWithError("the functions are not in the tiers the benchmark names");
    return;
  }
  double seconds = 0;
  for (auto _ : state) {
    double start = threadSeconds();
    bool ok = run(kCalls);
    seconds += threadSeconds() - start;
    if (!ok) {
      state.SkipWithError("wrong result");
      return;
    }
  }
  if (!placed()) {
    state.SkipWithError("a function moved while timed");
    return;
  }
  state.counters["ns_per_call"] = seconds * 1e9 / (double(state.iterations()) * kCalls);
}

void registerAll() {
  const std::string never = "1000000000", hot = "10000";
  const std::string chain = "interp,baseline,optimizing";
  const std::string baselineFirst = ",baseline-calls=1,baseline-loops=1";
  const std::set<std::string> none, baseline = {"baseline"}, optimizing = {"optimizing"};
  const std::vector<std::pair<std::string, Placement>> placements = {
      {"interp>interp", {"tiered", "interp,optimizing", "never", none, none}},
      {"interp>optimizing",
       {"tiered", "interp,optimizing", "counters:calls=" + hot + ",loops=" + never, none, optimizing}},
      {"baseline>baseline",
       {"tiered", chain, "counters:calls=" + never + ",loops=" + never + baselineFirst,
        baseline, baseline}},
      {"baseline>optimizing",
       {"tiered", chain, "counters:calls=" + hot + ",loops=" + never + baselineFirst, baseline,
        {"baseline", "optimizing"}}},
      // g's loop enters its continuation (and g is compiled with it); f stays in baseline code.
      {"optimizing>baseline",
       {"tiered", chain, "counters:calls=" + never + ",loops=2" + baselineFirst,
        {"baseline", "optimizing"}, baseline}},
      {"optimizing>optimizing", {"jit", "", "", none, none}},
  };
  for (const auto &[name, placement] : placements)
    benchmark::RegisterBenchmark(("tier-calls/" + name).c_str(),
                                 [placement](benchmark::State &state) { calls(state, placement); })
        ->Unit(benchmark::kMillisecond);
}

} // namespace

int main(int argc, char **argv) { return bench::runRegistered(argc, argv, registerAll); }
