// `counters`: fixed thresholds. A function is compiled after `calls` calls; after `loops`
// back-edges (all its loops together) the loop running is compiled for OSR, or the function
// when OSR is off; `specialize` compiles each continuation for the one entry that asked for it.
// With a baseline tier in the chain, a function moves there after `baseline-calls` calls or
// `baseline-loops` back-edges, unless the optimizing tier's threshold comes first.
#include "Builtins.h"

namespace strata::tiering::detail {
namespace {

constexpr int32_t kOsrPriority = 10; // a loop running now gains at once; a call only later

class CountersPolicy final : public TieringPolicy {
public:
  CountersPolicy(int64_t calls, int64_t loops, bool osr, bool specialize, int64_t rootWait,
                 int64_t baselineCalls, int64_t baselineLoops)
      : calls_(std::clamp<int64_t>(calls, 1, kNever)),
        loops_(std::clamp<int64_t>(loops, 1, kNever)), osr_(osr), specialize_(specialize),
        rootWait_(uint32_t(std::min<int64_t>(rootWait, UINT32_MAX))),
        baselineCalls_(std::clamp<int64_t>(baselineCalls, 1, kNever)),
        baselineLoops_(std::clamp<int64_t>(baselineLoops, 1, kNever)) {}

  std::string describe() const override {
    return "counters:calls=" + std::to_string(calls_) + ",loops=" + std::to_string(loops_) +
           ",osr=" + formatFlag(osr_) + ",specialize=" + formatFlag(specialize_) +
           ",root-wait=" + std::to_string(rootWait_) +
           ",baseline-calls=" + std::to_string(baselineCalls_) +
           ",baseline-loops=" + std::to_string(baselineLoops_);
  }

  Decision initial(const FunctionProfile &function) override {
    if (function.baselineNext)
      return rearm(std::min(calls_, baselineCalls_), std::min(loops_, baselineLoops_));
    return rearm(calls_, loops_);
  }

  Decision onCall(const FunctionProfile &function, const CompilerState &compiler) override {
    if (function.baselineNext && function.calls < uint64_t(calls_))
      return toBaseline(function, "calls>=" + std::to_string(baselineCalls_));
    // With OSR, loops still count after the function is queued: frames already running stay
    // interpreted until they reach a hot loop's back-edge.
    Decision decision =
        rearm(kNever, osr_ ? untilNextMultiple(function.backEdges, loops_) : kNever);
    if (function.compileRequested)
      return decision;
    decision.action = Decision::Action::Compile;
    decision.reason = "calls>=" + std::to_string(calls_);
    decision.baseline = meanwhileInBaseline(function, compiler);
    return decision;
  }

  Decision onBackEdge(const FunctionProfile &function, const LoopProfile &loop,
                      const CompilerState &compiler) override {
    if (function.baselineNext && function.backEdges < uint64_t(loops_))
      return toBaseline(function, "back-edges>=" + std::to_string(baselineLoops_));
    std::string reason = "back-edges>=" + std::to_string(loops_);
    if (!osr_) {
      Decision decision = rearm(kNever, kNever);
      if (!function.compileRequested) {
        decision.action = Decision::Action::Compile;
        decision.reason = std::move(reason);
        decision.baseline = meanwhileInBaseline(function, compiler);
      }
      return decision;
    }
    // Another loop of the function may become hot: keep counting.
    if (loop.osrRequested)
      return rearm(function.compileRequested ? kNever : untilNextMultiple(function.calls, calls_),
                   loops_);
    Decision decision = rearm(kNever, loops_);
    decision.action = Decision::Action::CompileOsr;
    decision.alsoCompileFunction = !function.compileRequested;
    decision.specialize = specialize_;
    decision.rootWait = rootWait_;
    decision.priority = kOsrPriority;
    decision.reason = std::move(reason);
    decision.baseline = meanwhileInBaseline(function, compiler);
    return decision;
  }

private:
  /// A notification before the optimizing tier's thresholds: the baseline tier's came first.
  /// The countdowns go on towards the optimizing tier's.
  Decision toBaseline(const FunctionProfile &function, std::string reason) const {
    Decision decision =
        rearm(function.compileRequested ? kNever : untilNextMultiple(function.calls, calls_),
              untilNextMultiple(function.backEdges, loops_));
    decision.baseline = true;
    decision.reason = std::move(reason);
    return decision;
  }

  /// Optimized code compiled in the background leaves the function running until it
  /// arrives: in baseline code rather than the interpreter.
  static bool meanwhileInBaseline(const FunctionProfile &function,
                                  const CompilerState &compiler) {
    return function.baselineNext && compiler.threads > 0;
  }

  int64_t calls_;
  int64_t loops_;
  bool osr_;
  bool specialize_;
  uint32_t rootWait_;
  int64_t baselineCalls_;
  int64_t baselineLoops_;
};

} // namespace

Expected<std::unique_ptr<TieringPolicy>> createCountersPolicy(PolicySettings &settings) {
  int64_t calls = 1000, loops = 10000, rootWait = kDefaultRootWait;
  int64_t baselineCalls = 10, baselineLoops = 1000;
  bool osr = true, specialize = false;
  if (Status status = firstError(
          {settings.read("calls", calls), settings.read("loops", loops), settings.read("osr", osr),
           settings.read("specialize", specialize), settings.read("root-wait", rootWait),
           settings.read("baseline-calls", baselineCalls),
           settings.read("baseline-loops", baselineLoops)});
      !status)
    return status.takeError();
  return std::unique_ptr<TieringPolicy>(std::make_unique<CountersPolicy>(
      calls, loops, osr, specialize, rootWait, baselineCalls, baselineLoops));
}

} // namespace strata::tiering::detail
