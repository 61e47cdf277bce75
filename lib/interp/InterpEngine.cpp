#include "strata/interp/InterpModuleEngine.h"

#include "strata/interp/InterpEngine.h"
#include "strata/interp/Translator.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <mutex>

namespace strata::interp {

namespace {
class InterpEngine final : public engine::Engine {
public:
  explicit InterpEngine(InterpOptions options) : options_(options) {}

  std::string_view name() const override { return options_.name; }

  Status compileModule(const std::shared_ptr<const wasm::Module> &module) override {
    auto code = find(module);
    return code ? Status::ok() : Status(code.takeError());
  }

  double compileSeconds() const override {
    return options_.frameCompiler ? double(translated().nanoseconds) * 1e-9 : 0;
  }

  std::string memoryStatsJson() const override {
    return options_.frameCompiler ? options_.frameCompiler->memoryStatsJson() : std::string();
  }

  std::string compileStatsJson() const override {
    return options_.frameCompiler ? frameCompileStatsJson(translated(), *options_.frameCompiler,
                                                          options_.translation)
                                  : std::string();
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
    auto code = find(instance.sharedModule());
    if (!code)
      return code.takeError();
    return std::unique_ptr<engine::ModuleEngine>(
        std::make_unique<InterpModuleEngine>(instance, std::move(*code), options_));
  }

private:
  /// The translation statistics of every module so far.
  TranslationStats translated() const {
    std::lock_guard lock(mutex_);
    TranslationStats total;
    for (const auto &[module, code] : modules_)
      total += code->stats();
    return total;
  }

  /// The module's code, creating it on first use.
  Expected<std::shared_ptr<const CompiledModule>>
  find(const std::shared_ptr<const wasm::Module> &module) {
    std::lock_guard lock(mutex_);
    if (auto it = modules_.find(module.get()); it != modules_.end())
      return it->second;
    auto code = translateModule(module, options_.translation, options_.optimizations,
                                options_.frameCompiler);
    if (code)
      modules_.emplace(module.get(), *code);
    return code;
  }

  InterpOptions options_;
  mutable std::mutex mutex_;
  std::map<const wasm::Module *, std::shared_ptr<const CompiledModule>> modules_;
};
} // namespace

Expected<InterpOptions> parseInterpOptions(const engine::EngineOptions &options) {
  InterpOptions result;
  std::string translation = options.get("translate", "lazy");
  if (translation == "eager")
    result.translation = TranslationMode::Eager;
  else if (translation == "lazy")
    result.translation = TranslationMode::Lazy;
  else
    return Error("interp: translate must be `eager` or `lazy`, got `" + translation + "`");
  std::string fusion = options.get("fusion", "on");
  if (fusion == "off")
    result.optimizations = TranslationOptions{false, false, false};
  else if (fusion != "on")
    return Error("interp: fusion must be `on` or `off`, got `" + fusion + "`");
  // The standard tools' outputs list native code, of which the interpreter has none: accepted,
  // so one command line serves every engine, and nothing is written.
  for (const char *key : {"perf-map", "jitdump", "gdb"})
    if (std::string value = options.get(key, "off"); value != "on" && value != "off")
      return Error("interp: " + std::string(key) + " must be `on` or `off`, got `" + value + "`");
  std::string slots = options.get("stack-slots");
  if (!slots.empty()) {
    char *end = nullptr;
    unsigned long long value = std::strtoull(slots.c_str(), &end, 10);
    if (*end || value < 1024)
      return Error("interp: stack-slots must be a number of at least 1024, got `" + slots + "`");
    result.machine.stackSlots = value;
  }
  return result;
}

std::string frameCompileStatsJson(const TranslationStats &translated,
                                  const FrameCompiler &compiler, TranslationMode mode) {
  uint64_t compileNs = std::min(compiler.nanoseconds(), translated.nanoseconds);
  uint64_t translateNs = translated.nanoseconds - compileNs;
  auto ms = [](uint64_t ns) { return double(ns) / 1e6; };
  auto perByte = [](uint64_t ns, uint64_t bytes) { return bytes ? double(ns) / double(bytes) : 0.0; };
  // Translation and stencils per byte each over the bytes they handled: with frame code on
  // request (a tiered chain) fewer functions reach the stencils than are translated.
  return boost::json::serialize(boost::json::object{
      {"mode", mode == TranslationMode::Eager ? "eager" : "lazy"},
      {"units", translated.framedFunctions},
      {"wasm_bytes", translated.framedCodeBytes},
      {"translated_units", translated.functions},
      {"translated_wasm_bytes", translated.codeBytes},
      {"code_bytes", compiler.codeBytes()},
      {"total_ms", ms(translated.nanoseconds)},
      {"translate_ms", ms(translateNs)},
      {"stencils_ms", ms(compileNs)},
      {"ns_per_wasm_byte", perByte(translateNs, translated.codeBytes) +
                               perByte(compileNs, translated.framedCodeBytes)},
  });
}

std::unique_ptr<engine::Engine> createInterpEngine(InterpOptions options) {
  return std::make_unique<InterpEngine>(options);
}

} // namespace strata::interp

namespace strata::engine {

void registerInterpEngine() {
  registerEngine(std::string(kInterpEngine),
                 "baseline interpreter: pre-decoded register code, threaded dispatch",
                 [](const EngineOptions &options) -> Expected<std::unique_ptr<Engine>> {
                   auto parsed = interp::parseInterpOptions(options);
                   if (!parsed)
                     return parsed.takeError();
                   return interp::createInterpEngine(*parsed);
                 });
}

} // namespace strata::engine
