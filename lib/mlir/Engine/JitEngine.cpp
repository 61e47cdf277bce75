#include "JitModuleEngine.h"

#include "strata/mlir/Compiler.h"
#include "strata/native/PerfSupport.h"
#include "strata/native/GuardPages.h"

#include "strata/mlir/JitEngine.h"
#include "strata/runtime/Store.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <cstdlib>
#include <tuple>
#include <map>
#include <mutex>
#include <thread>

namespace strata::mlirtier {

namespace {

/// A module's native code in the two bounds-check variants, each made on first need: guard
/// pages need a memory with a guard region, which the system may refuse to reserve.
struct CompiledModule {
  std::shared_ptr<const wasm::Module> module;
  std::shared_ptr<ModuleCode> guarded;
  std::shared_ptr<ModuleCode> explicitChecks;
};

class JitEngine final : public engine::Engine {
public:
  explicit JitEngine(JitOptions options) : options_(std::move(options)) {
    prepareNativeRuntime(options_.compile.guardPages);
  }

  std::string memoryStatsJson() const override { return boundsChecks_.json(); }

  double compileSeconds() const override { return compiledSoFar().total(); }

  std::string compileStatsJson() const override {
    size_t units = 0, background = 0;
    StageTimes total = compiledSoFar(&units, &background);
    // Milliseconds, to the nanosecond the clocks measure.
    auto ms = [](double seconds) { return std::round(seconds * 1e9) / 1e6; };
    return boost::json::serialize(boost::json::object{
        {"mode", !options_.aheadOfTimeObject.empty() ? "ahead-of-time"
                 : options_.lazy                       ? "lazy"
                                                       : "eager"},
        {"units", units},
        {"background_units", background},
        {"units_at_level_0", total.unitsAtLevelZero},
        {"wasm_bytes", total.wasmBytes},
        {"code_bytes", total.codeBytes},
        {"total_ms", ms(total.total())},
        {"frontend_ms", ms(total.frontend)},
        {"mlir_passes_ms", ms(total.mlirPasses)},
        {"llvm_ir_ms", ms(total.toLlvmIr)},
        {"llvm_opt_ms", ms(total.llvmOpt)},
        {"codegen_ms", ms(total.codegen)},
    });
  }

  std::string_view name() const override { return engine::kJitEngine; }

  /// The stage times of every module's code so far, and how many units that is, how many of
  /// them compiled in the background.
  StageTimes compiledSoFar(size_t *units = nullptr, size_t *background = nullptr) const {
    StageTimes total;
    std::lock_guard lock(mutex_);
    for (const auto &[module, entry] : modules_)
      for (const std::shared_ptr<ModuleCode> &code : {entry.guarded, entry.explicitChecks})
        if (code) {
          total += code->times();
          if (units)
            *units += code->units();
          if (background)
            *background += code->backgroundUnits();
        }
    return total;
  }

  Status compileModule(const std::shared_ptr<const wasm::Module> &module) override {
    auto code = find(module, options_.compile.guardPages);
    return code ? Status::ok() : Status(code.takeError());
  }

  size_t compiledModuleCount() const override {
    std::lock_guard lock(mutex_);
    return modules_.size();
  }

  void deleteCompiledModule(const wasm::Module *module) override {
    std::lock_guard lock(mutex_);
    modules_.erase(module);
  }

  Expected<std::unique_ptr<engine::ModuleEngine>>
  newModuleEngine(runtime::ModuleInstance &instance) override {
    bool guardPages = boundsChecks_.guardPagesFor(instance);
    auto code = find(instance.sharedModule(), guardPages);
    if (!code)
      return code.takeError();
    return std::unique_ptr<engine::ModuleEngine>(
        std::make_unique<JitModuleEngine>(instance, std::move(*code), guardPages));
  }

private:
  /// The module's code in the requested variant, made on first use: compiled now when eager.
  Expected<std::shared_ptr<ModuleCode>> find(const std::shared_ptr<const wasm::Module> &module,
                                             bool guardPages) {
    std::lock_guard lock(mutex_);
    CompiledModule &entry = modules_[module.get()];
    entry.module = module;
    std::shared_ptr<ModuleCode> &slot = guardPages ? entry.guarded : entry.explicitChecks;
    if (slot)
      return slot;
    CompileOptions options = options_.compile;
    options.guardPages = guardPages;
    if (options_.lazy) {
      slot = compileLazily(module, options, options_.batchBytes, compileQueue_);
      return slot;
    }
    auto code = options_.aheadOfTimeObject.empty()
                    ? compileEagerly(*module, options)
                    : loadAheadOfTimeCode(*module, options, options_.aheadOfTimeObject);
    if (!code)
      return code.takeError();
    slot = std::move(*code);
    return slot;
  }

  JitOptions options_;
  native::BoundsCheckChoice boundsChecks_{options_.compile.guardPages};
  mutable std::mutex mutex_;
  std::map<const wasm::Module *, CompiledModule> modules_;
  // First to go: its threads stop before the code they compile for goes away.
  std::shared_ptr<engine::CompileQueue> compileQueue_ =
      std::make_shared<engine::CompileQueue>(options_.lazy ? options_.compileThreads : 0);
};

} // namespace

static Expected<bool> parseSwitch(const engine::EngineOptions &options, std::string_view key,
                                  bool fallback) {
  std::string value = options.get(key, fallback ? "on" : "off");
  if (value == "on")
    return true;
  if (value == "off")
    return false;
  return Error("jit: " + std::string(key) + " must be `on` or `off`, got `" + value + "`");
}

Expected<JitOptions> parseJitOptions(const engine::EngineOptions &options) {
  JitOptions result;
  std::string compilation = options.get("compilation", "lazy");
  if (compilation != "lazy" && compilation != "eager")
    return Error("jit: compilation must be `lazy` or `eager`, got `" + compilation + "`");
  result.lazy = compilation == "lazy";
  result.aheadOfTimeObject = options.get("aot-object", "");
  if (!result.aheadOfTimeObject.empty())
    result.lazy = false;
  unsigned cores = std::thread::hardware_concurrency();
  std::string threads = options.get("compile-threads", std::to_string(cores > 1 ? cores - 1 : 1));
  char *end = nullptr;
  unsigned long count = std::strtoul(threads.c_str(), &end, 10);
  if (threads.empty() || *end || count > 64)
    return Error("jit: compile-threads must be a number from 0 to 64, got `" + threads + "`");
  result.compileThreads = unsigned(count);
  std::string batch = options.get("batch-bytes", std::to_string(kDefaultBatchBytes));
  unsigned long long batchBytes = std::strtoull(batch.c_str(), &end, 10);
  if (batch.empty() || *end || batch[0] == '-')
    return Error("jit: batch-bytes must be a number of bytes (0: no batches), got `" + batch +
                 "`");
  result.batchBytes = batchBytes;
  std::string level = options.get("opt-level", "2");
  if (level.size() != 1 || level[0] < '0' || level[0] > '3')
    return Error("jit: opt-level must be 0, 1, 2 or 3, got `" + level + "`");
  result.compile.optLevel = unsigned(level[0] - '0');
  for (auto [key, limit, fallback] :
       {std::tuple{"max-optimized-bytes", &result.compile.maxOptimizedBytes,
                   kDefaultMaxOptimizedBytes},
        std::tuple{"max-optimized-loopless-bytes", &result.compile.maxOptimizedLooplessBytes,
                   kDefaultMaxOptimizedLooplessBytes}}) {
    std::string value = options.get(key, std::to_string(fallback));
    unsigned long long bytes = std::strtoull(value.c_str(), &end, 10);
    if (value.empty() || *end || value[0] == '-')
      return Error(std::string("jit: ") + key + " must be a number of bytes (0: no limit), got `" +
                   value + "`");
    *limit = bytes;
  }
  std::string pipeline = options.get("llvm-pipeline", "lean");
  std::optional<LlvmPipeline> parsedPipeline = parseLlvmPipeline(pipeline);
  if (!parsedPipeline)
    return Error("jit: llvm-pipeline must be `lean` or `clang`, got `" + pipeline + "`");
  result.compile.pipeline = *parsedPipeline;
  auto fastIsel = parseSwitch(options, "fast-isel", false);
  if (!fastIsel)
    return fastIsel.takeError();
  result.compile.fastInstructionSelection = *fastIsel;
  std::string bounds = options.get("bounds-checks", "guard-pages");
  if (bounds == "explicit")
    result.compile.guardPages = false;
  else if (bounds != "guard-pages")
    return Error("jit: bounds-checks must be `guard-pages` or `explicit`, got `" + bounds + "`");
  std::string exactTraps = options.get("exact-traps", "on");
  if (exactTraps != "on" && exactTraps != "off" && exactTraps != "volatile")
    return Error("jit: exact-traps must be `on`, `off` or `volatile`, got `" + exactTraps + "`");
  result.compile.exactTraps = exactTraps != "off";
  result.compile.volatileLoads = exactTraps == "volatile";
  auto directCalls = parseSwitch(options, "direct-calls", true);
  if (!directCalls)
    return directCalls.takeError();
  result.compile.directCalls = *directCalls;
  auto wasmOpt = parseSwitch(options, "wasm-opt", true);
  if (!wasmOpt)
    return wasmOpt.takeError();
  result.compile.wasmOptimizations = *wasmOpt;
  for (auto [key, wanted] : {std::pair{"perf-map", &result.perfMap},
                             std::pair{"jitdump", &result.jitDump}, std::pair{"gdb", &result.gdb}}) {
    auto value = parseSwitch(options, key, false);
    if (!value)
      return value.takeError();
    *wanted = *value;
  }
  return result;
}

Status enableToolOutputs(const JitOptions &options) {
  const std::pair<bool, Status (*)()> outputs[] = {{options.perfMap, native::writePerfMap},
                                                   {options.jitDump, native::writeJitDump},
                                                   {options.gdb, registerCodeWithDebugger}};
  for (auto [wanted, start] : outputs)
    if (wanted)
      if (Status status = start(); !status)
        return status;
  return Status::ok();
}

std::unique_ptr<engine::Engine> createJitEngine(JitOptions options) {
  return std::make_unique<JitEngine>(std::move(options));
}

} // namespace strata::mlirtier

namespace strata::engine {

void registerJitEngine() {
  registerEngine(std::string(kJitEngine),
                 "MLIR tier: each function compiled to native code at its first call",
                 [](const EngineOptions &options) -> Expected<std::unique_ptr<Engine>> {
                   auto parsed = mlirtier::parseJitOptions(options);
                   if (!parsed)
                     return parsed.takeError();
                   if (Status status = mlirtier::enableToolOutputs(*parsed); !status)
                     return status.error();
                   return mlirtier::createJitEngine(std::move(*parsed));
                 });
}

} // namespace strata::engine
