#include "TieredModuleEngine.h"

#include "strata/interp/FrameTiers.h"
#include "strata/interp/Translator.h"
#include "strata/native/GuardPages.h"
#include "strata/profile/ChromeTrace.h"
#include "strata/profile/JsonLines.h"
#include "strata/runtime/Store.h"
#include "strata/tiering/TieredEngine.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace strata::tiering {

namespace {

class TieredEngine final : public engine::Engine {
public:
  explicit TieredEngine(std::shared_ptr<TieringContext> context) : context_(std::move(context)) {
    mlirtier::prepareNativeRuntime(context_->options.jit.compile.guardPages);
  }

  ~TieredEngine() override {
    context_->queue.drain();
    context_->events.flush();
  }

  std::string_view name() const override { return engine::kTieredEngine; }

  Status compileModule(const std::shared_ptr<const wasm::Module> &module) override {
    auto code = interpCode(module);
    return code ? Status::ok() : Status(code.takeError());
  }

  size_t compiledModuleCount() const override {
    std::lock_guard lock(mutex_);
    return interpCode_.size();
  }

  void deleteCompiledModule(const wasm::Module *module) override {
    std::lock_guard lock(mutex_);
    interpCode_.erase(module);
    tiering_.erase({module, false});
    tiering_.erase({module, true});
  }

  Expected<std::unique_ptr<engine::ModuleEngine>>
  newModuleEngine(runtime::ModuleInstance &instance) override {
    bool guardPages = boundsChecks_.guardPagesFor(instance);
    auto code = interpCode(instance.sharedModule());
    if (!code)
      return code.takeError();
    std::shared_ptr<ModuleTiering> tiering;
    bool created = false;
    {
      std::lock_guard lock(mutex_);
      auto &slot = tiering_[{&instance.module(), guardPages}];
      if (!slot) {
        slot = std::make_shared<ModuleTiering>(context_, *code, guardPages);
        created = true;
      }
      tiering = slot;
    }
    auto engine = std::make_unique<TieredModuleEngine>(instance, tiering);
    if (created)
      tiering->requestModule();
    return std::unique_ptr<engine::ModuleEngine>(std::move(engine));
  }

  std::string memoryStatsJson() const override { return boundsChecks_.json(); }

  double compileSeconds() const override {
    std::lock_guard lock(context_->costMutex);
    return context_->compiledSeconds;
  }

  /// The baseline tier's compilations, when it runs below the MLIR tier (whose own are in
  /// statsJson's "compilations").
  std::string compileStatsJson() const override {
    const interp::InterpOptions &options = context_->options.interp;
    if (!options.frameCompiler)
      return {};
    interp::TranslationStats total;
    {
      std::lock_guard lock(mutex_);
      for (const auto &[module, code] : interpCode_)
        total += code->stats();
    }
    return interp::frameCompileStatsJson(total, *options.frameCompiler, options.translation);
  }

  std::string statsJson() const override {
    if (!context_->stats)
      return {};
    profile::TierTimes times;
    times.interpreterSeconds = double(context_->tierNs[unsigned(Tier::Interpreter)]) * 1e-9;
    times.nativeSeconds = double(context_->tierNs[unsigned(Tier::Native)]) * 1e-9;
    return context_->stats->summaryJson(times, functionCounts());
  }

  TieringContext &context() { return *context_; }

private:
  Expected<std::shared_ptr<const interp::CompiledModule>>
  interpCode(const std::shared_ptr<const wasm::Module> &module) {
    std::lock_guard lock(mutex_);
    if (auto it = interpCode_.find(module.get()); it != interpCode_.end())
      return it->second;
    const interp::InterpOptions &options = context_->options.interp;
    auto code = interp::translateModule(module, options.translation, options.optimizations,
                                        options.frameCompiler, options.framesOnRequest);
    if (code)
      interpCode_.emplace(module.get(), *code);
    return code;
  }

  /// Calls per function: counted by the interpreter's countdowns and by native counters.
  std::vector<profile::FunctionCount> functionCounts() const {
    std::lock_guard lock(mutex_);
    std::vector<profile::FunctionCount> counts;
    for (const auto &[key, tiering] : tiering_) {
      const wasm::Module &module = tiering->module();
      for (uint32_t i = module.numImportedFunctions; i < module.numFunctions(); ++i) {
        uint64_t calls = tiering->callsSoFar(i) + tiering->nativeCalls(i);
        if (calls)
          counts.push_back({module.functionName(i), i, calls,
                            tiering->function(i).thunk.load() != nullptr});
      }
    }
    return counts;
  }

  std::shared_ptr<TieringContext> context_;
  native::BoundsCheckChoice boundsChecks_{context_->options.jit.compile.guardPages};
  mutable std::mutex mutex_;
  std::map<const wasm::Module *, std::shared_ptr<const interp::CompiledModule>> interpCode_;
  std::map<std::pair<const wasm::Module *, bool>, std::shared_ptr<ModuleTiering>> tiering_;
};

Expected<unsigned> parseThreads(const engine::EngineOptions &options) {
  std::string text = options.get("threads", "1");
  char *end = nullptr;
  unsigned long value = std::strtoul(text.c_str(), &end, 10);
  if (text.empty() || *end || value > 64)
    return Error("tiered: threads must be a number from 0 to 64, got `" + text + "`");
  return unsigned(value);
}

/// The chain `[interp,][FRAME,]optimizing`: whether functions start interpreted, and the frame
/// tier below the MLIR tier (interp/FrameTiers.h), or none.
struct TierChain {
  bool interpreterFirst = false;
  std::string frameTier;
};

Expected<TierChain> parseTierChain(std::string_view text) {
  std::vector<std::string_view> names;
  for (size_t start = 0;;) {
    size_t comma = text.find(',', start);
    names.push_back(text.substr(start, comma - start));
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  TierChain chain;
  size_t next = 0;
  if (names[next] == "interp") {
    chain.interpreterFirst = true;
    ++next;
  }
  if (names.size() - next == 2 && names[next] != "interp" && names[next] != "optimizing")
    chain.frameTier = names[next++];
  if (names.size() - next != 1 || names[next] != "optimizing" ||
      (!chain.interpreterFirst && chain.frameTier.empty()))
    return Error("tiered: tiers must be `interp,optimizing`, `interp,FRAME,optimizing` or "
                 "`FRAME,optimizing`, FRAME a frame tier (registered: " +
                 interp::frameTierNames() + "), got `" + std::string(text) + "`");
  return chain;
}

} // namespace

Expected<TieredOptions> parseTieredOptions(const engine::EngineOptions &options) {
  TieredOptions result;
  auto interpOptions = interp::parseInterpOptions(options);
  if (!interpOptions)
    return interpOptions.takeError();
  result.interp = *interpOptions;
  auto chain = parseTierChain(options.get("tiers", "interp,baseline,optimizing"));
  if (!chain)
    return chain.takeError();
  auto jitOptions = mlirtier::parseJitOptions(options);
  if (!jitOptions)
    return jitOptions.takeError();
  if (!chain->frameTier.empty()) { // it takes the MLIR tier's bounds-checks setting
    auto compiler = interp::createFrameCompiler(
        chain->frameTier, {.guardPages = jitOptions->compile.guardPages, .tierAbove = true});
    if (!compiler)
      return Error("tiered: " + compiler.error().message());
    result.interp.frameCompiler = *compiler;
    result.interp.framesOnRequest = chain->interpreterFirst;
    result.frameTier = chain->frameTier;
  }
  result.jit = *jitOptions;
  auto threads = parseThreads(options);
  if (!threads)
    return threads.takeError();
  result.threads = *threads;
  result.policy = options.get("policy");
  result.eventsFile = options.get("events");
  result.traceFile = options.get("trace");
  std::string stats = options.get("stats", "off");
  if (stats != "on" && stats != "off")
    return Error("tiered: stats must be `on` or `off`, got `" + stats + "`");
  result.stats = stats == "on";
  return result;
}

/// A file sink of kind Sink writing to `path`; none when the path is empty.
template <class Sink>
static Expected<std::shared_ptr<profile::EventSink>> openSink(const std::string &path) {
  if (path.empty())
    return std::shared_ptr<profile::EventSink>();
  auto sink = Sink::open(path);
  if (!sink)
    return sink.takeError();
  return std::shared_ptr<profile::EventSink>(*sink);
}

Expected<std::unique_ptr<engine::Engine>> createTieredEngine(TieredOptions options) {
  if (Status status = mlirtier::enableToolOutputs(options.jit); !status)
    return status.error();
  auto policy = createPolicy(options.policy.empty() ? defaultPolicy() : options.policy);
  if (!policy)
    return policy.takeError();
  auto eventsFile = openSink<profile::JsonLinesSink>(options.eventsFile);
  if (!eventsFile)
    return eventsFile.takeError();
  auto traceFile = openSink<profile::ChromeTraceSink>(options.traceFile);
  if (!traceFile)
    return traceFile.takeError();
  auto context = std::make_shared<TieringContext>(std::move(options), std::move(*policy));
  for (const std::shared_ptr<profile::EventSink> &sink : {*eventsFile, *traceFile})
    if (sink)
      context->events.addSink(sink);
  return std::unique_ptr<engine::Engine>(std::make_unique<TieredEngine>(std::move(context)));
}

bool addEventSink(engine::Engine &engine, std::shared_ptr<profile::EventSink> sink) {
  auto *tiered = dynamic_cast<TieredEngine *>(&engine);
  if (!tiered)
    return false;
  tiered->context().events.addSink(std::move(sink));
  return true;
}

void waitForCompilations(engine::Engine &engine) {
  if (auto *tiered = dynamic_cast<TieredEngine *>(&engine))
    tiered->context().queue.drain();
}

} // namespace strata::tiering

namespace strata::engine {

void registerTieredEngine() {
  registerEngine(std::string(kTieredEngine),
                 "interpreter first, hot code compiled by the MLIR tier under a tiering policy, "
                 "OSR at loop headers",
                 [](const EngineOptions &options) -> Expected<std::unique_ptr<Engine>> {
                   auto parsed = tiering::parseTieredOptions(options);
                   if (!parsed)
                     return parsed.takeError();
                   return tiering::createTieredEngine(std::move(*parsed));
                 });
}

} // namespace strata::engine
