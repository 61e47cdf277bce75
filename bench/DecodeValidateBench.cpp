// Throughput of the front end on a realistic multi-MB module: decoding alone, reading every
// instruction of every body, and decoding plus validation. Reports bytes of module per second.
// The module is the build's generated program, or the file named by $STRATA_BENCH_MODULE.
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include "BenchModule.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

using namespace strata;
using namespace strata::wasm;

namespace {

using bench::moduleBytes;

void reportBytes(benchmark::State &state) {
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(moduleBytes().size()));
  state.counters["module_MB"] = double(moduleBytes().size()) / 1e6;
}

void decode(benchmark::State &state) {
  const auto &bytes = moduleBytes();
  for (auto _ : state) {
    auto module = decodeModule(bytes);
    if (!module) {
      state.SkipWithError(module.error().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(module);
  }
  reportBytes(state);
}

// The instruction reader over every body: the decoding share of validation.
void readInstructions(benchmark::State &state) {
  auto module = decodeModule(moduleBytes());
  if (!module) {
    state.SkipWithError(module.error().message().c_str());
    return;
  }
  const Module &m = **module;
  for (auto _ : state) {
    uint64_t count = 0;
    Instruction instruction;
    for (const FunctionBody &body : m.code) {
      ByteReader reader(m.bytes.data() + body.codeOffset, m.bytes.data() + body.codeEnd,
                        body.codeOffset);
      while (!reader.atEnd() && readInstruction(reader, instruction, m.features))
        ++count;
      if (reader.failed()) {
        state.SkipWithError(reader.error().message().c_str());
        return;
      }
    }
    benchmark::DoNotOptimize(count);
    state.counters["instructions"] = double(count);
  }
  reportBytes(state);
}

void decodeValidate(benchmark::State &state) {
  const auto &bytes = moduleBytes();
  for (auto _ : state) {
    auto module = decodeModule(bytes);
    Status status = module ? validateModule(**module) : Status(module.error());
    if (!status) {
      state.SkipWithError(status.error().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(module);
  }
  reportBytes(state);
}

} // namespace

BENCHMARK(decode)->Unit(benchmark::kMillisecond);
BENCHMARK(readInstructions)->Unit(benchmark::kMillisecond);
BENCHMARK(decodeValidate)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
