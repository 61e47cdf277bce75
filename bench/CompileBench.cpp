// The MLIR tier's compile cost on the program suite: per program and optimization level, the
// time of each pipeline stage (frontend, MLIR passes, translation to LLVM IR, the LLVM
// pipeline, code generation) in ns per byte of Wasm code; the time to compile the whole suite
// with 1 and with 2 threads, with the lean LLVM pipeline and with Clang's; the fixed cost of a
// unit (a program's smallest function alone); and, for the tiered engine's OSR, the cost of
// compiling the continuation F@L of a function's outermost loop against that of F alone, for
// every function with loops (osr/PROGRAM). Modules are read from $STRATA_PROGRAM_DIR or the
// build directory.
#include "RegisteredMain.h"

#include "strata/mlir/Compiler.h"
#include "strata/mlir/JitEngine.h"
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <benchmark/benchmark.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace strata;

namespace {

const char *const kPrograms[] = {
#define STRATA_PROGRAM(name) #name,
#include "Programs.def"
#undef STRATA_PROGRAM
};

std::shared_ptr<const wasm::Module> loadProgram(const std::string &name) {
  const char *dir = std::getenv("STRATA_PROGRAM_DIR");
  std::string path = std::string(dir ? dir : STRATA_PROGRAM_DIR) + "/" + name + ".wasm";
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  auto module = wasm::decodeModule(bytes);
  if (!module || !wasm::validateModule(**module))
    return nullptr;
  return std::shared_ptr<const wasm::Module>(std::move(*module));
}

/// Bytes of function bodies: what "per byte of Wasm code" divides by.
uint64_t codeBytes(const wasm::Module &module) {
  uint64_t bytes = 0;
  for (const wasm::FunctionBody &body : module.code)
    bytes += body.codeEnd - body.bodyOffset;
  return bytes;
}

/// Each stage's seconds in `times`, times `scale`, as counters named STAGE`suffix`.
void reportStages(benchmark::State &state, const mlirtier::StageTimes &times, double scale,
                  const std::string &suffix) {
  for (auto [name, seconds] : {std::pair{"frontend", times.frontend},
                               std::pair{"mlir", times.mlirPasses},
                               std::pair{"to_llvm", times.toLlvmIr},
                               std::pair{"llvm_opt", times.llvmOpt},
                               std::pair{"codegen", times.codegen},
                               std::pair{"total", times.total()}})
    state.counters[name + suffix] = seconds * scale;
}

void compileProgram(benchmark::State &state, const std::string &name, unsigned optLevel) {
  auto module = loadProgram(name);
  if (!module) {
    state.SkipWithError("cannot load the module");
    return;
  }
  mlirtier::CompileOptions options;
  options.optLevel = optLevel;
  mlirtier::StageTimes sum;
  for (auto _ : state) {
    auto code = mlirtier::compileToNative(*module, {}, options);
    if (!code) {
      state.SkipWithError(code.error().message().c_str());
      return;
    }
    sum += (*code)->times();
  }
  double perByte = 1e9 / (double(codeBytes(*module)) * double(state.iterations()));
  state.counters["wasm_bytes"] = double(codeBytes(*module));
  reportStages(state, sum, perByte, "_ns_per_B");
  state.counters["code_bytes"] = double(sum.codeBytes) / double(state.iterations());
}

/// Every program of the suite, handed out to `threads` workers.
void compileSuite(benchmark::State &state, unsigned threads, unsigned optLevel,
                  mlirtier::LlvmPipeline pipeline) {
  std::vector<std::shared_ptr<const wasm::Module>> modules;
  for (const char *name : kPrograms)
    if (auto module = loadProgram(name))
      modules.push_back(std::move(module));
  mlirtier::CompileOptions options;
  options.optLevel = optLevel;
  options.pipeline = pipeline;
  for (auto _ : state) {
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t)
      workers.emplace_back([&] {
        for (size_t i; (i = next.fetch_add(1)) < modules.size();)
          if (!mlirtier::compileToNative(*modules[i], {}, options))
            failed = true;
      });
    for (std::thread &worker : workers)
      worker.join();
    if (failed) {
      state.SkipWithError("a program failed to compile");
      return;
    }
  }
  state.counters["programs"] = double(modules.size());
}

/// The fixed cost of a unit: the smallest defined function of `name` compiled alone, at -O2.
/// Counters: each stage's time per unit in µs.
void compileSmallestUnit(benchmark::State &state, const std::string &name) {
  auto module = loadProgram(name);
  if (!module || module->code.empty()) {
    state.SkipWithError("cannot load the module");
    return;
  }
  uint32_t smallest = 0;
  for (uint32_t i = 1; i < module->code.size(); ++i)
    if (module->code[i].codeEnd - module->code[i].bodyOffset <
        module->code[smallest].codeEnd - module->code[smallest].bodyOffset)
      smallest = i;
  uint32_t index = module->numImportedFunctions + smallest;
  mlirtier::StageTimes sum;
  for (auto _ : state) {
    auto code = mlirtier::compileToNative(*module, std::span(&index, 1), {});
    if (!code) {
      state.SkipWithError(code.error().message().c_str());
      return;
    }
    sum += (*code)->times();
  }
  state.counters["wasm_bytes"] = double(sum.wasmBytes) / double(state.iterations());
  reportStages(state, sum, 1e6 / double(state.iterations()), "_us");
}

/// Every function of a program with a loop compiled alone, as the tiered engine compiles it:
/// F, then F@L for L = loop 0, which no other loop encloses (the first in code order). Counters
/// per iteration: f_ms and osr_ms (all stages, summed over the functions), ratio (their
/// quotient), ratio_geomean (of the per-function quotients), and the code sizes.
void compileOsr(benchmark::State &state, const std::string &name) {
  auto module = loadProgram(name);
  if (!module) {
    state.SkipWithError("cannot load the module");
    return;
  }
  std::vector<uint32_t> functions;
  for (uint32_t index = module->numImportedFunctions; index < module->numFunctions(); ++index)
    if (!module->info(index).loops.empty())
      functions.push_back(index);
  double functionSeconds = 0, osrSeconds = 0, logRatios = 0;
  uint64_t functionCode = 0, osrCode = 0, skipped = 0, compared = 0;
  for (auto _ : state) {
    for (uint32_t index : functions) {
      mlirtier::CompileOptions options; // the tiered engine's defaults: O2, no counters
      auto whole = mlirtier::compileToNative(*module, std::span(&index, 1), options);
      options.osrLoop = 0;
      auto osr = mlirtier::compileToNative(*module, std::span(&index, 1), options);
      if (!whole || !osr) { // SIMD, or a loop nothing reaches: nothing to compare
        ++skipped;
        continue;
      }
      const mlirtier::StageTimes &f = (*whole)->times();
      const mlirtier::StageTimes &fl = (*osr)->times();
      functionSeconds += f.total();
      osrSeconds += fl.total();
      logRatios += std::log(fl.total() / f.total());
      functionCode += f.codeBytes;
      osrCode += fl.codeBytes;
      ++compared;
    }
  }
  double iterations = double(state.iterations());
  state.counters["functions"] = double(compared) / iterations;
  state.counters["skipped"] = double(skipped) / iterations;
  state.counters["f_ms"] = functionSeconds * 1e3 / iterations;
  state.counters["osr_ms"] = osrSeconds * 1e3 / iterations;
  state.counters["ratio"] = functionSeconds > 0 ? osrSeconds / functionSeconds : 0;
  state.counters["ratio_geomean"] = compared ? std::exp(logRatios / double(compared)) : 0;
  state.counters["f_code_bytes"] = double(functionCode) / iterations;
  state.counters["osr_code_bytes"] = double(osrCode) / iterations;
}

void registerAll() {
  // The engine binds the runtime functions the JIT links against.
  (void)mlirtier::createJitEngine();
  for (unsigned level : {1u, 2u})
    for (const char *name : kPrograms)
      benchmark::RegisterBenchmark(
          ("compile/O" + std::to_string(level) + "/" + name).c_str(),
          [name, level](benchmark::State &state) { compileProgram(state, name, level); })
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
  for (auto pipeline : {mlirtier::LlvmPipeline::Lean, mlirtier::LlvmPipeline::Clang})
    for (unsigned threads : {1u, 2u}) {
      std::string name = "suite/O2/" + std::string(mlirtier::llvmPipelineName(pipeline)) +
                         "/threads:" + std::to_string(threads);
      benchmark::RegisterBenchmark(name.c_str(),
                                   [threads, pipeline](benchmark::State &state) {
                                     compileSuite(state, threads, 2, pipeline);
                                   })
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  benchmark::RegisterBenchmark("unit/smallest/fib", [](benchmark::State &state) {
    compileSmallestUnit(state, "fib");
  })->Unit(benchmark::kMillisecond)->UseRealTime();
  for (const char *name : kPrograms)
    benchmark::RegisterBenchmark(("osr/" + std::string(name)).c_str(),
                                 [name](benchmark::State &state) { compileOsr(state, name); })
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
}

} // namespace

int main(int argc, char **argv) { return bench::runRegistered(argc, argv, registerAll); }
