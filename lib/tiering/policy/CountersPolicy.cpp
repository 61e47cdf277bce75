// `counters`: fixed thresholds. A function is compiled after `calls` calls; after `loops`
// back-edges (all its loops together) the loop running is compiled for OSR, or the function
// when OSR is off; `specialize` compiles each continuation for the one entry that asked for it.
#include "Builtins.h"

namespace strata::tiering::detail {
namespace {

constexpr int32_t kOsrPriority = 10; // a loop running now gains at once; a call only later

class CountersPolicy final : public TieringPolicy {
public:
  CountersPolicy(int64_t calls, int64_t loops, bool osr, bool specialize, int64_t rootWait)
      : calls_(std::clamp<int64_t>(calls, 1, kNever)),
        loops_(std::clamp<int64_t>(loops, 1, kNever)), osr_(osr), specialize_(specialize),
        rootWait_(uint32_t(std::min<int64_t>(rootWait, UINT32_MAX))) {}

  std::string describe() const override {
    return "counters:calls=" + std::to_string(calls_) + ",loops=" + std::to_string(loops_) +
           ",osr=" + formatFlag(osr_) + ",specialize=" + formatFlag(specialize_) +
           ",root-wait=" + std::to_string(rootWait_);
  }

  Decision initial(const FunctionProfile &) override { return rearm(calls_, loops_); }

  Decision onCall(const FunctionProfile &function, const CompilerState &) override {
    // With OSR, loops still count after the function is queued: frames already running stay
    // interpreted until they reach a hot loop's back-edge.
    Decision decision =
        rearm(kNever, osr_ ? untilNextMultiple(function.backEdges, loops_) : kNever);
    if (function.compileRequested)
      return decision;
    decision.action = Decision::Action::Compile;
    decision.reason = "calls>=" + std::to_string(calls_);
    return decision;
  }

  Decision onBackEdge(const FunctionProfile &function, const LoopProfile &loop,
                      const CompilerState &) override {
    std::string reason = "back-edges>=" + std::to_string(loops_);
    if (!osr_) {
      Decision decision = rearm(kNever, kNever);
      if (!function.compileRequested) {
        decision.action = Decision::Action::Compile;
        decision.reason = std::move(reason);
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
    return decision;
  }

private:
  int64_t calls_;
  int64_t loops_;
  bool osr_;
  bool specialize_;
  uint32_t rootWait_;
};

} // namespace

Expected<std::unique_ptr<TieringPolicy>> createCountersPolicy(PolicySettings &settings) {
  int64_t calls = 1000, loops = 10000, rootWait = kDefaultRootWait;
  bool osr = true, specialize = false;
  if (Status status = firstError({settings.read("calls", calls), settings.read("loops", loops),
                                  settings.read("osr", osr),
                                  settings.read("specialize", specialize),
                                  settings.read("root-wait", rootWait)});
      !status)
    return status.takeError();
  return std::unique_ptr<TieringPolicy>(
      std::make_unique<CountersPolicy>(calls, loops, osr, specialize, rootWait));
}

} // namespace strata::tiering::detail
