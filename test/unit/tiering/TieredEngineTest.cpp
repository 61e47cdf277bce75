// The tiered engine end to end, created through the registry as the tools create it: tier-up
// at the policy's thresholds, interpreted and native frames calling each other in every
// direction, traps and their stack traces across tiers, OSR entry in the loop shapes the
// interpreter lays out differently, background compilation, the policies, statistics and
// interruption. Every result is compared with the interpreter's; events come from a sink on
// the engine's event stream. Synchronous engines (threads=0) make tier-up points exact.
#include "TestUtil.h"

#include "strata/engine/BuiltinEngines.h"
#include "strata/engine/Instantiate.h"
#include "strata/engine/Registry.h"
#include "strata/interp/FrameTiers.h"
#include "strata/interp/InterpEngine.h"
#include "strata/profile/Events.h"
#include "strata/runtime/Store.h"
#include "strata/tiering/Policy.h"
#include "strata/tiering/TieredEngine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace strata {
namespace {

using profile::EventKind;
using runtime::Trap;
using runtime::TrapKind;
using runtime::Value;
using Settings = std::map<std::string, std::string>;

/// Everything compiled at its first call, OSR at the first back-edge, on the calling thread.
const Settings kEarly = {{"policy", "counters:calls=1,loops=1"}, {"threads", "0"}};
/// Calls tier up at the third, loops after 50 back-edges: runs mix both tiers.
const Settings kMixed = {{"policy", "counters:calls=3,loops=50"}, {"threads", "0"}};
/// Only loops tier up (OSR), after 50 back-edges.
const Settings kLoopsOnly = {{"policy", "counters:calls=1000000,loops=50"}, {"threads", "0"}};
const Settings kLoopsForEntry = {{"policy", "counters:calls=1000000,loops=50,specialize=on"},
                                 {"threads", "0"}};

/// Keeps a copy of every event (their views die with the record() call).
class EventLog final : public profile::EventSink {
public:
  struct Entry {
    EventKind kind;
    std::string module;
    uint32_t function;
    int32_t loop;
    uint32_t functions;
    std::string reason;
    bool background;
    bool ok;
    std::string message;
    std::string tier;
  };

  void record(const profile::Event &event) override {
    std::lock_guard lock(mutex_);
    (event.tier != profile::kOptimizingTier ? baseline_ : entries_)
        .push_back({event.kind, std::string(event.module), event.function, event.loop,
                    event.functions, std::string(event.reason), event.background, event.ok,
                    std::string(event.message), std::string(event.tier)});
  }

  /// The events of everything but moves to the frame tier, baseline or a plug-in
  /// (baselineEntries()).
  std::vector<Entry> entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
  }
  std::vector<Entry> baselineEntries() const {
    std::lock_guard lock(mutex_);
    return baseline_;
  }
  size_t count(EventKind kind, std::optional<uint32_t> function = std::nullopt,
               std::optional<int32_t> loop = std::nullopt) const {
    std::lock_guard lock(mutex_);
    return size_t(std::count_if(entries_.begin(), entries_.end(), [&](const Entry &e) {
      return e.kind == kind && (!function || e.function == *function) && (!loop || e.loop == *loop);
    }));
  }
  size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }
  /// Event names, one per line, for failure messages.
  std::string dump() const {
    std::string out;
    for (const Entry &e : entries())
      out += std::string(profile::eventKindName(e.kind)) + " f" + std::to_string(e.function) +
             " loop " + std::to_string(e.loop) + " " + e.reason + " " + e.message + "\n";
    return out;
  }

private:
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  std::vector<Entry> baseline_;
};

struct CallResult {
  std::vector<Value> values;
  std::unique_ptr<Trap> trap;
};

class TieredEngineTest : public ::testing::Test {
protected:
  void SetUp() override {
    engine::registerBuiltinEngines();
    auto interp = engine::createEngine(engine::kInterpEngine);
    ASSERT_TRUE(interp) << interp.error().message();
    interp_ = std::move(*interp);
  }

  /// A tiered engine with `settings`, its events going to a fresh log_.
  engine::Engine &useTiered(const Settings &settings) {
    engine::EngineOptions options;
    for (const auto &[key, value] : settings)
      options.settings[key] = value;
    auto created = engine::createEngine(engine::kTieredEngine, options);
    EXPECT_TRUE(created) << created.error().message();
    if (!created)
      throw std::runtime_error("no tiered engine");
    tiered_ = std::move(*created);
    log_ = std::make_shared<EventLog>();
    EXPECT_TRUE(tiering::addEventSink(*tiered_, log_));
    return *tiered_;
  }

  runtime::ModuleInstance *instantiate(engine::Engine &engine, const std::string &text,
                                       const std::string &name,
                                       const runtime::ImportMap &imports = {}) {
    return instantiate(engine, test::loadModule(text), name, imports);
  }
  runtime::ModuleInstance *instantiate(engine::Engine &engine,
                                       std::shared_ptr<const wasm::Module> module,
                                       const std::string &name,
                                       const runtime::ImportMap &imports = {}) {
    engine::InstantiateOptions options;
    options.name = name;
    options.context = &context_;
    auto instance = engine::instantiate(store_, engine, std::move(module), imports, options);
    EXPECT_TRUE(instance) << (instance ? "" : instance.error().message());
    if (!instance)
      throw std::runtime_error("instantiation failed");
    return *instance;
  }
  /// The module on the tiered engine ("t") and on the interpreter ("ref"), for reference().
  runtime::ModuleInstance *load(const std::string &text, const runtime::ImportMap &imports = {}) {
    reference_ = instantiate(*interp_, text, "ref", imports);
    return tiered_instance_ = instantiate(*tiered_, text, "t", imports);
  }

  CallResult call(runtime::ModuleInstance &instance, const std::string &name,
                  std::vector<Value> args = {}) {
    CallResult result;
    runtime::FunctionInstance *function = instance.exportedFunction(name);
    EXPECT_NE(function, nullptr) << name;
    if (!function)
      return result;
    auto callEngine = engine::newCallEngine(*function);
    EXPECT_TRUE(callEngine) << callEngine.error().message();
    auto values = (*callEngine)->callValues(context_, args, &result.trap);
    if (values)
      result.values = std::move(*values);
    else
      EXPECT_TRUE(result.trap) << values.error().message();
    return result;
  }
  /// Results of a call on the tiered instance that must not trap.
  std::vector<Value> run(const std::string &name, std::vector<Value> args = {}) {
    CallResult result = call(*tiered_instance_, name, std::move(args));
    EXPECT_FALSE(result.trap) << name << ": " << result.trap->describe();
    return result.values;
  }
  /// The interpreter's results of the same call.
  std::vector<Value> reference(const std::string &name, std::vector<Value> args = {}) {
    CallResult result = call(*reference_, name, std::move(args));
    EXPECT_FALSE(result.trap) << name << ": " << result.trap->describe();
    return result.values;
  }
  /// Runs the call on both engines and compares results, bit for bit.
  void expectSameAsInterp(const std::string &name, std::vector<Value> args = {}) {
    std::vector<Value> expected = reference(name, args);
    std::vector<Value> actual = run(name, args);
    ASSERT_EQ(actual.size(), expected.size()) << name;
    for (size_t i = 0; i < expected.size(); ++i)
      EXPECT_TRUE(actual[i] == expected[i])
          << name << " result " << i << ": " << actual[i].toString() << " vs interp "
          << expected[i].toString();
  }

  /// The chain interp,FRAME,optimizing: functions move to the frame tier at their 100th call or
  /// 50th back-edge, to the MLIR tier at their 300th or 500th, synchronously.
  void useChain(const std::string &frameTier) {
    useTiered({{"tiers", "interp," + frameTier + ",optimizing"},
               {"policy", "counters:calls=300,loops=500,baseline-calls=100,baseline-loops=50"},
               {"threads", "0"},
               {"stats", "on"}});
  }
  /// On useChain(frameTier): drive's loop moves to the frame tier at its header, then OSR
  /// enters the MLIR tier's continuation from the frame tier's frame; sq goes through every
  /// tier meanwhile, called from each of the caller's tiers.
  void expectLoopMovesThroughTheChain(const std::string &frameTier);

  runtime::FunctionInstance &function(const std::string &name) {
    return *tiered_instance_->exportedFunction(name);
  }
  bool isNative(const std::string &name) { return function(name).nativeCode() != nullptr; }
  uint32_t indexOf(const std::string &name) { return function(name).index(); }

  runtime::Store store_;
  runtime::CallContext context_{store_};
  std::unique_ptr<engine::Engine> interp_;
  std::unique_ptr<engine::Engine> tiered_;
  std::shared_ptr<EventLog> log_;
  runtime::ModuleInstance *tiered_instance_ = nullptr;
  runtime::ModuleInstance *reference_ = nullptr;
};

Value i32v(int32_t v) { return Value::i32(v); }
Value i64v(int64_t v) { return Value::i64(v); }

// ---------------------------------------------------------------------------------------------
// 1. Tier-up by calls

const char *kSquare = R"((module
  (func $sq (export "sq") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func (export "drive") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $sq (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))))";

void TieredEngineTest::expectLoopMovesThroughTheChain(const std::string &frameTier) {
  useChain(frameTier);
  load(kSquare);
  uint32_t drive = indexOf("drive");
  uint32_t sq = indexOf("sq");
  expectSameAsInterp("drive", {i32v(2000)});
  auto tierOf = [&](EventKind kind, uint32_t function, std::string_view tier) {
    std::vector<EventLog::Entry> events =
        tier == frameTier ? log_->baselineEntries() : log_->entries();
    return std::find_if(events.begin(), events.end(), [&](const EventLog::Entry &e) {
             return e.kind == kind && e.function == function && e.tier == tier;
           }) != events.end();
  };
  EXPECT_TRUE(tierOf(EventKind::CodeInstalled, drive, frameTier)) << log_->dump();
  EXPECT_TRUE(tierOf(EventKind::CodeInstalled, sq, frameTier)) << log_->dump();
  EXPECT_TRUE(tierOf(EventKind::CodeInstalled, sq, "optimizing")) << log_->dump();
  EXPECT_EQ(log_->count(EventKind::OsrEntry, drive, 0), 1u) << log_->dump();
  std::string stats = tiered_->statsJson();
  EXPECT_NE(stats.find("\"baseline\":{\"tier_ups\":2,\"failed\":0,\"functions\":2"),
            std::string::npos)
      << stats;
  for (int32_t n : {0, 1, 77, 5000})
    expectSameAsInterp("drive", {i32v(n)});
}

TEST_F(TieredEngineTest, FunctionCompiledExactlyAtTheCallThreshold) {
  useTiered({{"policy", "counters:calls=3,loops=1000000"}, {"threads", "0"}});
  load(kSquare);
  uint32_t sq = indexOf("sq");
  for (int32_t n = 1; n <= 2; ++n) {
    expectSameAsInterp("sq", {i32v(n)});
    EXPECT_EQ(log_->size(), 0u) << log_->dump();
    EXPECT_FALSE(isNative("sq"));
  }
  // The third call asks, compiles synchronously, installs, and runs native.
  expectSameAsInterp("sq", {i32v(3)});
  std::vector<EventLog::Entry> events = log_->entries();
  ASSERT_EQ(events.size(), 4u) << log_->dump();
  EXPECT_EQ(events[0].kind, EventKind::TierUpRequest);
  EXPECT_EQ(events[0].reason, "calls>=3");
  EXPECT_FALSE(events[0].background);
  EXPECT_EQ(events[1].kind, EventKind::CompileStart);
  EXPECT_EQ(events[2].kind, EventKind::CompileEnd);
  EXPECT_TRUE(events[2].ok) << events[2].message;
  EXPECT_EQ(events[3].kind, EventKind::CodeInstalled);
  for (const EventLog::Entry &event : events) {
    EXPECT_EQ(event.function, sq);
    EXPECT_EQ(event.loop, -1);
    EXPECT_EQ(event.module, "t");
  }
  EXPECT_TRUE(isNative("sq"));
  for (int32_t n : {4, -7, 46341, INT32_MIN})
    expectSameAsInterp("sq", {i32v(n)});
  EXPECT_EQ(log_->size(), 4u) << "native calls ask for nothing more:\n" << log_->dump();
}

// The chain interp -> baseline -> optimizing: a function starts interpreted, moves to baseline
// code at the policy's baseline threshold (here its second call), then to the MLIR tier's.
TEST_F(TieredEngineTest, ThreeTierChainMovesAFunctionThroughEveryTier) {
  useTiered({{"tiers", "interp,baseline,optimizing"},
             {"policy", "counters:calls=5,loops=1000000,baseline-calls=2"},
             {"threads", "0"}});
  load(kSquare);
  uint32_t sq = indexOf("sq");
  const interp::CompiledModule *code = interp::interpCode(*tiered_instance_);
  ASSERT_NE(code, nullptr);
  auto hasBaselineCode = [&] { return code->function(sq).frameCode.load() != nullptr; };
  expectSameAsInterp("sq", {i32v(7)});
  EXPECT_TRUE(log_->baselineEntries().empty());
  EXPECT_FALSE(hasBaselineCode());
  // Translated for the interpreter, not compiled by the baseline tier yet.
  std::string compiled = tiered_->compileStatsJson();
  EXPECT_NE(compiled.find("\"units\":0,\"wasm_bytes\":0,\"translated_units\":1"),
            std::string::npos)
      << compiled;

  expectSameAsInterp("sq", {i32v(-9)});
  std::vector<EventLog::Entry> events = log_->baselineEntries();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, EventKind::TierUpRequest);
  EXPECT_EQ(events[0].reason, "calls>=2");
  EXPECT_EQ(events[1].kind, EventKind::CompileEnd);
  EXPECT_TRUE(events[1].ok) << events[1].message;
  EXPECT_EQ(events[2].kind, EventKind::CodeInstalled);
  for (const EventLog::Entry &event : events) {
    EXPECT_EQ(event.tier, "baseline");
    EXPECT_EQ(event.function, sq);
  }
  EXPECT_TRUE(hasBaselineCode());
  EXPECT_FALSE(isNative("sq"));
  EXPECT_EQ(log_->size(), 0u) << log_->dump();
  compiled = tiered_->compileStatsJson();
  EXPECT_NE(compiled.find("\"units\":1,"), std::string::npos) << compiled;

  for (int32_t n : {46341, INT32_MIN})
    expectSameAsInterp("sq", {i32v(n)});
  EXPECT_EQ(log_->size(), 0u) << log_->dump();
  expectSameAsInterp("sq", {i32v(12)}); // the fifth call
  EXPECT_TRUE(isNative("sq"));
  events = log_->entries();
  ASSERT_EQ(events.size(), 4u) << log_->dump();
  EXPECT_EQ(events[0].reason, "calls>=5");
  for (const EventLog::Entry &event : events)
    EXPECT_EQ(event.tier, "optimizing");
  EXPECT_EQ(log_->baselineEntries().size(), 3u);
}

// A loop moves from the interpreter to baseline code at its header, then OSR enters the
// optimizing tier's continuation from the baseline frame; its callee goes through every tier
// meanwhile, called from each of the caller's tiers.
TEST_F(TieredEngineTest, ThreeTierChainMovesALoopAtItsHeaderThenEntersOsrFromBaselineCode) {
  expectLoopMovesThroughTheChain("baseline");
}

TEST_F(TieredEngineTest, TiersOptionNamesTheChains) {
  for (const char *chain : {"interp,baseline,optimizing", "baseline,optimizing", "interp,optimizing"})
    useTiered({{"tiers", chain}});
  const std::string expected =
      "tiered: tiers must be `interp,optimizing`, `interp,FRAME,optimizing` or "
      "`FRAME,optimizing`, FRAME a frame tier (registered: baseline";
  for (const char *chain : {"baseline", "optimizing", "interp", "", "interp,baseline",
                            "baseline,interp,optimizing", "interp,baseline,baseline,optimizing",
                            "interp,optimizing,optimizing", "interp,interp,optimizing"}) {
    engine::EngineOptions options;
    options.settings["tiers"] = chain;
    auto created = engine::createEngine(engine::kTieredEngine, options);
    ASSERT_FALSE(created) << chain;
    EXPECT_EQ(created.error().message().substr(0, expected.size()), expected) << chain;
    EXPECT_NE(created.error().message().find(std::string("got `") + chain + "`"), std::string::npos)
        << created.error().message();
  }
  engine::EngineOptions options;
  options.settings["tiers"] = "interp,liftoff,optimizing";
  auto created = engine::createEngine(engine::kTieredEngine, options);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().message().substr(0, 53),
            "tiered: unknown frame tier `liftoff` (registered: bas")
      << created.error().message();
}

/// A frame tier from outside the built-in set: the baseline tier's compiler, counting its
/// compilations, or one whose every compilation fails.
class CountingFrameTier final : public interp::FrameCompiler {
public:
  CountingFrameTier(std::shared_ptr<interp::FrameCompiler> inner, bool refuse)
      : inner_(std::move(inner)), refuse_(refuse) {}
  Expected<std::unique_ptr<const interp::FrameCode>>
  compile(const wasm::Module &module, const interp::CompiledFunction &function) override {
    ++compiled;
    if (refuse_)
      return Error("refused");
    return inner_->compile(module, function);
  }
  bool attach(const runtime::ModuleInstance &instance) override { return inner_->attach(instance); }
  void detach(const runtime::ModuleInstance &instance) override { inner_->detach(instance); }
  std::string memoryStatsJson() const override { return inner_->memoryStatsJson(); }
  uint64_t codeBytes() const override { return inner_->codeBytes(); }
  uint64_t nanoseconds() const override { return inner_->nanoseconds(); }

  static inline std::atomic<uint64_t> compiled{0};

private:
  std::shared_ptr<interp::FrameCompiler> inner_;
  bool refuse_;
};

void registerTestFrameTiers() {
  for (bool refuse : {false, true}) {
    std::string name = refuse ? "refusing" : "counting";
    if (std::ranges::any_of(interp::frameTiers(),
                            [&](const interp::FrameTierInfo &info) { return info.name == name; }))
      continue;
    Status added =
        interp::registerFrameTier({name, "a test's frame tier"},
                                  [refuse](const interp::FrameTierSettings &settings)
                                      -> Expected<std::shared_ptr<interp::FrameCompiler>> {
                                    auto inner = interp::createFrameCompiler("baseline", settings);
                                    if (!inner)
                                      return inner.takeError();
                                    return std::shared_ptr<interp::FrameCompiler>(
                                        std::make_shared<CountingFrameTier>(*inner, refuse));
                                  });
    ASSERT_TRUE(added) << added.error().message();
  }
}

TEST_F(TieredEngineTest, FrameTierNamesAreChecked) {
  auto factory = [](const interp::FrameTierSettings &settings) {
    return interp::createFrameCompiler("baseline", settings);
  };
  for (const char *name : {"", "interp", "optimizing", "a,b", "a:b", "a=b", "baseline"})
    EXPECT_FALSE(interp::registerFrameTier({name, ""}, factory)) << name;
  EXPECT_FALSE(interp::registerFrameTier({"nofactory", ""}, nullptr));
  EXPECT_FALSE(interp::createFrameCompiler("nosuch", {}));
}

// A frame tier registered from outside stands where the baseline tier does: functions move to
// its code, events and statistics name it, OSR enters the MLIR tier from its frames.
TEST_F(TieredEngineTest, ARegisteredFrameTierRunsInTheChain) {
  registerTestFrameTiers();
  uint64_t before = CountingFrameTier::compiled;
  expectLoopMovesThroughTheChain("counting");
  EXPECT_EQ(CountingFrameTier::compiled - before, 2u);
  for (const EventLog::Entry &event : log_->baselineEntries())
    EXPECT_EQ(event.tier, "counting");
}

// A frame tier whose compilations fail leaves the functions interpreted until the MLIR tier's
// code arrives; the results do not change.
TEST_F(TieredEngineTest, AFrameTierThatFailsLeavesFunctionsInterpreted) {
  registerTestFrameTiers();
  useChain("refusing");
  load(kSquare);
  for (int32_t n : {2000, 0, 1, 77})
    expectSameAsInterp("drive", {i32v(n)});
  std::vector<EventLog::Entry> moves = log_->baselineEntries();
  EXPECT_TRUE(std::ranges::any_of(moves, [](const EventLog::Entry &e) {
    return e.kind == EventKind::CompileEnd && !e.ok && e.tier == "refusing";
  }));
  EXPECT_FALSE(std::ranges::any_of(
      moves, [](const EventLog::Entry &e) { return e.kind == EventKind::CodeInstalled; }));
  EXPECT_EQ(log_->count(EventKind::OsrEntry, indexOf("drive"), 0), 1u) << log_->dump();
  EXPECT_TRUE(isNative("sq"));
}

TEST_F(TieredEngineTest, LaterCallsRunNative) {
  useTiered({{"policy", "counters:calls=3,loops=1000000"}, {"threads", "0"}, {"stats", "on"}});
  load(kSquare);
  for (int32_t n = 0; n < 10; ++n)
    expectSameAsInterp("sq", {i32v(n)});
  // Native code counts its own calls (stats=on): 2 interpreted, 8 native.
  std::string stats = tiered_->statsJson();
  EXPECT_NE(stats.find("{\"function\":0,\"name\":\"\",\"calls\":10,\"native\":true}"),
            std::string::npos)
      << stats;
  // An interpreted caller reaches the native callee through the hook: no more requests.
  expectSameAsInterp("drive", {i32v(1000)});
  EXPECT_EQ(log_->count(EventKind::TierUpRequest, indexOf("sq")), 1u) << log_->dump();
  EXPECT_FALSE(isNative("drive"));
}

// ---------------------------------------------------------------------------------------------
// 2. Mixed execution

const char *kRecursion = R"((module
  (func $fib (export "fib") (param i64) (result i64)
    (if (result i64) (i64.lt_u (local.get 0) (i64.const 2))
      (then (local.get 0))
      (else (i64.add (call $fib (i64.sub (local.get 0) (i64.const 1)))
                     (call $fib (i64.sub (local.get 0) (i64.const 2)))))))
  (func $even (export "even") (param i32) (result i32)
    (if (result i32) (local.get 0) (then (call $odd (i32.sub (local.get 0) (i32.const 1))))
      (else (i32.const 1))))
  (func $odd (export "odd") (param i32) (result i32)
    (if (result i32) (local.get 0) (then (call $even (i32.sub (local.get 0) (i32.const 1))))
      (else (i32.const 0))))
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))
      (else (i32.const 0))))))";

TEST_F(TieredEngineTest, RecursionWithShallowFramesInterpretedAndDeepOnesNative) {
  // fib's 100th call compiles it, deep in the first descent: the interpreted frames above it
  // call native code from then on.
  useTiered({{"policy", "counters:calls=100,loops=1000000"}, {"threads", "0"}});
  load(kRecursion);
  expectSameAsInterp("fib", {i64v(20)});
  EXPECT_TRUE(isNative("fib"));
  EXPECT_EQ(log_->count(EventKind::CodeInstalled, indexOf("fib")), 1u);
  for (int64_t n : {0, 1, 2, 15, 24})
    expectSameAsInterp("fib", {i64v(n)});
}

TEST_F(TieredEngineTest, RecursionAlternatingTiersEveryFrame) {
  // even is native, odd interpreted: every call of the recursion crosses tiers, both ways.
  // The calls below make fewer than 1000 of the other function.
  useTiered({{"policy", "counters:calls=1000,loops=1000000"}, {"threads", "0"}});
  load(kRecursion);
  for (int i = 0; i < 1000; ++i)
    run("even", {i32v(0)});
  ASSERT_TRUE(isNative("even"));
  for (int32_t n : {0, 1, 2, 101, 298, 299}) {
    expectSameAsInterp("even", {i32v(n)});
    expectSameAsInterp("odd", {i32v(n)});
  }
  EXPECT_FALSE(isNative("odd"));
  // And the other way round, in a fresh engine: odd native, even interpreted.
  useTiered({{"policy", "counters:calls=1000,loops=1000000"}, {"threads", "0"}});
  load(kRecursion);
  for (int i = 0; i < 1000; ++i)
    run("odd", {i32v(0)});
  ASSERT_TRUE(isNative("odd"));
  for (int32_t n : {0, 1, 2, 101, 298, 299})
    expectSameAsInterp("even", {i32v(n)});
  EXPECT_FALSE(isNative("even"));
}

TEST_F(TieredEngineTest, HostFunctionCallsBackIntoTheModuleInBothTiers) {
  wasm::FuncType binary{{wasm::ValType::I32, wasm::ValType::I32}, {wasm::ValType::I32}};
  // Calls the calling instance's "callback" export.
  auto &reenter = store_.createHostFunction(
      binary,
      [&](runtime::HostCallContext &host, std::span<uint64_t> slots) -> runtime::CallStatus {
        if (!host.caller)
          return Trap(TrapKind::HostError, "no caller");
        auto engine = engine::newCallEngine(*host.caller->exportedFunction("callback"), host.caller);
        if (!engine)
          return Trap(TrapKind::HostError, engine.error().message());
        return (*engine)->call(host.context, slots);
      },
      "reenter");
  runtime::ImportMap imports;
  imports.define("env", "reenter", &reenter);
  const char *text = R"((module
    (import "env" "reenter" (func $reenter (param i32 i32) (result i32)))
    (func (export "callback") (param i32 i32) (result i32)
      (i32.add (i32.mul (local.get 0) (i32.const 10)) (local.get 1)))
    (func (export "roundtrip") (param i32) (result i32)
      (i32.add (i32.const 1) (call $reenter (local.get 0) (i32.const 2))))
    (func $nested (export "nested") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (i32.add (call $reenter (local.get 0) (i32.const 3))
                       (call $nested (i32.sub (local.get 0) (i32.const 1)))))
        (else (i32.const 0))))))";
  for (const Settings &settings : {Settings{{"policy", "never"}}, kMixed, kEarly}) {
    SCOPED_TRACE(settings.at("policy"));
    useTiered(settings);
    load(text, imports);
    for (int32_t n = 0; n < 6; ++n) {
      expectSameAsInterp("roundtrip", {i32v(n)});
      expectSameAsInterp("nested", {i32v(n)});
    }
  }
  EXPECT_TRUE(isNative("roundtrip"));
  EXPECT_TRUE(isNative("callback"));
}

const char *kIndirect = R"((module
  (type $un (func (param i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $sq $cube $other)
  (func $sq (export "sq") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $cube (param i32) (result i32)
    (i32.mul (local.get 0) (i32.mul (local.get 0) (local.get 0))))
  (func $other (param i64) (result i64) (local.get 0))
  (func (export "apply") (param i32 i32) (result i32)
    (call_indirect (type $un) (local.get 1) (local.get 0)))))";

TEST_F(TieredEngineTest, CallIndirectToATieredUpFunction) {
  useTiered({{"policy", "counters:calls=3,loops=1000000"}, {"threads", "0"}});
  load(kIndirect);
  for (int32_t n = 0; n < 3; ++n)
    run("sq", {i32v(n)});
  ASSERT_TRUE(isNative("sq"));
  ASSERT_FALSE(isNative("apply"));
  // apply interpreted, then native itself from its third call; sq native, cube tiering up.
  for (int32_t n = 0; n < 8; ++n) {
    expectSameAsInterp("apply", {i32v(0), i32v(n)});
    expectSameAsInterp("apply", {i32v(1), i32v(n)});
  }
  EXPECT_TRUE(isNative("apply"));
  // A signature mismatch and an index past the table trap in native code too.
  CallResult mismatch = call(*tiered_instance_, "apply", {i32v(2), i32v(1)});
  ASSERT_TRUE(mismatch.trap);
  EXPECT_EQ(mismatch.trap->kind(), TrapKind::IndirectCallTypeMismatch);
  CallResult past = call(*tiered_instance_, "apply", {i32v(3), i32v(1)});
  ASSERT_TRUE(past.trap);
  EXPECT_EQ(past.trap->kind(), TrapKind::UndefinedElement);
  expectSameAsInterp("apply", {i32v(1), i32v(5)});
}

TEST_F(TieredEngineTest, CallsAcrossInstancesInEveryTierCombination) {
  const char *lib = R"((module
    (memory (export "mem") 1)
    (global $g (export "g") (mut i32) (i32.const 100))
    (func (export "bump") (param i32) (result i32)
      (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (local.get 0)))
      (i32.add (i32.load (i32.const 0)) (global.get $g)))))";
  const char *main = R"((module
    (import "lib" "bump" (func $bump (param i32) (result i32)))
    (import "lib" "g" (global $g (mut i32)))
    (memory 1)
    (func (export "twice") (param i32) (result i32)
      (global.set $g (i32.add (global.get $g) (i32.const 1)))
      (i32.store (i32.const 0) (i32.const 5)) ;; its own memory: lib's is untouched
      (i32.add (call $bump (local.get 0)) (call $bump (i32.load (i32.const 0)))))))";
  useTiered({{"policy", "counters:calls=4,loops=1000000"}, {"threads", "0"}});
  // Two pairs of instances, one per engine, with the same history of calls.
  runtime::ModuleInstance *refLib = instantiate(*interp_, lib, "ref-lib");
  runtime::ImportMap refImports;
  refImports.defineInstance("lib", *refLib);
  reference_ = instantiate(*interp_, main, "ref", refImports);
  runtime::ModuleInstance *libInstance = instantiate(*tiered_, lib, "lib");
  runtime::ImportMap imports;
  imports.defineInstance("lib", *libInstance);
  tiered_instance_ = instantiate(*tiered_, main, "t", imports);
  // twice calls bump twice a call: bump tiers up at twice's second call, twice at its fourth.
  for (int32_t n = 0; n < 8; ++n) {
    expectSameAsInterp("twice", {i32v(n)});
    CallResult refBump = call(*refLib, "bump", {i32v(n)});
    CallResult bump = call(*libInstance, "bump", {i32v(n)});
    ASSERT_EQ(bump.values.size(), 1u);
    EXPECT_EQ(bump.values[0].i32(), refBump.values[0].i32()) << n;
  }
  EXPECT_TRUE(libInstance->exportedFunction("bump")->nativeCode());
  EXPECT_TRUE(isNative("twice"));
  EXPECT_EQ(log_->count(EventKind::CodeInstalled), 2u) << log_->dump();
}

// ---------------------------------------------------------------------------------------------
// 3. Traps across tiers

const char *kTrapChain = R"((module
  (func $a (export "a") (param i32) (result i32) (i32.add (call $b (local.get 0)) (i32.const 1)))
  (func $b (param i32) (result i32) (nop) (i32.add (call $c (local.get 0)) (i32.const 2)))
  (func $c (export "c") (param i32) (result i32) (i32.add (call $d (local.get 0)) (i32.const 3)))
  (memory 1)
  (func $d (export "d") (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then unreachable))
    (if (i32.eq (local.get 0) (i32.const 7)) (then (return (i32.load (i32.const 70000)))))
    (i32.div_u (i32.const 100) (local.get 0)))))";

TEST_F(TieredEngineTest, TrapDeepInNativeCodeKeepsTheInterpretedCallers) {
  useTiered({{"policy", "counters:calls=3,loops=1000000"}, {"threads", "0"}});
  load(kTrapChain);
  for (int i = 0; i < 3; ++i) {
    run("d", {i32v(1)});
    run("c", {i32v(1)});
  }
  ASSERT_TRUE(isNative("d"));
  ASSERT_TRUE(isNative("c"));
  ASSERT_FALSE(isNative("a"));
  // a and b interpreted, c and d native; d traps: by its own check (0) and by a fault in the
  // memory's guard region (7).
  for (int32_t argument : {0, 7}) {
    SCOPED_TRACE(argument);
    CallResult result = call(*tiered_instance_, "a", {i32v(argument)});
    ASSERT_TRUE(result.trap);
    EXPECT_EQ(result.trap->kind(),
              argument ? TrapKind::MemoryOutOfBounds : TrapKind::Unreachable);
    EXPECT_EQ(context_.depth(), 0u);
    CallResult expected = call(*reference_, "a", {i32v(argument)});
    ASSERT_TRUE(expected.trap);
    const auto &trace = result.trap->trace();
    const auto &full = expected.trap->trace(); // d, c, b, a
    ASSERT_EQ(full.size(), 4u);
    // Every frame, native ones included (found by unwinding, without their offsets); the
    // interpreted callers b and a at the same call sites as in the interpreter.
    ASSERT_EQ(trace.size(), 4u) << result.trap->describe();
    for (size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(trace[i].function, full[i].function) << result.trap->describe();
      EXPECT_EQ(trace[i].module, "t");
      if (i >= 2)
        EXPECT_EQ(trace[i].offset, full[i].offset) << result.trap->describe();
    }
  }
  EXPECT_EQ(log_->count(EventKind::Trap), 2u) << log_->dump();
  // Usable afterwards (a's third call: compiled on the way).
  expectSameAsInterp("a", {i32v(5)});
  // A trap of a native function called from the host directly.
  CallResult direct = call(*tiered_instance_, "d", {i32v(0)});
  ASSERT_TRUE(direct.trap);
  ASSERT_FALSE(direct.trap->trace().empty());
  EXPECT_EQ(direct.trap->trace().front().function, 3u);
  expectSameAsInterp("c", {i32v(9)});
}

/// The loops of longinner (function 11 of kLoops): an inner loop that runs long inside an outer
/// loop of two iterations.
const char *kLongInnerLoops = R"(
    (loop $outer
      (local.set $j (i32.const 0))
      (loop $inner
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (i32.xor (local.get $i) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $inner (i32.lt_u (local.get $j) (local.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $outer (i32.lt_u (local.get $i) (i32.const 2))))
    (local.get $s)))";

const std::string kLoops = R"((module
  (memory 1)
  ;; 0: a sum loop after straight-line code
  (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (local.set $s (i32.const 100))
    (block (loop
      (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br 0)))
    (local.get $s))
  ;; 1: nested loops (loop 1 is the inner one)
  (func (export "nested") (param $n i32) (result i64) (local $i i32) (local $j i32) (local $s i64)
    (loop $outer
      (local.set $j (i32.const 0))
      (loop $inner
        (local.set $s (i64.add (i64.mul (local.get $s) (i64.const 3))
                               (i64.extend_i32_u (i32.add (local.get $i) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $inner (i32.lt_u (local.get $j) (local.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $outer (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  ;; 2: operands below the loop: one under the block, one in it, and the loop's parameter
  (func (export "under") (param $n i32) (result i32) (local $i i32)
    i32.const 1000
    block (result i32)
      local.get $n
      i32.const 5
      loop (param i32) (result i32)
        local.get $i
        i32.add
        local.get $i
        i32.const 1
        i32.add
        local.tee $i
        local.get $n
        i32.lt_u
        br_if 0
      end
      i32.sub
    end
    i32.add)
  ;; 3: three loop parameters, two results: (fib k, low half of fib (k + 1))
  (func (export "fibpair") (param $k i32) (result i64 i32) (local $t i64) (local $u i64)
    i64.const 0
    i64.const 1
    local.get $k
    loop $l (param i64 i64 i32) (result i64 i64 i32)
      local.set $k
      local.set $t
      local.get $t
      i64.add
      local.set $u
      local.get $t
      local.get $u
      local.get $k
      i32.const 1
      i32.sub
      local.tee $k
      local.get $k
      br_if $l
    end
    drop
    i32.wrap_i64)
  ;; 4: a loop in an if's then-branch
  (func (export "inif") (param $n i32) (result i32) (local $i i32)
    (if (i32.gt_s (local.get $n) (i32.const 0))
      (then (loop
        (local.set $i (i32.add (local.get $i) (i32.const 3)))
        (br_if 0 (i32.lt_s (local.get $i) (local.get $n)))))
      (else (local.set $i (i32.const -1))))
    (local.get $i))
  ;; 5: divides by a falling divisor; traps when it reaches zero
  (func $divs (export "divs") (param $d i32) (result i32) (local $s i32)
    (loop
      (local.set $s (i32.add (local.get $s) (i32.div_s (i32.const 100) (local.get $d))))
      (local.set $d (i32.sub (local.get $d) (i32.const 1)))
      (br_if 0 (i32.ge_s (local.get $d) (i32.const -3))))
    (local.get $s))
  ;; 6, 7: squares through a call (interpreted callee) and memory
  (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func (export "squares") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (call $sq (local.get $i)))
      (local.set $s (i32.add (local.get $s)
                             (i32.load (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if 0 (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  ;; 8: recursion, then a loop in every frame on the way back
  (func $deep (export "deep") (param $d i32) (param $n i32) (result i64) (local $s i64) (local $i i32)
    (if (local.get $d)
      (then (local.set $s (call $deep (i32.sub (local.get $d) (i32.const 1)) (local.get $n)))))
    (loop $l
      (local.set $s (i64.add (i64.mul (local.get $s) (i64.const 31))
                             (i64.extend_i32_u (i32.add (local.get $i) (local.get $d)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  ;; 9: recursion with a loop at the bottom only; the frames above finish with more work
  (func $bottom (export "bottom") (param $d i32) (param $n i32) (result i64) (local $s i64)
    (if (result i64) (local.get $d)
      (then (i64.add (i64.mul (call $bottom (i32.sub (local.get $d) (i32.const 1)) (local.get $n))
                              (i64.const 7))
                     (i64.extend_i32_u (local.get $d))))
      (else
        (loop $l
          (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get $n))))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (local.get $n)))
        (local.get $s))))
  ;; 10: the caller of a function whose loop traps
  (func (export "callsdivs") (param i32) (result i32)
    (i32.add (call $divs (local.get 0)) (i32.const 1)))
  ;; 11: an inner loop that runs long inside an outer loop of two iterations
  (func (export "longinner") (param $n i32) (result i64) (local $i i32) (local $j i32) (local $s i64)
)" + std::string(kLongInnerLoops) + R"(
  ;; 12: a nest whose outer loop never branches back, then a second loop (loop 2)
  (func (export "twonests") (param $n i32) (result i64) (local $i i32) (local $s i64)
    (loop $once
      (local.set $s (i64.const 7))
      (loop $inner
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $inner (i32.lt_u (local.get $i) (local.get $n)))))
    (local.set $i (i32.const 0))
    (loop $after
      (local.set $s (i64.add (i64.mul (local.get $s) (i64.const 3)) (i64.extend_i32_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $after (i32.lt_u (local.get $i) (i32.mul (local.get $n) (i32.const 10)))))
    (local.get $s))
))";

TEST_F(TieredEngineTest, TrapInAnOsrContinuation) {
  useTiered(kLoopsOnly);
  load(kLoops);
  uint32_t divs = indexOf("divs");
  // 200 back-edges before the divisor reaches zero: OSR at the 50th, the trap in native code.
  CallResult result = call(*tiered_instance_, "callsdivs", {i32v(200)});
  ASSERT_TRUE(result.trap);
  EXPECT_EQ(result.trap->kind(), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(log_->count(EventKind::OsrEntry, divs, 0), 1u) << log_->dump();
  EXPECT_EQ(log_->count(EventKind::Trap), 1u) << log_->dump();
  EXPECT_EQ(context_.depth(), 0u);
  const auto &trace = result.trap->trace();
  ASSERT_EQ(trace.size(), 2u) << result.trap->describe();
  EXPECT_EQ(trace[0].function, divs);
  EXPECT_EQ(trace[1].function, indexOf("callsdivs"));
  CallResult expected = call(*reference_, "callsdivs", {i32v(200)});
  ASSERT_TRUE(expected.trap);
  EXPECT_EQ(trace[1].offset, expected.trap->trace()[1].offset);
  // Usable afterwards; the continuation is entered again, the function runs native.
  expectSameAsInterp("divs", {i32v(-1)});
  expectSameAsInterp("sum", {i32v(1000)});
  CallResult again = call(*tiered_instance_, "divs", {i32v(300)});
  ASSERT_TRUE(again.trap);
  EXPECT_EQ(again.trap->kind(), TrapKind::IntegerDivideByZero);
}

TEST_F(TieredEngineTest, CallStackExhaustedInMixedRecursion) {
  useTiered({{"policy", "counters:calls=200,loops=1000000"}, {"threads", "0"}});
  load(kRecursion);
  for (int i = 0; i < 200; ++i)
    run("even", {i32v(0)});
  ASSERT_TRUE(isNative("even"));
  ASSERT_FALSE(isNative("odd"));
  for (int32_t n : {1000000, 10000000}) {
    CallResult result = call(*tiered_instance_, "even", {i32v(n)});
    ASSERT_TRUE(result.trap) << n;
    EXPECT_EQ(result.trap->kind(), TrapKind::CallStackExhausted) << result.trap->describe();
    EXPECT_EQ(context_.depth(), 0u);
    expectSameAsInterp("even", {i32v(501)});
  }
  // The depth limit holds exactly across tiers: the interpreter counts native frames too.
  context_.setMaxCallDepth(100);
  expectSameAsInterp("even", {i32v(99)}); // 100 frames
  CallResult over = call(*tiered_instance_, "even", {i32v(100)});
  ASSERT_TRUE(over.trap);
  EXPECT_EQ(over.trap->kind(), TrapKind::CallStackExhausted);
  EXPECT_EQ(context_.depth(), 0u);
  // Recursion that is all native, from a compiled function's own calls.
  for (int i = 0; i < 200; ++i)
    run("rec", {i32v(0)});
  ASSERT_TRUE(isNative("rec"));
  expectSameAsInterp("rec", {i32v(99)});
  CallResult nativeOver = call(*tiered_instance_, "rec", {i32v(100)});
  ASSERT_TRUE(nativeOver.trap);
  EXPECT_EQ(nativeOver.trap->kind(), TrapKind::CallStackExhausted);
  context_.setMaxCallDepth(runtime::CallContext::kDefaultMaxCallDepth);
  CallResult unbounded = call(*tiered_instance_, "rec", {i32v(100000000)});
  ASSERT_TRUE(unbounded.trap);
  EXPECT_EQ(unbounded.trap->kind(), TrapKind::CallStackExhausted);
  expectSameAsInterp("rec", {i32v(1000)});
}

// ---------------------------------------------------------------------------------------------
// 4. OSR

class OsrTest : public TieredEngineTest {
protected:
  /// One call of `name` on a fresh loops-only engine: the interpreter's results, and
  /// `entries` OSR entries, all into `loop` of the function.
  void expectOsr(const std::string &name, std::vector<Value> args, int32_t loop,
                 size_t entries = 1) {
    SCOPED_TRACE(name);
    useTiered(kLoopsOnly);
    load(kLoops);
    expectSameAsInterp(name, args);
    uint32_t index = indexOf(name);
    EXPECT_EQ(log_->count(EventKind::OsrEntry), entries) << log_->dump();
    EXPECT_EQ(log_->count(EventKind::OsrEntry, index, loop), entries) << log_->dump();
    EXPECT_EQ(log_->count(EventKind::CodeInstalled, index, loop), 1u) << log_->dump();
    // The whole function is compiled with the continuation; the next call runs it.
    EXPECT_TRUE(isNative(name));
    expectSameAsInterp(name, args);
    EXPECT_EQ(log_->count(EventKind::OsrEntry), entries) << log_->dump();
  }

  /// Like expectOsr, with each continuation compiled for the entry that asked for it, the
  /// frame's numbers folded in: one frame enters, at `loop`, and nothing is installed.
  void expectOsrForEntry(const std::string &name, std::vector<Value> args, int32_t loop) {
    SCOPED_TRACE(name);
    useTiered(kLoopsForEntry);
    load(kLoops);
    expectSameAsInterp(name, args);
    uint32_t index = indexOf(name);
    EXPECT_EQ(log_->count(EventKind::OsrEntry), 1u) << log_->dump();
    EXPECT_EQ(log_->count(EventKind::OsrEntry, index, loop), 1u) << log_->dump();
    EXPECT_EQ(log_->count(EventKind::CompileEnd, index, loop), 1u) << log_->dump();
    EXPECT_EQ(log_->count(EventKind::CodeInstalled, index, loop), 0u) << log_->dump();
    EXPECT_TRUE(isNative(name));
    expectSameAsInterp(name, args);
    EXPECT_EQ(log_->count(EventKind::OsrEntry), 1u) << log_->dump();
  }
};

TEST_F(OsrTest, LongLoopEntersNativeCodeAtTheLoop) { expectOsr("sum", {i32v(100000)}, 0); }

TEST_F(OsrTest, NestedLoopsEnterAtTheOuterLoop) {
  // The inner loop asks for OSR; the continuation has entries at outermost loops only (inner
  // entries would make the outer loop irreducible), so the frame enters at the outer loop's
  // next back-edge, while the inner loop's back-edges wait.
  useTiered(kLoopsOnly);
  load(kLoops);
  expectSameAsInterp("nested", {i32v(300)});
  uint32_t index = indexOf("nested");
  EXPECT_EQ(log_->count(EventKind::TierUpRequest, index, 1), 1u) << log_->dump();
  EXPECT_EQ(log_->count(EventKind::OsrEntry), 1u) << log_->dump();
  EXPECT_EQ(log_->count(EventKind::OsrEntry, index, 0), 1u) << log_->dump();
}

TEST_F(OsrTest, InnerLoopRunningLongGetsItsOwnContinuation) {
  // 3 million inner back-edges before the outer loop's first: after waiting 2^21 of them the
  // engine compiles a continuation for the inner loop alone and enters there.
  useTiered(kLoopsOnly);
  load(kLoops);
  expectSameAsInterp("longinner", {i32v(3000000)});
  uint32_t index = indexOf("longinner");
  EXPECT_EQ(log_->count(EventKind::OsrEntry), 1u) << log_->dump();
  EXPECT_EQ(log_->count(EventKind::OsrEntry, index, 1), 1u) << log_->dump();
  EXPECT_EQ(log_->count(EventKind::CodeInstalled, index, 1), 2u) << log_->dump();
}

TEST_F(OsrTest, InnerLoopOfALargeFunctionGetsNoContinuationOfItsOwn) {
  // longinner's loops in a function of more than kMostInnerFallbackBytes (code that never
  // runs makes it large): the inner loop runs 2^21 back-edges past the root's continuation
  // without the root's back-edge, and gets no continuation of its own; the frame goes on in
  // the tier it runs in, and the next call runs the function's code.
  std::string padding;
  for (uint32_t i = 0; i <= tiering::kMostInnerFallbackBytes; ++i)
    padding += " nop";
  useTiered(kLoopsOnly);
  load(R"((module
  (func (export "longinner") (param $n i32) (result i64) (local $i i32) (local $j i32) (local $s i64)
    (if (i32.eqz (local.get $n)) (then)" + padding + "))" + kLongInnerLoops + ")");
  uint32_t index = indexOf("longinner");
  expectSameAsInterp("longinner", {i32v(3000000)});
  // At loop 1, only the root's continuation that the inner loop asked for (and the function).
  EXPECT_EQ(log_->count(EventKind::TierUpRequest, index, 1), 1u) << log_->dump();
  EXPECT_EQ(log_->count(EventKind::CodeInstalled, index, 1), 1u) << log_->dump();
  EXPECT_EQ(log_->count(EventKind::CodeInstalled, index, -1), 1u) << log_->dump();
  expectSameAsInterp("longinner", {i32v(1000)});
  EXPECT_EQ(log_->count(EventKind::TierUpRequest, index, 1), 1u) << log_->dump();
}

TEST_F(OsrTest, ForOneEntryLongLoop) { expectOsrForEntry("sum", {i32v(100000)}, 0); }

TEST_F(OsrTest, ForOneEntryThenTheNextActivationAsksAgain) {
  // costbenefit compiles the first activation's continuation for its entry alone, which is
  // installed nowhere; the host called the function, so the function is not compiled either.
  // The second activation's loop asks again and gets a continuation for every entry.
  // interp-ns=500 values interpretation far above the default, so that the decisions come
  // early even where compiling is much slower (sanitizer builds, emulated aarch64, where the
  // measured compile time of the first continuation would outweigh the second activation).
  useTiered({{"policy", "costbenefit:interp-ns=500"}, {"threads", "0"}});
  load(kLoops);
  uint32_t index = indexOf("sum");
  expectSameAsInterp("sum", {i32v(3000000)});
  EXPECT_EQ(log_->count(EventKind::OsrEntry, index), 1u) << log_->dump();
  EXPECT_EQ(log_->count(EventKind::CodeInstalled, index), 0u) << log_->dump();
  expectSameAsInterp("sum", {i32v(3000000)});
  EXPECT_EQ(log_->count(EventKind::OsrEntry, index), 2u) << log_->dump();
  EXPECT_EQ(log_->count(EventKind::CodeInstalled, index, 0), 1u) << log_->dump();
}

TEST_F(OsrTest, ForOneEntryNestedLoopsEnterAtTheOuterLoopsNextBackEdge) {
  // The inner loop asks; the outer loop's back-edge comes soon, and entered there the
  // continuation needs no peeled copy of the outer loop's iteration.
  expectOsrForEntry("nested", {i32v(300)}, 0);
}

TEST_F(OsrTest, ForOneEntryLongInnerLoopEntersItselfPeeled) {
  // No outer back-edge within the wait: the continuation is compiled at the inner loop, with
  // the rest of the outer loop's iteration peeled.
  expectOsrForEntry("longinner", {i32v(3000000)}, 1);
}

TEST_F(OsrTest, ForOneEntryWaitingForARootTheFrameLeaves) {
  // The inner loop asks and waits for its outer loop's back-edge, which never comes: the
  // frame leaves the nest, and the next loop's back-edge asks again and enters there.
  expectOsrForEntry("twonests", {i32v(1000)}, 2);
}

TEST_F(OsrTest, ForOneEntryOperandsBelowTheLoop) { expectOsrForEntry("under", {i32v(1000)}, 0); }

TEST_F(OsrTest, ForOneEntryLoopParametersAndResults) {
  expectOsrForEntry("fibpair", {i32v(90)}, 0);
}

TEST_F(OsrTest, ForOneEntryLoopInAnIf) { expectOsrForEntry("inif", {i32v(3000)}, 0); }

TEST_F(OsrTest, ForOneEntryCallsAndMemory) { expectOsrForEntry("squares", {i32v(1000)}, 0); }

TEST_F(OsrTest, ForOneEntryInADeepFrameWhileTheOthersFinishInterpreted) {
  // One continuation for the deepest frame's entry; the frames above it cannot use it.
  expectOsrForEntry("deep", {i32v(5), i32v(1000)}, 0);
}

TEST_F(OsrTest, LoopWithOperandsBelowIt) { expectOsr("under", {i32v(1000)}, 0); }

TEST_F(OsrTest, LoopWithParametersAndSeveralResults) { expectOsr("fibpair", {i32v(90)}, 0); }

TEST_F(OsrTest, LoopInAnIfsThenBranch) { expectOsr("inif", {i32v(3000)}, 0); }

TEST_F(OsrTest, LoopCallingAnInterpretedFunctionAndMemory) {
  expectOsr("squares", {i32v(1000)}, 0);
}

TEST_F(OsrTest, OsrInADeepFrameThenInEveryFrameOnTheWayBack) {
  // The deepest of 6 frames enters at its 50th back-edge; the 5 interpreted frames above it
  // reach the installed continuation at their loop's first back-edge.
  expectOsr("deep", {i32v(5), i32v(1000)}, 0, 6);
}

TEST_F(OsrTest, OsrInADeepFrameWhileOuterFramesFinishInterpreted) {
  expectOsr("bottom", {i32v(5), i32v(1000)}, 0, 1);
  // The outer frames did their work after the native continuation returned to them.
  std::vector<Value> values = run("bottom", {i32v(5), i32v(1000)});
  ASSERT_EQ(values.size(), 1u);
  int64_t expected = 1000 * 1001 / 2;
  for (int64_t d = 1; d <= 5; ++d)
    expected = expected * 7 + d;
  EXPECT_EQ(values[0].i64(), expected);
}

// ---------------------------------------------------------------------------------------------
// 5. Background compilation

const char *kLongLoop = R"((module
  (func (export "long") (param $n i32) (result i64) (local $i i32) (local $s i64)
    (loop $l
      (local.set $s (i64.add (local.get $s)
                             (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 3))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  (func $fib (export "fib") (param i64) (result i64)
    (if (result i64) (i64.lt_u (local.get 0) (i64.const 2))
      (then (local.get 0))
      (else (i64.add (call $fib (i64.sub (local.get 0) (i64.const 1)))
                     (call $fib (i64.sub (local.get 0) (i64.const 2)))))))))";

TEST_F(TieredEngineTest, BackgroundCompilationArrivesWhileTheInterpreterRuns) {
  // Long enough for the interpreter to run for seconds: the code arrives well before.
  constexpr int32_t n = 400'000'000;
  constexpr int64_t expected = 3 * int64_t(n) * (n - 1) / 2;
  int osrRuns = 0;
  for (int repetition = 0; repetition < 20; ++repetition) {
    SCOPED_TRACE(repetition);
    useTiered({{"policy", "counters:calls=1,loops=1"}, {"threads", "1"}});
    tiered_instance_ = instantiate(*tiered_, kLongLoop, "t");
    std::vector<Value> values = run("long", {i32v(n)});
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].i64(), expected);
    // fib tiers up in the middle of its recursion.
    std::vector<Value> fib = run("fib", {i64v(25)});
    ASSERT_EQ(fib.size(), 1u);
    EXPECT_EQ(fib[0].i64(), 75025);
    tiering::waitForCompilations(*tiered_);
    EXPECT_TRUE(isNative("long"));
    EXPECT_TRUE(isNative("fib"));
    uint32_t index = indexOf("long");
    EXPECT_EQ(log_->count(EventKind::CodeInstalled, index, 0), 1u) << log_->dump();
    EXPECT_EQ(log_->count(EventKind::CodeInstalled, index, -1), 1u) << log_->dump();
    for (const EventLog::Entry &event : log_->entries()) {
      if (event.kind == EventKind::TierUpRequest) {
        EXPECT_TRUE(event.background);
      }
    }
    osrRuns += log_->count(EventKind::OsrEntry, index, 0) == 1;
    // Native now from the first call.
    values = run("long", {i32v(1000)});
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].i64(), 3 * 999 * 1000 / 2);
  }
  // The interpreter would take seconds per run: the code must have arrived during it.
  EXPECT_EQ(osrRuns, 20);
}

const char *kCallees = R"((module
  ;; 0: called before main's loop, so its continuation does not call it
  (func $before (export "before") (param $n i32) (result i32) (local $i i32)
    (loop (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if 0 (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  ;; 1: called after it, with a loop
  (func $count (export "count") (param $n i32) (result i32) (local $i i32)
    (loop (local.set $i (i32.add (local.get $i) (i32.const 2)))
          (br_if 0 (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  ;; 2: called after it, without a loop
  (func $inc (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "main") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (local.set $s (call $before (i32.const 3)))
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.add (i32.add (local.get $s) (call $count (i32.const 10))) (call $inc (i32.const 1)))))
)";

TEST_F(TieredEngineTest, ContinuationOfAFirstActivationQueuesTheFunctionsItCalls) {
  // main's one long loop gets a continuation for its entry; the functions called after the
  // loop that have loops of their own are compiled in the background too, before their first
  // call, which counting alone would never ask for.
  for (bool callees : {true, false}) {
    SCOPED_TRACE(callees);
    useTiered({{"policy", callees ? "costbenefit" : "costbenefit:callees=off"}, {"threads", "1"}});
    load(kCallees);
    expectSameAsInterp("main", {i32v(3000000)});
    tiering::waitForCompilations(*tiered_);
    uint32_t main = indexOf("main");
    EXPECT_EQ(log_->count(EventKind::OsrEntry, main), 1u) << log_->dump();
    EXPECT_EQ(isNative("count"), callees);
    EXPECT_FALSE(isNative("before"));
    EXPECT_FALSE(isNative("inc"));
    size_t queued = 0;
    for (const EventLog::Entry &event : log_->entries())
      if (event.kind == EventKind::TierUpRequest && event.function == indexOf("count")) {
        EXPECT_EQ(event.reason, "called after loop 0 of function " + std::to_string(main));
        EXPECT_TRUE(event.background);
        ++queued;
      }
    EXPECT_EQ(queued, callees ? 1u : 0u) << log_->dump();
    expectSameAsInterp("count", {i32v(7)});
  }
}

TEST_F(TieredEngineTest, EngineGoesAwayWithCompilationsQueued) {
  // Destroying an engine whose thread still has work must neither hang nor crash.
  for (int repetition = 0; repetition < 5; ++repetition) {
    useTiered({{"policy", "counters:calls=1,loops=1"}, {"threads", "1"}});
    tiered_instance_ = instantiate(*tiered_, kLongLoop, "t");
    std::vector<Value> fib = run("fib", {i64v(10)});
    ASSERT_EQ(fib.size(), 1u);
    EXPECT_EQ(fib[0].i64(), 55);
  }
}

// ---------------------------------------------------------------------------------------------
// 6. Policies

TEST_F(TieredEngineTest, NeverCompilesNothing) {
  useTiered({{"policy", "never"}, {"threads", "0"}});
  load(kSquare);
  for (int i = 0; i < 100; ++i)
    run("sq", {i32v(i)});
  expectSameAsInterp("drive", {i32v(100000)});
  EXPECT_EQ(log_->size(), 0u) << log_->dump();
  EXPECT_FALSE(isNative("sq"));
  EXPECT_FALSE(isNative("drive"));
}

TEST_F(TieredEngineTest, EagerCompilesEveryFunctionAtInstantiation) {
  useTiered({{"policy", "eager"}, {"threads", "0"}});
  std::shared_ptr<const wasm::Module> shared = test::loadModule(kLoops);
  reference_ = instantiate(*interp_, kLoops, "ref");
  tiered_instance_ = instantiate(*tiered_, shared, "t");
  const wasm::Module &module = tiered_instance_->module();
  for (uint32_t i = module.numImportedFunctions; i < module.numFunctions(); ++i)
    EXPECT_TRUE(tiered_instance_->function(i)->nativeCode()) << "function " << i;
  std::vector<EventLog::Entry> events = log_->entries();
  ASSERT_EQ(events.size(), 4u) << log_->dump();
  EXPECT_EQ(events[0].kind, EventKind::TierUpRequest);
  EXPECT_EQ(events[0].reason, "eager");
  EXPECT_EQ(events[0].functions, module.numDefinedFunctions());
  EXPECT_EQ(events[3].kind, EventKind::CodeInstalled);
  EXPECT_EQ(events[3].functions, module.numDefinedFunctions());
  expectSameAsInterp("sum", {i32v(10000)});
  expectSameAsInterp("deep", {i32v(5), i32v(1000)});
  EXPECT_EQ(log_->size(), 4u) << "nothing after instantiation:\n" << log_->dump();
  // A second instance of the same module gets the code at once, without compiling again.
  runtime::ModuleInstance *second = instantiate(*tiered_, shared, "t2");
  for (uint32_t i = module.numImportedFunctions; i < module.numFunctions(); ++i)
    EXPECT_TRUE(second->function(i)->nativeCode()) << "function " << i;
  EXPECT_EQ(log_->size(), 4u) << log_->dump();
}

TEST_F(TieredEngineTest, CountersWithoutOsrCompileTheFunction) {
  useTiered({{"policy", "counters:calls=1000000,loops=50,osr=off"}, {"threads", "0"}});
  load(kLoops);
  expectSameAsInterp("sum", {i32v(100000)});
  uint32_t sum = indexOf("sum");
  EXPECT_EQ(log_->count(EventKind::OsrEntry), 0u) << log_->dump();
  EXPECT_EQ(log_->count(EventKind::TierUpRequest, sum, -1), 1u) << log_->dump();
  EXPECT_EQ(log_->count(EventKind::CodeInstalled, sum, -1), 1u) << log_->dump();
  EXPECT_TRUE(isNative("sum"));
  expectSameAsInterp("sum", {i32v(100000)});
  EXPECT_EQ(log_->count(EventKind::OsrEntry), 0u);
}

TEST_F(TieredEngineTest, BudgetAndCostBenefitEventuallyCompileAHotFunction) {
  for (const char *policy : {"budget", "budget:budget=5000,batch=8", "costbenefit",
                             "costbenefit:first=10,osr=off"}) {
    SCOPED_TRACE(policy);
    useTiered({{"policy", policy}, {"threads", "0"}});
    load(kSquare);
    // 300,000 calls of sq from an interpreted loop.
    expectSameAsInterp("drive", {i32v(300000)});
    uint32_t sq = indexOf("sq");
    EXPECT_EQ(log_->count(EventKind::TierUpRequest, sq, -1), 1u) << log_->dump();
    EXPECT_EQ(log_->count(EventKind::CodeInstalled, sq, -1), 1u) << log_->dump();
    EXPECT_TRUE(isNative("sq"));
    expectSameAsInterp("drive", {i32v(1000)});
  }
}

TEST_F(TieredEngineTest, BadPolicySpecsAreClearErrors) {
  auto error = [](Settings settings) {
    engine::EngineOptions options;
    for (const auto &[key, value] : settings)
      options.settings[key] = value;
    auto created = engine::createEngine(engine::kTieredEngine, options);
    EXPECT_FALSE(created) << "accepted";
    return created ? std::string() : created.error().message();
  };
  std::string unknown = error({{"policy", "fastest"}});
  EXPECT_NE(unknown.find("unknown policy `fastest`"), std::string::npos) << unknown;
  for (const char *name : {"budget", "costbenefit", "counters", "eager", "never"})
    EXPECT_NE(unknown.find(name), std::string::npos) << unknown;
  std::string knob = error({{"policy", "counters:calls=5,foo=1"}});
  EXPECT_NE(knob.find("policy counters: unknown setting `foo` (known: baseline-calls, "
                      "baseline-loops, calls, loops, osr, root-wait, specialize)"),
            std::string::npos)
      << knob;
  std::string value = error({{"policy", "counters:calls=-5"}});
  EXPECT_NE(value.find("calls"), std::string::npos) << value;
  std::string never = error({{"policy", "never:x=1"}});
  EXPECT_NE(never.find("unknown setting `x`"), std::string::npos) << never;
  std::string threads = error({{"threads", "many"}});
  EXPECT_NE(threads.find("threads"), std::string::npos) << threads;
  std::string stats = error({{"stats", "yes"}});
  EXPECT_NE(stats.find("stats"), std::string::npos) << stats;
}

// ---------------------------------------------------------------------------------------------
// 7. Statistics

/// Checks that `json` nests its brackets and quotes properly: valid-looking, without a parser.
bool balancedJson(const std::string &json) {
  std::string stack;
  bool inString = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"')
      inString = true;
    else if (c == '{' || c == '[')
      stack.push_back(c);
    else if (c == '}' || c == ']') {
      if (stack.empty() || stack.back() != (c == '}' ? '{' : '['))
        return false;
      stack.pop_back();
    }
  }
  return !inString && stack.empty();
}

TEST_F(TieredEngineTest, StatsJsonNamesTheHotFunctionFirst) {
  useTiered({{"policy", "counters:calls=10,loops=50"}, {"threads", "0"}, {"stats", "on"}});
  load(kSquare);
  expectSameAsInterp("drive", {i32v(5000)});
  expectSameAsInterp("drive", {i32v(5000)});
  std::string json = tiered_->statsJson();
  ASSERT_FALSE(json.empty());
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(json.back(), '}');
  EXPECT_TRUE(balancedJson(json)) << json;
  for (const char *key : {"\"tier_seconds\":{\"interpreter\":", "\"native\":",
                          "\"compilations\":{\"count\":", "\"osr_entries\":1",
                          "\"top_functions\":["})
    EXPECT_NE(json.find(key), std::string::npos) << key << " in " << json;
  // sq: 10,000 calls, native; drive: 2 calls, the first interpreted (it was compiled at
  // a back-edge, with its OSR continuation), the second native.
  std::string top = json.substr(json.find("\"top_functions\":[") + 17);
  EXPECT_EQ(top.rfind("{\"function\":0,\"name\":\"\",\"calls\":10000,\"native\":true}", 0), 0u)
      << top;
  EXPECT_NE(top.find("{\"function\":1,\"name\":\"\",\"calls\":2,"), std::string::npos) << top;
  // Without stats=on the engine keeps none.
  useTiered(kEarly);
  EXPECT_TRUE(tiered_->statsJson().empty());
}

// ---------------------------------------------------------------------------------------------
// 8. Interruption

const char *kSpinners = R"((module
  (func (export "spin") (loop (br 0)))
  (func (export "count") (param $n i32) (result i32) (local $i i32)
    (loop
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if 0 (i32.ne (local.get $i) (local.get $n))))
    (local.get $i))
  (func (export "ok") (result i32) (i32.const 7))))";

TEST_F(TieredEngineTest, DeadlineAndInterruptStopALoopBeforeAndAfterOsr) {
  for (const Settings &settings :
       {Settings{{"policy", "never"}, {"threads", "0"}}, kEarly, kLoopsOnly,
        Settings{{"policy", "counters:calls=1000000,loops=1"}, {"threads", "0"}},
        Settings{{"policy", "counters:calls=1,loops=1"}, {"threads", "1"}}}) {
    SCOPED_TRACE(settings.at("policy") + " threads=" + settings.at("threads"));
    // Calls first tier up at the first call: spin runs native from the start, no OSR.
    bool early = settings.at("policy") == "counters:calls=1,loops=1";
    bool background = settings.at("threads") != "0";
    size_t osrEntries = settings.at("policy").find("calls=1000000") != std::string::npos;
    useTiered(settings);
    load(kSpinners);
    context_.setDeadline(runtime::CallContext::Clock::now() + std::chrono::milliseconds(100));
    CallResult result = call(*tiered_instance_, "spin");
    context_.clearDeadline();
    ASSERT_TRUE(result.trap);
    EXPECT_EQ(result.trap->kind(), TrapKind::Interrupted);
    EXPECT_NE(result.trap->message().find("deadline"), std::string::npos)
        << result.trap->message();
    ASSERT_FALSE(result.trap->trace().empty());
    EXPECT_EQ(result.trap->trace().front().function, indexOf("spin"));
    if (!background) {
      EXPECT_EQ(log_->count(EventKind::OsrEntry, indexOf("spin")), osrEntries) << log_->dump();
      EXPECT_EQ(isNative("spin"), early || osrEntries);
    }
    EXPECT_EQ(i32v(7), run("ok")[0]);

    std::thread interrupter([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      context_.interrupt();
    });
    result = call(*tiered_instance_, "spin");
    interrupter.join();
    context_.clearInterrupt();
    ASSERT_TRUE(result.trap);
    EXPECT_EQ(result.trap->kind(), TrapKind::Interrupted);
    EXPECT_EQ(context_.depth(), 0u);
    expectSameAsInterp("count", {i32v(100000)});
    tiering::waitForCompilations(*tiered_);
  }
}

// Set before the call: the trap comes at the callee's entry in whichever tier runs it, with
// the callee as its one frame.
TEST_F(TieredEngineTest, InterruptBeforeTheCallTrapsAtTheEntryInEveryTier) {
  for (const Settings &settings : {Settings{{"policy", "never"}, {"threads", "0"}}, kEarly}) {
    SCOPED_TRACE(settings.at("policy"));
    useTiered(settings);
    load(kSpinners);
    for (int round = 0; round < 2; ++round) { // with kEarly, the second round runs native code
      for (const char *name : {"ok", "spin", "count"}) {
        context_.interrupt();
        CallResult result = name == std::string("count")
                                ? call(*tiered_instance_, name, {i32v(1000)})
                                : call(*tiered_instance_, name);
        context_.clearInterrupt();
        ASSERT_TRUE(result.trap) << name;
        EXPECT_EQ(result.trap->kind(), TrapKind::Interrupted) << name;
        ASSERT_EQ(result.trap->trace().size(), 1u) << name;
        EXPECT_EQ(result.trap->trace().front().function, indexOf(name)) << name;
        EXPECT_EQ(context_.depth(), 0u);
        EXPECT_EQ(i32v(7), run("ok")[0]);
      }
    }
    EXPECT_EQ(isNative("ok"), settings.at("policy") != "never");
    expectSameAsInterp("count", {i32v(1000)});
  }
}

} // namespace
} // namespace strata
