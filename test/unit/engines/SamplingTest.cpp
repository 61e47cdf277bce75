// The sampling profiler on every engine: samples name the functions on the Wasm stack, with
// their tiers, and weigh the hot function most; host functions are frames of their own; an
// interrupt still stops code that is being sampled.
#include "EngineFixture.h"

#include "strata/sampling/SamplingProfiler.h"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

namespace strata::test {
namespace {

using runtime::FrameTier;
using sampling::ProfileFrame;
using sampling::SamplingProfiler;

class SamplingTest : public EngineTest {
protected:
  /// Calls `name` with `args` until `profiler` has `samples` samples (or 20 s passed).
  void runUntilSampled(SamplingProfiler &profiler, uint64_t samples, const std::string &name,
                       std::vector<Value> args) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    profiler.attach(*context_);
    profiler.start();
    while (profiler.sampledWeight() < samples && std::chrono::steady_clock::now() < deadline) {
      CallResult result = call(name, args);
      ASSERT_FALSE(result.trap) << result.trap->describe();
    }
    profiler.stop();
    profiler.detach(*context_);
    ASSERT_GE(profiler.sampledWeight(), samples);
  }

  bool tierFits(FrameTier tier) const {
    const std::string &name = GetParam();
    if (name.rfind("interp", 0) == 0)
      return tier == FrameTier::Interpreter;
    if (name == "jit")
      return tier == FrameTier::Native || tier == FrameTier::NativeOsr;
    return tier != FrameTier::Host;
  }

  /// The weight of the samples whose stack ends with frames labelled `innermost` (outermost
  /// of them first): a suffix of the stack.
  static uint64_t weightEndingWith(const SamplingProfiler &profiler,
                                   const std::vector<std::string> &innermost) {
    uint64_t weight = 0;
    for (const auto &[stack, stackWeight] : profiler.stacks()) {
      if (stack.size() < innermost.size())
        continue;
      bool matches = true;
      for (size_t i = 0; i < innermost.size(); ++i)
        matches &= profiler.frames()[stack[stack.size() - innermost.size() + i]].function ==
                   innermost[i];
      if (matches)
        weight += stackWeight;
    }
    return weight;
  }
};

// func[0] calls func[1], the hot loop, through a table so that no tier inlines it; func[2]
// is cold; "run" calls func[0] many times.
constexpr const char *kHotModule = R"((module
  (type $work (func (param i32) (result i32)))
  (table 2 funcref) (elem (i32.const 0) 1 2)
  (func $main (param i32) (result i32)
    (i32.add (call_indirect (type $work) (local.get 0) (i32.const 0))
             (call_indirect (type $work) (local.get 0) (i32.const 1))))
  (func (param i32) (result i32) (local i32)
    (loop $again
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 31)) (local.get 0)))
      (br_if $again (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1))
  (func (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func (export "run") (param $times i32) (param $n i32) (result i32) (local $sum i32)
    (loop $again
      (local.set $sum (i32.add (local.get $sum) (call $main (local.get $n))))
      (br_if $again (local.tee $times (i32.sub (local.get $times) (i32.const 1)))))
    (local.get $sum)))
)";

/// The weight of the samples that are not compiles (a compile frame innermost).
uint64_t runningWeight(const SamplingProfiler &profiler) {
  uint64_t weight = 0;
  for (const auto &[stack, stackWeight] : profiler.stacks())
    if (profiler.frames()[stack.back()].tier != FrameTier::Compile)
      weight += stackWeight;
  return weight;
}

TEST_P(SamplingTest, WeighsTheHotFunctionMostWithItsCallerAndTier) {
  load(kHotModule);
  SamplingProfiler profiler(1000);
  runUntilSampled(profiler, 300, "run", {i32v(20), i32v(500000)});
  // Of the time not spent compiling, at least 80% in the hot function (in whichever tiers it
  // ran), below its caller.
  EXPECT_GE(weightEndingWith(profiler, {"func[0]", "func[1]"}) * 10, runningWeight(profiler) * 8)
      << profiler.topTable(10);
  for (const ProfileFrame &frame : profiler.frames())
    EXPECT_TRUE(frame.tier == FrameTier::Compile || tierFits(frame.tier)) << frame.label();
  EXPECT_GE(profiler.requests(), profiler.sampledWeight());
}

TEST_P(SamplingTest, HostFunctionsAreFramesOfTheirOwn) {
  wasm::FuncType nullary{{}, {}};
  auto &spin = store_.createHostFunction(
      nullary,
      [](runtime::HostCallContext &, std::span<uint64_t>) -> runtime::CallStatus {
        // Long enough to outweigh the call around it even under emulation, loaded.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return {};
      },
      "env.spin");
  runtime::ImportMap imports;
  imports.define("env", "spin", &spin);
  load(R"((module
    (import "env" "spin" (func $spin))
    (func (export "wait") (call $spin))))",
       imports);
  SamplingProfiler profiler(1000);
  runUntilSampled(profiler, 100, "wait", {});
  // Nearly all the time is the host function's, below the Wasm function that called it.
  EXPECT_GE(weightEndingWith(profiler, {"func[1]", "env.spin"}) * 10, runningWeight(profiler) * 8)
      << profiler.topTable(10);
  // The heaviest frame but compilation (which under emulation can outweigh the rest).
  std::vector<sampling::FunctionShare> shares = profiler.shares();
  auto running = std::find_if(shares.begin(), shares.end(), [&](const auto &share) {
    return profiler.frames()[share.frame].tier != FrameTier::Compile;
  });
  ASSERT_NE(running, shares.end());
  EXPECT_EQ(profiler.frames()[running->frame].tier, FrameTier::Host);
}

TEST_P(SamplingTest, InterruptsStillStopSampledCode) {
  load(R"((module (func (export "forever") (loop $l (br $l)))))");
  SamplingProfiler profiler(5000);
  profiler.attach(*context_);
  profiler.start();
  std::thread interrupter([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    context_->interrupt();
  });
  CallResult result = call("forever");
  interrupter.join();
  profiler.stop();
  profiler.detach(*context_);
  EXPECT_TRUE(result.trapped(runtime::TrapKind::Interrupted));
  EXPECT_GT(profiler.sampledWeight(), 0u);
  context_->clearInterrupt();
}

TEST_P(SamplingTest, SpeedscopeProfileListsFramesSamplesAndWeights) {
  load(kHotModule);
  SamplingProfiler profiler(1000);
  runUntilSampled(profiler, 20, "run", {i32v(2), i32v(1000000)});
  boost::json::value file = boost::json::parse(profiler.speedscopeJson("hot"));
  const boost::json::object &root = file.as_object();
  EXPECT_EQ(root.at("$schema").as_string(), "https://www.speedscope.app/file-format-schema.json");
  const boost::json::array &frames = root.at("shared").as_object().at("frames").as_array();
  EXPECT_EQ(frames.size(), profiler.frames().size());
  const boost::json::object &profile = root.at("profiles").as_array().at(0).as_object();
  EXPECT_EQ(profile.at("type").as_string(), "sampled");
  EXPECT_EQ(profile.at("unit").as_string(), "milliseconds");
  const boost::json::array &samples = profile.at("samples").as_array();
  EXPECT_EQ(samples.size(), profile.at("weights").as_array().size());
  for (const boost::json::value &sample : samples)
    for (const boost::json::value &frame : sample.as_array())
      EXPECT_LT(frame.as_int64(), int64_t(frames.size()));
}

STRATA_ENGINE_TESTS(SamplingTest);

} // namespace
} // namespace strata::test
