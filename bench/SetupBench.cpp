// The cost of setting a module up for the interpreter, per byte of code (all function bodies):
// decoding, validation and eager translation separately, and the three together; and for the
// baseline tier, translation plus its stencils. The module is the build's generated program, or
// the file named by $STRATA_BENCH_MODULE.
#include "strata/baseline/BaselineEngine.h"
#include "strata/interp/Translator.h"
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include "BenchModule.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

using namespace strata;
using namespace strata::wasm;

namespace {

using bench::moduleBytes;

std::unique_ptr<Module> decodeOrSkip(benchmark::State &state) {
  auto module = decodeModule(moduleBytes());
  if (!module) {
    state.SkipWithError(module.error().message().c_str());
    return nullptr;
  }
  return std::move(*module);
}

/// Validates `module`, or marks the benchmark failed and returns false.
bool validateOrSkip(benchmark::State &state, Module &module) {
  Status status = validateModule(module);
  if (!status)
    state.SkipWithError(status.error().message().c_str());
  return bool(status);
}

/// Translates every function of `module` (and compiles it with `frameCompiler`, if given), or
/// marks the benchmark failed and returns false.
bool translateOrSkip(benchmark::State &state, const std::shared_ptr<Module> &module,
                     std::shared_ptr<interp::FrameCompiler> frameCompiler = nullptr) {
  auto compiled = interp::translateModule(module, interp::TranslationMode::Eager, {},
                                          std::move(frameCompiler));
  if (!compiled) {
    state.SkipWithError(compiled.error().message().c_str());
    return false;
  }
  benchmark::DoNotOptimize(compiled->get());
  return true;
}

/// per_B: CPU time per byte of code, an inverted rate (seconds per byte, which the console
/// shows with an SI prefix: "12.3n" is 12.3 ns/B).
void reportPerByte(benchmark::State &state, const Module &module) {
  double codeBytes = double(module.codeSize());
  auto flags = benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert;
  state.counters["per_B"] = benchmark::Counter(codeBytes, flags);
  state.counters["code_MB"] = codeBytes / 1e6;
}

void decode(benchmark::State &state) {
  std::unique_ptr<Module> last;
  for (auto _ : state) {
    last = decodeOrSkip(state);
    if (!last)
      return;
    benchmark::DoNotOptimize(last.get());
  }
  reportPerByte(state, *last);
}

// Validation needs a module not validated yet, so each iteration decodes one untimed.
void validate(benchmark::State &state) {
  std::unique_ptr<Module> module;
  for (auto _ : state) {
    state.PauseTiming();
    module = decodeOrSkip(state);
    state.ResumeTiming();
    if (!module)
      return;
    if (!validateOrSkip(state, *module))
      return;
  }
  reportPerByte(state, *module);
}

/// The module decoded and validated, or null after marking the benchmark failed.
std::shared_ptr<Module> validModuleOrSkip(benchmark::State &state) {
  std::shared_ptr<Module> module = decodeOrSkip(state);
  return module && validateOrSkip(state, *module) ? module : nullptr;
}

void translateEager(benchmark::State &state) {
  std::shared_ptr<Module> module = validModuleOrSkip(state);
  if (!module)
    return;
  for (auto _ : state) {
    if (!translateOrSkip(state, module))
      return;
  }
  reportPerByte(state, *module);
}

// The baseline tier's compile cost: translation and stencils, every function. Each iteration
// has a stencil compiler of its own, made and dropped untimed: its code arena frees code only
// when it goes.
void baselineEager(benchmark::State &state) {
  std::shared_ptr<Module> module = validModuleOrSkip(state);
  if (!module)
    return;
  std::shared_ptr<interp::FrameCompiler> compiler;
  for (auto _ : state) {
    state.PauseTiming();
    compiler = baseline::createStencilCompiler(/*guardPages=*/true); // the engines' default
    state.ResumeTiming();
    if (!translateOrSkip(state, module, compiler))
      return;
  }
  reportPerByte(state, *module);
}

void setupEager(benchmark::State &state) {
  std::shared_ptr<Module> module;
  for (auto _ : state) {
    module = decodeOrSkip(state);
    if (!module)
      return;
    if (!validateOrSkip(state, *module))
      return;
    if (!translateOrSkip(state, module))
      return;
  }
  reportPerByte(state, *module);
}

} // namespace

BENCHMARK(decode)->Unit(benchmark::kMillisecond);
BENCHMARK(validate)->Unit(benchmark::kMillisecond);
BENCHMARK(translateEager)->Name("translate_eager")->Unit(benchmark::kMillisecond);
BENCHMARK(baselineEager)->Name("baseline_eager")->Unit(benchmark::kMillisecond);
BENCHMARK(setupEager)->Name("setup_eager")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
