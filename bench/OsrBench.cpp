// The cost of one OSR transition: an interpreted frame continuing in native code at a loop
// header. Every policy compiles a function F along with its first continuation F@L, so after
// the first OSR a host call of F runs natively and never again enters through OSR. The
// benchmark therefore builds the interpreted frames first, by recursion:
//
//   f(d): loop { if i == 0 && d != 0 { s = f(d - 1) }  s += 1; i += 1; br_if (i < 2) } s
//
// A host call f(D) on a fresh tiered engine with counters:calls=1000000000,loops=1 and
// threads=0 interprets f(D) .. f(0) down to f(0)'s first back-edge, which compiles F@L and F
// synchronously; then each of the D + 1 frames reaches its back-edge in the interpreter and
// continues through OSR for its last iteration. The time of f(D) minus that of f(0) on another
// fresh engine (both compilations, one transition) is D levels of "interpreted call, one
// interpreted iteration, OSR, one native iteration"; `ns_per_level` divides by D. The same
// function on interp, on jit, on tiered with `never` (interpreted behind the tiered engine's
// hooks) and on tiered after tier-up (native) gives the levels without OSR. Times are the
// calling thread's CPU time; the benchmarks' own Time column is wall time.
#include "HandAssembled.h"
#include "RegisteredMain.h"

#include "strata/api/Runtime.h"
#include "strata/tiering/TieredEngine.h"

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <time.h>

using namespace strata;

namespace {

constexpr const char *kOsrPolicy = "counters:calls=1000000000,loops=1";
constexpr uint32_t kMaxCallDepth = 1'000'000;

/// The module above.
std::vector<uint8_t> osrModule() {
  const std::vector<uint8_t> body = {
      0x01, 0x02, 0x7f,             // locals: i (1), s (2), both i32
      0x03, 0x40,                   // loop
      0x20, 0x01, 0x45, 0x04, 0x40, //   local.get i; i32.eqz; if
      0x20, 0x00, 0x04, 0x40,       //     local.get d; if
      0x20, 0x00, 0x41, 0x01, 0x6b, //       local.get d; i32.const 1; i32.sub
      0x10, 0x00, 0x21, 0x02,       //       call f; local.set s
      0x0b, 0x0b,                   //     end; end
      0x20, 0x02, 0x41, 0x01, 0x6a, 0x21, 0x02, // s += 1
      0x20, 0x01, 0x41, 0x01, 0x6a, 0x22, 0x01, // i += 1 (tee)
      0x41, 0x02, 0x49, 0x0d, 0x00, //   i32.const 2; i32.lt_u; br_if 0
      0x0b,                         // end loop
      0x20, 0x02, 0x0b,             // local.get s; end
  };
  return bench::i32FunctionsModule({body}, 'f', 0);
}

double threadSeconds() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

/// An engine with the module instantiated and f at hand.
struct Setup {
  std::unique_ptr<api::Runtime> runtime;
  std::optional<api::Instance> instance;
  api::Function f;
  std::string error;

  static Setup create(const std::string &engine, const std::string &policy) {
    Setup setup;
    api::RuntimeConfig config;
    config.engine = engine;
    config.maxCallDepth = kMaxCallDepth;
    if (!policy.empty()) {
      config.engineOptions.settings["policy"] = policy;
      config.engineOptions.settings["threads"] = "0";
    }
    auto runtime = api::Runtime::create(config);
    if (!runtime) {
      setup.error = runtime.error().message();
      return setup;
    }
    setup.runtime = std::move(*runtime);
    static const std::vector<uint8_t> bytes = osrModule();
    auto compiled = setup.runtime->compile(bytes);
    if (!compiled) {
      setup.error = compiled.error().message();
      return setup;
    }
    auto instance = setup.runtime->instantiate(*compiled, {}, "osr");
    if (!instance) {
      setup.error = instance.error().message();
      return setup;
    }
    setup.instance = std::move(*instance);
    auto f = setup.instance->function("f");
    if (!f) {
      setup.error = f.error().message();
      return setup;
    }
    setup.f = *f;
    return setup;
  }

  /// Calls f(depth); the thread CPU seconds it took (with threads=0 everything happens on
  /// this thread, and the machine may be loaded), or a negative value after setting `error`.
  double call(int64_t depth) {
    double start = threadSeconds();
    api::CallResult result = f.call({api::Value::i32(int32_t(depth))});
    double seconds = threadSeconds() - start;
    if (!result) {
      error = result.message();
      return -1;
    }
    if (result.values().size() != 1 || result.values()[0].i32() != 2 * (depth + 1)) {
      error = "wrong result";
      return -1;
    }
    return seconds;
  }
};

struct OsrCounter final : profile::EventSink {
  std::atomic<uint64_t> entries{0};
  void record(const profile::Event &event) override {
    if (event.kind == profile::EventKind::OsrEntry)
      entries.fetch_add(1, std::memory_order_relaxed);
  }
};

/// f(depth) on one engine, again and again: the levels' cost without OSR.
void steady(benchmark::State &state, const std::string &engine, const std::string &policy,
            bool warm) {
  int64_t depth = state.range(0);
  Setup setup = Setup::create(engine, policy);
  if (!setup.error.empty() || (warm && setup.call(depth) < 0)) { // warm: tier up first
    state.SkipWithError(setup.error.c_str());
    return;
  }
  double seconds = 0;
  for (auto _ : state) {
    double call = setup.call(depth);
    if (call < 0) {
      state.SkipWithError(setup.error.c_str());
      return;
    }
    seconds += call;
  }
  state.counters["ns_per_level"] = seconds * 1e9 / double(state.iterations() * (depth + 1));
}

/// f(depth) minus f(0), each on a fresh tiered engine: D levels, each entering through OSR.
void osr(benchmark::State &state) {
  int64_t depth = state.range(0);
  { // Check once, with a sink (not while timing: it costs each entry an event).
    Setup setup = Setup::create("tiered", kOsrPolicy);
    auto counter = std::make_shared<OsrCounter>();
    if (setup.error.empty() && !tiering::addEventSink(setup.runtime->engine(), counter))
      setup.error = "not a tiered engine";
    if (!setup.error.empty() || setup.call(depth) < 0) {
      state.SkipWithError(setup.error.c_str());
      return;
    }
    if (counter->entries != uint64_t(depth + 1)) {
      state.SkipWithError("not every frame entered through OSR");
      return;
    }
    state.counters["osr_entries"] = double(counter->entries);
  }
  double seconds = 0;
  for (auto _ : state) {
    Setup base = Setup::create("tiered", kOsrPolicy);
    Setup deep = Setup::create("tiered", kOsrPolicy);
    double baseSeconds = base.error.empty() ? base.call(0) : -1;
    double deepSeconds = deep.error.empty() ? deep.call(depth) : -1;
    if (baseSeconds < 0 || deepSeconds < 0) {
      state.SkipWithError((base.error + deep.error).c_str());
      return;
    }
    state.SetIterationTime(deepSeconds - baseSeconds);
    seconds += deepSeconds - baseSeconds;
  }
  state.counters["ns_per_level"] = seconds * 1e9 / double(state.iterations() * depth);
}

void registerAll() {
  auto add = [](const std::string &name, auto function,
                std::vector<int64_t> depths = {1000, 30000}) {
    auto *bench = benchmark::RegisterBenchmark(name.c_str(), function);
    for (int64_t depth : depths)
      bench->Arg(depth);
    bench->ArgName("depth")->Unit(benchmark::kMicrosecond);
    return bench;
  };
  add("osr/interp", [](benchmark::State &s) { steady(s, "interp", "", false); });
  add("osr/jit", [](benchmark::State &s) { steady(s, "jit", "", false); });
  add("osr/tiered-never", [](benchmark::State &s) { steady(s, "tiered", "never", false); });
  add("osr/tiered-native", [](benchmark::State &s) { steady(s, "tiered", kOsrPolicy, true); });
  // Two fresh engines and two compilations per iteration: a few iterations suffice.
  // The compilations' noise, a millisecond or so, needs deep recursion to stay small.
  add("osr/tiered-osr", osr, {30000, 100000})->UseManualTime()->Iterations(20);
}

} // namespace

int main(int argc, char **argv) { return bench::runRegistered(argc, argv, registerAll); }
