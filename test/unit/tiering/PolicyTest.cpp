// The tiering policies: spec parsing and each built-in policy's decisions on synthetic
// profiles, driven by a small simulation of the engine's countdowns.
#include "strata/tiering/Policy.h"

#include <gtest/gtest.h>

#include <tuple>

#include <cmath>
#include <optional>

using namespace strata;
using namespace strata::tiering;
using Action = Decision::Action;

namespace {

std::unique_ptr<TieringPolicy> create(std::string_view spec) {
  auto policy = createPolicy(spec);
  EXPECT_TRUE(policy) << spec << ": " << policy.error().reason();
  return policy ? std::move(*policy) : nullptr;
}

std::string createError(std::string_view spec) {
  auto policy = createPolicy(spec);
  EXPECT_FALSE(policy) << spec << " was accepted";
  return policy ? "" : policy.error().reason();
}

/// One function as the engine would drive it: countdowns armed by the policy's decisions,
/// and the requested flags set when a decision asks for code.
struct SimFunction {
  TieringPolicy &policy;
  FunctionProfile profile;
  std::vector<LoopProfile> loops;
  int64_t scratch = 0;
  int64_t callsLeft = 0;
  int64_t backEdgesLeft = 0;
  int notifications = 0;
  Decision last; // the latest decision that asked for code
  /// Calls and back-edges counted when a decision moved the function to the baseline tier.
  std::optional<std::pair<uint64_t, uint64_t>> baselineAt;

  /// With `baselineNext`, the chain has a baseline tier the function has not reached yet.
  SimFunction(TieringPolicy &policy, uint32_t codeBytes, std::vector<uint32_t> loopBytes = {},
              bool baselineNext = false)
      : policy(policy) {
    profile.baselineNext = baselineNext;
    profile.function = 7;
    profile.codeBytes = codeBytes;
    profile.numLoops = uint32_t(loopBytes.size());
    for (uint32_t index = 0; index < loopBytes.size(); ++index) {
      loops.push_back({index, loopBytes[index], 0, false});
      profile.loopBodyBytes += loopBytes[index];
    }
    profile.scratch = &scratch;
    apply(policy.initial(profile), std::nullopt);
  }

  void apply(const Decision &decision, std::optional<uint32_t> loop) {
    EXPECT_GE(decision.nextCalls, 1);
    EXPECT_GE(decision.nextBackEdges, 1);
    EXPECT_LE(decision.nextCalls, kNever);
    EXPECT_LE(decision.nextBackEdges, kNever);
    callsLeft = decision.nextCalls;
    backEdgesLeft = decision.nextBackEdges;
    EXPECT_TRUE(!decision.baseline || profile.baselineNext) << "baseline asked for twice";
    if (decision.baseline && profile.baselineNext) {
      profile.baselineNext = false;
      baselineAt = {profile.calls, profile.backEdges};
    }
    if (decision.action != Action::None)
      last = decision;
    if (decision.action == Action::Compile ||
        (decision.action == Action::CompileOsr && decision.alsoCompileFunction))
      profile.compileRequested = true;
    if (decision.action == Action::CompileOsr) {
      EXPECT_TRUE(loop.has_value());
      loops[*loop].osrRequested = true;
    }
  }

  /// One call; the decision when it ran the countdown out.
  std::optional<Decision> call(const CompilerState &compiler = {}) {
    ++profile.calls;
    if (--callsLeft > 0)
      return std::nullopt;
    ++notifications;
    Decision decision = policy.onCall(profile, compiler);
    apply(decision, std::nullopt);
    return decision;
  }

  std::optional<Decision> backEdge(uint32_t loop, const CompilerState &compiler = {}) {
    ++profile.backEdges;
    ++loops[loop].backEdges;
    if (--backEdgesLeft > 0)
      return std::nullopt;
    ++notifications;
    Decision decision = policy.onBackEdge(profile, loops[loop], compiler);
    apply(decision, loop);
    return decision;
  }

  /// Calls until one asks for code; its number (1-based, of all calls so far), or 0.
  uint64_t callsUntilRequest(uint64_t limit, const CompilerState &compiler = {}) {
    for (uint64_t n = 0; n < limit; ++n)
      if (auto decision = call(compiler); decision && decision->action != Action::None)
        return profile.calls;
    return 0;
  }

  /// Back-edges of `loop` until a decision asks for code (at most `limit`): that decision.
  std::optional<Decision> backEdgesUntilDecision(uint32_t loop, const CompilerState &compiler,
                                                 uint64_t limit) {
    for (uint64_t n = 0; n < limit; ++n)
      if (auto decision = backEdge(loop, compiler); decision && decision->action != Action::None)
        return decision;
    return std::nullopt;
  }

  /// Calls until one moves the function to the baseline tier; its number, or 0.
  uint64_t callsUntilBaseline(uint64_t limit) {
    for (uint64_t n = 0; n < limit && !baselineAt; ++n)
      call();
    return baselineAt ? baselineAt->first : 0;
  }

  /// Back-edges of `loop` until one moves the function to the baseline tier; its number, or 0.
  uint64_t backEdgesUntilBaseline(uint32_t loop, uint64_t limit) {
    for (uint64_t n = 0; n < limit && !baselineAt; ++n)
      backEdge(loop);
    return baselineAt ? baselineAt->second : 0;
  }

  uint64_t backEdgesUntilRequest(uint32_t loop, uint64_t limit, Action *action = nullptr) {
    for (uint64_t n = 0; n < limit; ++n)
      if (auto decision = backEdge(loop); decision && decision->action != Action::None) {
        if (action)
          *action = decision->action;
        return profile.backEdges;
      }
    return 0;
  }
};

// --- Parsing --------------------------------------------------------------------------------

TEST(PolicySpec, DefaultsAndSettings) {
  EXPECT_EQ(defaultPolicy(), "costbenefit");
  EXPECT_EQ(create("counters")->describe(),
            "counters:calls=1000,loops=10000,osr=on,specialize=off,root-wait=65536,"
            "baseline-calls=10,baseline-loops=1000");
  EXPECT_EQ(create("counters:")->describe(),
            "counters:calls=1000,loops=10000,osr=on,specialize=off,root-wait=65536,"
            "baseline-calls=10,baseline-loops=1000");
  EXPECT_EQ(create("counters:calls=5,osr=off,loops=7,specialize=on,root-wait=0,baseline-calls=2,"
                   "baseline-loops=3")
                ->describe(),
            "counters:calls=5,loops=7,osr=off,specialize=on,root-wait=0,baseline-calls=2,"
            "baseline-loops=3");
  EXPECT_EQ(create("never")->describe(), "never");
  EXPECT_EQ(create("eager:background=on")->describe(), "eager:background=on");
  EXPECT_EQ(create("budget")->describe(), "budget:budget=1800000,batch=64,osr=off");
  EXPECT_EQ(create("costbenefit:interp-ns=0.5,first=8")->describe(),
            "costbenefit:interp-ns=0.5,speedup=10,compile-us-per-byte=60,first=8,osr=on,"
            "specialize=on,root-wait=65536,callees=on,background-cost=0.25,max-pause=250,"
            "baseline-ns-per-byte=15,baseline-speedup=2.5");
}

TEST(PolicySpec, EveryPolicyListedCreatedAndRoundTripped) {
  std::vector<PolicyInfo> all = policies();
  std::vector<std::string> names;
  for (const PolicyInfo &info : all) {
    names.push_back(info.name);
    EXPECT_FALSE(info.description.empty());
    auto policy = create(info.name);
    ASSERT_TRUE(policy);
    std::string described = policy->describe();
    EXPECT_EQ(described.substr(0, info.name.size()), info.name);
    EXPECT_EQ(create(described)->describe(), described);
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"budget", "costbenefit", "counters", "eager", "never"}));
  EXPECT_TRUE(create(defaultPolicy()));
}

TEST(PolicySpec, NameErrors) {
  const char *known = "(known: budget, costbenefit, counters, eager, never)";
  EXPECT_EQ(createError("bogus"), std::string("unknown policy `bogus` ") + known);
  EXPECT_EQ(createError("bogus:x=1"), std::string("unknown policy `bogus` ") + known);
  EXPECT_EQ(createError(""), std::string("policy: empty name in `` ") + known);
  EXPECT_EQ(createError(":calls=1"), std::string("policy: empty name in `:calls=1` ") + known);
}

TEST(PolicySpec, SettingSyntaxErrors) {
  EXPECT_EQ(createError("counters:calls"),
            "policy counters: setting `calls` has no value (expected key=value)");
  EXPECT_EQ(createError("counters:=5"),
            "policy counters: setting `=5` has no key (expected key=value)");
  EXPECT_EQ(createError("counters:calls=1,calls=2"),
            "policy counters: setting `calls` given twice");
  EXPECT_EQ(createError("counters:calls=1,"), "policy counters: empty setting after the last `,`");
  EXPECT_EQ(createError("counters:,calls=1"),
            "policy counters: empty setting (expected key=value)");
  EXPECT_EQ(createError("counters:calls=1,,loops=2"),
            "policy counters: empty setting (expected key=value)");
}

TEST(PolicySpec, ValueErrors) {
  for (const char *bad : {"x", "-1", "", "1.5", "12abc", "99999999999999999999"})
    EXPECT_EQ(createError(std::string("counters:calls=") + bad),
              std::string("policy counters: calls must be a non-negative integer, got `") + bad +
                  "`");
  for (const char *bad : {"abc", "-1", "", "nan", "inf", "2ns"})
    EXPECT_EQ(createError(std::string("costbenefit:interp-ns=") + bad),
              std::string("policy costbenefit: interp-ns must be a non-negative number, got `") +
                  bad + "`");
  EXPECT_EQ(createError("counters:osr=yes"),
            "policy counters: osr must be `on` or `off`, got `yes`");
  EXPECT_EQ(createError("costbenefit:speedup=0.5"),
            "policy costbenefit: speedup must be at least 1, got `0.5`");
  EXPECT_EQ(createError("costbenefit:baseline-speedup=0.9"),
            "policy costbenefit: baseline-speedup must be at least 1, got `0.9`");
}

TEST(PolicySpec, UnknownSettings) {
  EXPECT_EQ(createError("counters:foo=1"),
            "policy counters: unknown setting `foo` (known: baseline-calls, baseline-loops, "
            "calls, loops, osr, root-wait, specialize)");
  EXPECT_EQ(createError("eager:calls=1"),
            "policy eager: unknown setting `calls` (known: background)");
  EXPECT_EQ(createError("never:x=1"), "policy never: unknown setting `x` (it takes none)");
  EXPECT_EQ(createError("budget:budget=5,osr=on,speedup=2"),
            "policy budget: unknown setting `speedup` (known: batch, budget, osr)");
}

TEST(PolicySettings, GettersTrackKnownKeys) {
  PolicySettings settings("test");
  settings.values = {{"a", "3"}, {"b", "2.5"}, {"c", "off"}};
  EXPECT_EQ(*settings.integer("a", 9), 3);
  EXPECT_EQ(*settings.integer("missing", 9), 9);
  EXPECT_EQ(*settings.number("b", 1), 2.5);
  EXPECT_FALSE(settings.checkAllUsed());
  EXPECT_EQ(settings.checkAllUsed().error().reason(),
            "policy test: unknown setting `c` (known: a, b, missing)");
  EXPECT_EQ(*settings.flag("c", true), false);
  EXPECT_TRUE(settings.checkAllUsed());
}

// --- never and eager ------------------------------------------------------------------------

TEST(NeverPolicy, NeverAsks) {
  auto policy = create("never");
  SimFunction function(*policy, 10, {5});
  EXPECT_EQ(function.callsLeft, kNever);
  EXPECT_EQ(function.backEdgesLeft, kNever);
  EXPECT_EQ(function.callsUntilRequest(1000000), 0u);
  EXPECT_EQ(function.backEdgesUntilRequest(0, 1000000), 0u);
  EXPECT_EQ(function.notifications, 0);
  EXPECT_TRUE(policy->onModule(wasm::Module()).empty());
}

wasm::Module moduleWith(uint32_t imported, uint32_t defined) {
  wasm::Module module;
  module.functionTypes.assign(imported + defined, 0);
  module.numImportedFunctions = imported;
  module.code.resize(defined);
  return module;
}

TEST(EagerPolicy, RequestsEveryDefinedFunctionAsOneUnit) {
  auto policy = create("eager");
  std::vector<ModuleRequest> requests = policy->onModule(moduleWith(2, 3));
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].functions, (std::vector<uint32_t>{2, 3, 4}));
  EXPECT_FALSE(requests[0].background);
  EXPECT_FALSE(requests[0].reason.empty());
  EXPECT_TRUE(policy->onModule(moduleWith(4, 0)).empty());

  SimFunction function(*policy, 10, {5});
  EXPECT_EQ(function.callsLeft, kNever);
  EXPECT_EQ(function.backEdgesLeft, kNever);
}

TEST(EagerPolicy, BackgroundKnob) {
  std::vector<ModuleRequest> requests = create("eager:background=on")->onModule(moduleWith(0, 2));
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].functions, (std::vector<uint32_t>{0, 1}));
  EXPECT_TRUE(requests[0].background);
}

// --- counters -------------------------------------------------------------------------------

TEST(CountersPolicy, CompilesAtTheCallThreshold) {
  auto policy = create("counters");
  SimFunction function(*policy, 100, {20});
  EXPECT_EQ(function.callsUntilRequest(100000), 1000u);
  EXPECT_EQ(function.notifications, 1);
  EXPECT_TRUE(function.profile.compileRequested);
  EXPECT_EQ(function.callsUntilRequest(100000), 0u); // never asked again
  EXPECT_EQ(function.notifications, 1);
}

TEST(CountersPolicy, OsrAtTheLoopThresholdThenOtherLoops) {
  auto policy = create("counters:loops=500");
  SimFunction function(*policy, 100, {20, 30});
  for (int n = 1; n < 500; ++n)
    EXPECT_FALSE(function.backEdge(0));
  std::optional<Decision> decision = function.backEdge(0);
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->action, Action::CompileOsr);
  EXPECT_TRUE(decision->alsoCompileFunction);
  EXPECT_GT(decision->priority, 0);
  EXPECT_EQ(decision->reason, "back-edges>=500");
  EXPECT_EQ(decision->nextCalls, kNever);
  EXPECT_EQ(decision->nextBackEdges, 500);

  // The other loop gets hot: its own continuation, the function already queued.
  Action action = Action::None;
  EXPECT_EQ(function.backEdgesUntilRequest(1, 100000, &action), 1000u);
  EXPECT_EQ(action, Action::CompileOsr);
  EXPECT_TRUE(function.loops[1].osrRequested);
  EXPECT_FALSE(function.last.specialize);
}

TEST(CountersPolicy, SpecializeCompilesContinuationsForTheirEntry) {
  auto policy = create("counters:loops=10,specialize=on");
  SimFunction function(*policy, 100, {20});
  Action action = Action::None;
  EXPECT_EQ(function.backEdgesUntilRequest(0, 100000, &action), 10u);
  EXPECT_EQ(action, Action::CompileOsr);
  EXPECT_TRUE(function.last.specialize);
  EXPECT_TRUE(function.last.alsoCompileFunction);
  EXPECT_EQ(function.last.rootWait, kDefaultRootWait);
  auto noWait = create("counters:loops=10,specialize=on,root-wait=0");
  SimFunction other(*noWait, 100, {20});
  other.backEdgesUntilRequest(0, 100000);
  EXPECT_EQ(other.last.rootWait, 0u);
}

TEST(CountersPolicy, OsrPriorityAboveCalls) {
  auto policy = create("counters:calls=1,loops=1");
  FunctionProfile profile;
  profile.codeBytes = 10;
  profile.numLoops = 1;
  profile.calls = profile.backEdges = 1;
  Decision onCall = policy->onCall(profile, {});
  Decision onBackEdge = policy->onBackEdge(profile, {0, 5, 1, false}, {});
  EXPECT_EQ(onCall.action, Action::Compile);
  EXPECT_EQ(onBackEdge.action, Action::CompileOsr);
  EXPECT_GT(onBackEdge.priority, onCall.priority);
}

TEST(CountersPolicy, WithoutOsrLoopsCompileTheFunction) {
  auto policy = create("counters:loops=300,osr=off");
  SimFunction function(*policy, 100, {20});
  Action action = Action::None;
  EXPECT_EQ(function.backEdgesUntilRequest(0, 100000, &action), 300u);
  EXPECT_EQ(action, Action::Compile);
  EXPECT_EQ(function.backEdgesUntilRequest(0, 100000), 0u);
  EXPECT_EQ(function.callsUntilRequest(100000), 0u);
  EXPECT_EQ(function.notifications, 1);
}

TEST(CountersPolicy, ThresholdsOfZeroAndOneFireAtTheFirstEvent) {
  for (const char *spec : {"counters:calls=1,loops=1", "counters:calls=0,loops=0"}) {
    auto policy = create(spec);
    SimFunction calls(*policy, 100, {20});
    EXPECT_EQ(calls.callsUntilRequest(10), 1u) << spec;
    SimFunction loops(*policy, 100, {20});
    EXPECT_EQ(loops.backEdgesUntilRequest(0, 10), 1u) << spec;
  }
}

TEST(CountersPolicy, CallRequestKeepsTheLoopSchedule) {
  auto policy = create("counters:calls=100,loops=1000");
  SimFunction function(*policy, 100, {20});
  for (int n = 0; n < 400; ++n)
    EXPECT_FALSE(function.backEdge(0));
  EXPECT_EQ(function.callsUntilRequest(1000), 100u);
  // Frames already running still reach OSR, at the same back-edge count as before.
  Action action = Action::None;
  EXPECT_EQ(function.backEdgesUntilRequest(0, 100000, &action), 1000u);
  EXPECT_EQ(action, Action::CompileOsr);
  EXPECT_FALSE(function.loops.empty() || !function.loops[0].osrRequested);
}

// --- budget ---------------------------------------------------------------------------------

TEST(BudgetPolicy, RunsOutAfterTheBudgetOfCalls) {
  auto policy = create("budget");
  SimFunction function(*policy, 100, {20});
  // 64 calls of 100 bytes per notification: 1800000 / 6400 = 281.25, so the 282nd.
  EXPECT_EQ(function.callsUntilRequest(1000000), 282u * 64);
  EXPECT_EQ(function.notifications, 282);
  EXPECT_TRUE(function.profile.compileRequested);
  EXPECT_EQ(function.scratch, 282 * 6400); // the work spent
  EXPECT_EQ(function.callsUntilRequest(1000000), 0u);
  EXPECT_EQ(function.backEdgesUntilRequest(0, 1000000), 0u);
}

TEST(BudgetPolicy, LoopsChargeTheirBodies) {
  auto policy = create("budget:budget=6400,batch=10");
  SimFunction function(*policy, 100, {20});
  Action action = Action::None;
  EXPECT_EQ(function.backEdgesUntilRequest(0, 100000, &action), 320u); // 32 x 10 x 20 bytes
  EXPECT_EQ(action, Action::Compile);
}

TEST(BudgetPolicy, CallsAndLoopsShareTheBudget) {
  auto policy = create("budget:budget=1000,batch=1");
  SimFunction function(*policy, 100, {10});
  for (int n = 0; n < 50; ++n) // 500 bytes
    EXPECT_EQ(function.backEdge(0)->action, Action::None);
  EXPECT_EQ(function.callsUntilRequest(100), 5u); // 5 x 100 more
}

TEST(BudgetPolicy, OsrWhenAsked) {
  auto policy = create("budget:budget=6400,batch=10,osr=on");
  SimFunction function(*policy, 100, {20, 40});
  Action action = Action::None;
  EXPECT_EQ(function.backEdgesUntilRequest(0, 100000, &action), 320u);
  EXPECT_EQ(action, Action::CompileOsr);
  EXPECT_TRUE(function.profile.compileRequested);
  // The budget is spent: the next hot loop gets its continuation at its first notification.
  EXPECT_EQ(function.backEdgesUntilRequest(1, 100000, &action), 330u);
  EXPECT_EQ(action, Action::CompileOsr);
}

TEST(BudgetPolicy, ZeroBudgetCompilesAtTheFirstNotification) {
  auto policy = create("budget:budget=0,batch=1");
  SimFunction function(*policy, 100);
  EXPECT_EQ(function.callsUntilRequest(10), 1u);
}

// --- costbenefit ----------------------------------------------------------------------------

// With the defaults a byte interpreted costs 2ns and native code saves 90% of it; compiling
// costs 60us per byte, so a straight-line function pays after 60e-6 / 1.8e-9 = 33333.3 calls.
constexpr uint64_t kBreakEvenCalls = 33334;

TEST(CostBenefitPolicy, CompilesNearTheBreakEvenPoint) {
  auto policy = create("costbenefit");
  SimFunction function(*policy, 100);
  EXPECT_EQ(function.callsLeft, 100);
  uint64_t at = function.callsUntilRequest(1000000);
  EXPECT_GE(at, kBreakEvenCalls);
  EXPECT_LE(at, kBreakEvenCalls * 5 / 4);
  EXPECT_TRUE(function.profile.compileRequested);
}

TEST(CostBenefitPolicy, SmallHotFunctionsBeforeLargeOnes) {
  // Both spend the same interpreter time: the small one is called 100 times as often.
  auto policy = create("costbenefit");
  SimFunction small(*policy, 40), large(*policy, 4000);
  uint64_t smallAt = 0, largeAt = 0;
  for (uint64_t tick = 1; tick <= 100000 && !largeAt; ++tick) {
    for (int n = 0; n < 100 && !smallAt; ++n)
      if (auto decision = small.call(); decision && decision->action == Action::Compile)
        smallAt = tick;
    if (auto decision = large.call(); decision && decision->action == Action::Compile)
      largeAt = tick;
  }
  ASSERT_NE(smallAt, 0u);
  ASSERT_NE(largeAt, 0u);
  EXPECT_LT(smallAt * 50, largeAt);
}

TEST(CostBenefitPolicy, LongQueueDefers) {
  FunctionProfile profile;
  profile.codeBytes = 100;
  profile.calls = 50000; // past the break-even point with an empty queue
  EXPECT_EQ(create("costbenefit")->onCall(profile, {0, 1, 0}).action, Action::Compile);
  EXPECT_EQ(create("costbenefit")->onCall(profile, {1000, 1, 0}).action, Action::None);
  // More threads drain the queue sooner.
  EXPECT_EQ(create("costbenefit")->onCall(profile, {1000, 4000, 0}).action, Action::Compile);

  // Driven: 20 requests of its size ahead of it on one thread, plus its own compile charged at
  // background-cost (a quarter), so 20.25 times the cost to pay for.
  auto policy = create("costbenefit");
  SimFunction queued(*policy, 100);
  uint64_t at = queued.callsUntilRequest(100000000, {20, 1, 0});
  EXPECT_GE(at, 675000u);
  EXPECT_LE(at, 675000u * 5 / 4);
}

TEST(CostBenefitPolicy, MeasuredCompileSpeedReplacesTheKnob) {
  FunctionProfile profile;
  profile.codeBytes = 100;
  profile.calls = 1000; // pays at 1us per byte (556 calls), not at 60us
  auto policy = create("costbenefit");
  EXPECT_EQ(policy->onCall(profile, {0, 1, 0}).action, Action::None);
  EXPECT_EQ(policy->onCall(profile, {0, 1, 1e-6}).action, Action::Compile);
  EXPECT_EQ(create("costbenefit:compile-us-per-byte=1")->onCall(profile, {}).action,
            Action::Compile);
}

TEST(CostBenefitPolicy, NotificationsGrowLogarithmically) {
  // speedup=1: compiling never pays, so the policy only keeps asking.
  auto policy = create("costbenefit:speedup=1");
  SimFunction function(*policy, 100, {20});
  EXPECT_EQ(function.callsUntilRequest(1000000), 0u);
  int afterMillion = function.notifications;
  EXPECT_EQ(function.callsUntilRequest(15000000), 0u);
  int afterSixteenMillion = function.notifications;
  EXPECT_LE(afterMillion, int(std::log2(1e6 / 100)) + 1); // 100, 200, ..., 819200
  EXPECT_EQ(afterSixteenMillion - afterMillion, 4);       // four more doublings
  EXPECT_EQ(function.backEdgesUntilRequest(0, 1000000), 0u);
  EXPECT_LE(function.notifications - afterSixteenMillion, int(std::log2(1e6 / 1000)) + 1);
}

TEST(CostBenefitPolicy, NotificationsStayLogarithmicUnderAGrowingQueue) {
  auto policy = create("costbenefit");
  SimFunction function(*policy, 100);
  for (uint64_t n = 0; n < 1000000; ++n) // the queue always just ahead of the function
    if (auto decision = function.call({function.profile.calls / 30000 + 1, 1, 0})) {
      ASSERT_EQ(decision->action, Action::None);
    }
  EXPECT_LE(function.notifications, 60); // log base 1.25 of 10^4, plus the doublings
}

TEST(CostBenefitPolicy, HotLoopGetsOsr) {
  auto policy = create("costbenefit");
  // One call into a 200-byte function whose 50-byte loop spins: the loop alone must pay for
  // compiling 200 bytes, 4x the call threshold in back-edges.
  SimFunction function(*policy, 200, {50});
  function.call();
  Action action = Action::None;
  uint64_t at = function.backEdgesUntilRequest(0, 10000000, &action);
  EXPECT_EQ(action, Action::CompileOsr);
  EXPECT_GE(at, kBreakEvenCalls * 4 - 4);
  EXPECT_LE(at, kBreakEvenCalls * 4 * 5 / 4);
  // Its only call so far: the whole function is left for later calls to ask for, and the
  // continuation is compiled for this entry alone.
  EXPECT_FALSE(function.profile.compileRequested);
  EXPECT_TRUE(function.loops[0].osrRequested);
  EXPECT_TRUE(function.last.specialize);
}

TEST(CostBenefitPolicy, BenefitNeverExceedsTheTimeTheEngineHasRun) {
  // A 20,000-byte loop body counts 20,000 bytes per back-edge (a state machine's iterations
  // run a small part of theirs): past about 33,000 back-edges the claimed interpretation time
  // pays for compiling the function. Two milliseconds into the run no such claim holds, and
  // nothing is compiled however long the loop runs; ten seconds in, the loop gets OSR.
  for (double runSeconds : {0.002, 10.0}) {
    SCOPED_TRACE(runSeconds);
    auto policy = create("costbenefit");
    SimFunction function(*policy, 20000, {20000});
    function.call();
    CompilerState compiler;
    compiler.runSeconds = runSeconds;
    std::optional<Decision> asked = function.backEdgesUntilDecision(0, compiler, 1000000);
    EXPECT_EQ(asked.has_value(), runSeconds > 1) << function.notifications;
    if (asked)
      EXPECT_EQ(asked->action, Action::CompileOsr);
    EXPECT_LE(function.notifications, 40);
  }
}

TEST(CostBenefitPolicy, ALargeFunctionsFirstActivationDoesNotStopForItsCompile) {
  // 20,000 bytes at 60 µs a byte: 1.2 s, beyond max-pause (250 ms). With a background thread
  // the continuation is compiled for every entry there; without one, or under a larger
  // max-pause, for this entry alone as before.
  for (auto [spec, threads, specialized] :
       {std::tuple{"costbenefit", 1u, false}, std::tuple{"costbenefit", 0u, true},
        std::tuple{"costbenefit:max-pause=2000", 1u, true}}) {
    SCOPED_TRACE(std::string(spec) + " threads " + std::to_string(threads));
    auto policy = create(spec);
    SimFunction function(*policy, 20000, {500});
    function.call();
    CompilerState compiler;
    compiler.threads = threads;
    std::optional<Decision> decision = function.backEdgesUntilDecision(0, compiler, 100000000);
    ASSERT_TRUE(decision);
    EXPECT_EQ(decision->action, Action::CompileOsr);
    EXPECT_EQ(decision->specialize, specialized);
    EXPECT_EQ(decision->compileCallees, specialized && threads > 0);
    EXPECT_EQ(decision->reason.find("in the background") != std::string::npos, !specialized);
  }
}

TEST(CostBenefitPolicy, HotLoopOfAFirstActivationCompilesTheFunctionOnABackgroundThread) {
  // With a compile thread, a function Wasm code called is compiled beside the continuation for
  // this entry, for the calls the activation makes to it (recursion) or later calls; one the
  // host called is not.
  for (uint32_t depth : {1u, 2u}) {
    auto policy = create("costbenefit");
    SimFunction function(*policy, 200, {50});
    function.loops[0].depth = depth;
    function.call();
    CompilerState compiler;
    compiler.threads = 1;
    std::optional<Decision> decision = function.backEdgesUntilDecision(0, compiler, 10000000);
    ASSERT_TRUE(decision);
    EXPECT_EQ(decision->action, Action::CompileOsr);
    EXPECT_TRUE(decision->specialize);
    EXPECT_EQ(decision->alsoCompileFunction, depth > 1) << depth;
    EXPECT_TRUE(decision->compileCallees);
  }
}

TEST(CostBenefitPolicy, CalleesAreQueuedWithAThreadAndTheKnobOnly) {
  for (auto [spec, threads, expected] : {std::tuple{"costbenefit", 1u, true},
                                         std::tuple{"costbenefit", 0u, false},
                                         std::tuple{"costbenefit:callees=off", 1u, false}}) {
    SCOPED_TRACE(std::string(spec) + " threads " + std::to_string(threads));
    auto policy = create(spec);
    SimFunction function(*policy, 200, {50});
    function.call();
    CompilerState compiler;
    compiler.threads = threads;
    std::optional<Decision> decision = function.backEdgesUntilDecision(0, compiler, 10000000);
    ASSERT_TRUE(decision);
    EXPECT_EQ(decision->action, Action::CompileOsr);
    EXPECT_EQ(decision->compileCallees, expected);
  }
}

TEST(CostBenefitPolicy, SpecializeKnobOffKeepsContinuationsForEveryEntry) {
  auto policy = create("costbenefit:specialize=off");
  SimFunction function(*policy, 200, {50});
  function.call();
  Action action = Action::None;
  function.backEdgesUntilRequest(0, 10000000, &action);
  EXPECT_EQ(action, Action::CompileOsr);
  EXPECT_FALSE(function.last.specialize);
}

TEST(CostBenefitPolicy, HotLoopOfAFunctionCalledBeforeCompilesTheFunctionToo) {
  auto policy = create("costbenefit");
  SimFunction function(*policy, 200, {50});
  function.call();
  function.call();
  Action action = Action::None;
  function.backEdgesUntilRequest(0, 10000000, &action);
  EXPECT_EQ(action, Action::CompileOsr);
  EXPECT_TRUE(function.profile.compileRequested);
  EXPECT_TRUE(function.loops[0].osrRequested);
  // Other activations may come to the loop: its continuation is kept for every entry.
  EXPECT_FALSE(function.last.specialize);
}

TEST(CostBenefitPolicy, WithoutOsrHotLoopsCompileTheFunction) {
  auto policy = create("costbenefit:osr=off");
  SimFunction function(*policy, 200, {50});
  Action action = Action::None;
  EXPECT_NE(function.backEdgesUntilRequest(0, 10000000, &action), 0u);
  EXPECT_EQ(action, Action::Compile);
  EXPECT_EQ(function.backEdgesUntilRequest(0, 10000000), 0u);
}

// --- the baseline tier in the chain ---------------------------------------------------------

TEST(BaselineInTheChain, NoPolicyAsksForItWithoutOne) {
  for (const char *spec : {"counters:calls=5,loops=5,baseline-calls=1", "budget:batch=1",
                           "costbenefit", "never", "eager"}) {
    auto policy = create(spec);
    SimFunction function(*policy, 100, {20});
    function.callsUntilRequest(100);
    function.backEdgesUntilRequest(0, 100);
    EXPECT_FALSE(function.baselineAt) << spec; // apply() checks every decision too
  }
}

TEST(BaselineInTheChain, CountersMoveAtTheirThresholdsThenCompileAtTheirOwn) {
  auto policy = create("counters:calls=100,loops=1000,baseline-calls=3,baseline-loops=50");
  SimFunction byCalls(*policy, 100, {20}, true);
  EXPECT_EQ(byCalls.callsLeft, 3);
  EXPECT_EQ(byCalls.callsUntilBaseline(1000), 3u);
  EXPECT_EQ(byCalls.last.action, Action::None);
  EXPECT_EQ(byCalls.callsLeft, 97); // on to the optimizing tier's threshold
  EXPECT_EQ(byCalls.callsUntilRequest(1000), 100u);
  EXPECT_EQ(byCalls.last.action, Action::Compile);
  EXPECT_FALSE(byCalls.last.baseline);

  SimFunction byLoops(*policy, 100, {20}, true);
  EXPECT_EQ(byLoops.backEdgesUntilBaseline(0, 10000), 50u);
  EXPECT_EQ(byLoops.backEdgesUntilRequest(0, 10000), 1000u);
  EXPECT_EQ(byLoops.last.action, Action::CompileOsr);
}

TEST(BaselineInTheChain, CountersSkipItWhenTheOptimizingThresholdComesFirst) {
  auto policy = create("counters:calls=1,loops=1");
  SimFunction function(*policy, 100, {20}, true);
  EXPECT_EQ(function.callsUntilRequest(10), 1u);
  EXPECT_EQ(function.last.action, Action::Compile);
  EXPECT_FALSE(function.baselineAt); // compiled at once, synchronously: nothing to bridge

  // With a compile thread the function runs baseline code while its optimized code compiles.
  SimFunction background(*policy, 100, {20}, true);
  CompilerState threads;
  threads.threads = 1;
  EXPECT_EQ(background.callsUntilRequest(10, threads), 1u);
  ASSERT_TRUE(background.baselineAt);
  EXPECT_TRUE(background.last.baseline);
}

TEST(BaselineInTheChain, BudgetMovesAtTheFirstEventAsV8sLiftoff) {
  auto policy = create("budget:budget=6400,batch=1");
  SimFunction function(*policy, 100, {20}, true);
  EXPECT_EQ(function.callsUntilBaseline(10), 1u);
  EXPECT_EQ(function.last.action, Action::None);
  // Then the budget as without the baseline tier: 64 calls of 100 bytes.
  EXPECT_EQ(function.callsUntilRequest(1000), 65u);

  SimFunction looping(*policy, 100, {20}, true);
  EXPECT_EQ(looping.backEdgesUntilBaseline(0, 10), 1u);
}

// With the defaults a byte interpreted costs 2ns and baseline code saves 60% of it; its
// compile costs 15ns per byte: a straight-line function pays after 15 / 1.2 = 12.5 calls.
TEST(BaselineInTheChain, CostBenefitMovesAtTheBaselineBreakEvenPoint) {
  auto policy = create("costbenefit");
  SimFunction function(*policy, 100, {}, true);
  EXPECT_EQ(function.callsLeft, 13);
  EXPECT_EQ(function.callsUntilBaseline(1000), 13u);
  // The optimizing tier's rule is unchanged: it still pays near its own break-even point.
  uint64_t at = function.callsUntilRequest(1000000);
  EXPECT_GE(at, kBreakEvenCalls);
  EXPECT_LE(at, kBreakEvenCalls * 5 / 4);

  // A loop of 10 bytes in a function of 1000: 1000 * 12.5 / 10 back-edges.
  SimFunction looping(*policy, 1000, {10}, true);
  uint64_t backEdges = looping.backEdgesUntilBaseline(0, 100000);
  EXPECT_GE(backEdges, 1250u);
  EXPECT_LE(backEdges, 1251u);
  EXPECT_FALSE(looping.last.action != Action::None && looping.last.baseline);
}

TEST(BaselineInTheChain, CostBenefitKnobsMoveTheBreakEvenPoint) {
  auto policy = create("costbenefit:baseline-ns-per-byte=30,baseline-speedup=4");
  SimFunction function(*policy, 100, {}, true); // 30 / (2 * 0.75) = 20 calls
  EXPECT_EQ(function.callsUntilBaseline(1000), 20u);
}

// --- policies from outside the built-in set --------------------------------------------------

class EveryCallPolicy final : public TieringPolicy {
public:
  explicit EveryCallPolicy(int64_t after) : after_(after) {}
  std::string describe() const override { return "every-call:after=" + std::to_string(after_); }
  Decision initial(const FunctionProfile &) override {
    Decision decision;
    decision.nextCalls = std::max<int64_t>(1, after_);
    return decision;
  }
  Decision onCall(const FunctionProfile &, const CompilerState &) override {
    Decision decision;
    decision.action = Action::Compile;
    decision.reason = "registered";
    return decision;
  }
  Decision onBackEdge(const FunctionProfile &, const LoopProfile &,
                      const CompilerState &) override {
    return {};
  }

private:
  int64_t after_;
};

TEST(PolicyRegistry, APolicyFromOutsideIsListedCreatedAndCheckedLikeABuiltIn) {
  PolicyFactory factory = [](PolicySettings &settings) -> Expected<std::unique_ptr<TieringPolicy>> {
    int64_t after = 1;
    if (Status status = settings.read("after", after); !status)
      return status.takeError();
    return std::unique_ptr<TieringPolicy>(std::make_unique<EveryCallPolicy>(after));
  };
  ASSERT_TRUE(registerPolicy({"every-call", "compiles at the call after `after` calls"}, factory));
  auto listed = policies();
  EXPECT_TRUE(std::any_of(listed.begin(), listed.end(),
                          [](const PolicyInfo &info) { return info.name == "every-call"; }));
  EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end(),
                             [](const PolicyInfo &a, const PolicyInfo &b) { return a.name < b.name; }));
  auto policy = create("every-call:after=3");
  ASSERT_TRUE(policy);
  EXPECT_EQ(policy->describe(), "every-call:after=3");
  SimFunction function(*policy, 10);
  EXPECT_EQ(function.callsUntilRequest(10), 3u);
  EXPECT_EQ(createError("every-call:before=3"),
            "policy every-call: unknown setting `before` (known: after)");
  EXPECT_NE(createError("nothing-such").find("every-call"), std::string::npos);

  auto refused = [&](PolicyInfo info, PolicyFactory f) {
    Status status = registerPolicy(std::move(info), std::move(f));
    return status ? std::string() : status.error().reason();
  };
  EXPECT_EQ(refused({"every-call", "again"}, factory), "policy every-call is registered already");
  EXPECT_EQ(refused({"counters", "a built-in's name"}, factory),
            "policy counters is registered already");
  EXPECT_EQ(refused({"", "no name"}, factory), "policy name `` is empty or holds `:`, `,` or `=`");
  EXPECT_EQ(refused({"a:b", "a colon"}, factory),
            "policy name `a:b` is empty or holds `:`, `,` or `=`");
  EXPECT_EQ(refused({"no-factory", ""}, nullptr), "policy no-factory: no factory");
  ASSERT_TRUE(registerPolicy({"makes-nothing", "a factory that returns null"},
                             [](PolicySettings &) -> Expected<std::unique_ptr<TieringPolicy>> {
                               return std::unique_ptr<TieringPolicy>();
                             }));
  EXPECT_EQ(createError("makes-nothing"), "policy makes-nothing: its factory made no policy");
}

} // namespace
