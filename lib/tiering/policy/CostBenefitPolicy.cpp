// `costbenefit`, the default: after the cost-benefit model of Jikes RVM's adaptive optimization
// system. The interpreted work a function has done so far predicts the work still to come;
// compiling pays when the interpreter time that work would save exceeds the compile cost
// (compile time plus the wait in the compile queue). Benefit and cost both grow with the
// function's size, so at equal interpreter time small functions tier up first, and a long
// queue defers everyone. Notifications follow a doubling schedule, so a function that never
// pays is asked about a logarithmic number of times. With a baseline tier in the chain, the same
// rule moves a function from the interpreter to baseline code: when the interpreter time its
// work so far would have saved there exceeds the baseline tier's compile time.
#include "Builtins.h"

#include <atomic>
#include <cstdio>
#include <limits>

namespace strata::tiering::detail {
namespace {

constexpr int32_t kOsrPriority = 10;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct Knobs {
  double interpNs = 2.0;        // interpreter time per byte of Wasm executed
  double speedup = 10;          // native code over the interpreter
  double compileUsPerByte = 60; // until the engine has measured its own
  int64_t first = 100;          // calls before the first notification; back-edges: 10x
  bool osr = true;
  /// OSR for a function's first activation compiles the continuation for that entry alone
  /// (Decision::specialize): constants from its frame make the code as good as the function's.
  bool specialize = true;
  /// Decision::rootWait.
  int64_t rootWait = kDefaultRootWait;
  /// With background threads, a continuation for a first activation also queues the functions
  /// it calls (Decision::compileCallees), so that they are native when it first calls them.
  bool callees = true;
  /// The share of its compile time a compilation costs when a background thread does it: the
  /// program runs on meanwhile, and loses only when the code arrives too late to pay off.
  double backgroundCost = 0.25;
  /// The longest compile, in milliseconds, the program's own thread stops for while a
  /// background thread could do it instead: a continuation for one entry whose compile is
  /// estimated longer is compiled for every entry, in the background. The suite's kernels
  /// compile theirs in 35-150 ms; a large function's (bzip2's decompressor, 22 KB) takes
  /// seconds, in a run the interpreter finishes in 0.4 s.
  double maxPauseMs = 250;
  /// The baseline tier: its compile time per byte of Wasm (the stencils; the function is
  /// translated already), and its code's speed over the interpreter's.
  double baselineNsPerByte = 15;
  double baselineSpeedup = 2.5;
};

/// "1.25ms": seconds for a reason string.
std::string formatMs(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.3gms", seconds * 1e3);
  return buffer;
}

/// Events from `count` to the next target of the schedule first, 2*first, 4*first, ...; a
/// function of the count alone, so a notification of one kind can re-arm the other.
int64_t untilDoubling(uint64_t count, int64_t first) {
  uint64_t target = uint64_t(std::clamp<int64_t>(first, 1, kNever));
  while (target <= count && target < uint64_t(kNever))
    target *= 2;
  return target <= count ? kNever : int64_t(std::min<uint64_t>(target - count, kNever));
}

/// The next countdown: the doubling target, or sooner when the break-even point (benefit
/// equals cost `needed` events on, as the cost stands now) comes first, but at least count/4
/// events on, so the number of notifications stays logarithmic however the cost moves.
int64_t schedule(uint64_t count, int64_t first, double needed) {
  int64_t high = untilDoubling(count, first);
  int64_t low = std::min<int64_t>(high, std::max<int64_t>(1, int64_t(count / 4)));
  // The first event past the break-even point, where the benefit exceeds the cost.
  return std::clamp(countdown(std::floor(needed) + 1), low, high);
}

class CostBenefitPolicy final : public TieringPolicy {
public:
  explicit CostBenefitPolicy(const Knobs &knobs)
      : knobs_(knobs), savedPerByte_(knobs.interpNs * 1e-9 * (1 - 1 / knobs.speedup)),
        firstCalls_(std::clamp<int64_t>(knobs.first, 1, kNever)),
        firstBackEdges_(std::clamp<int64_t>(firstCalls_ * 10, 1, kNever)),
        baselineSavedPerByte_(knobs.interpNs * 1e-9 * (1 - 1 / knobs.baselineSpeedup)) {}

  std::string describe() const override {
    return "costbenefit:interp-ns=" + formatNumber(knobs_.interpNs) +
           ",speedup=" + formatNumber(knobs_.speedup) +
           ",compile-us-per-byte=" + formatNumber(knobs_.compileUsPerByte) +
           ",first=" + std::to_string(knobs_.first) + ",osr=" + formatFlag(knobs_.osr) +
           ",specialize=" + formatFlag(knobs_.specialize) +
           ",root-wait=" + std::to_string(knobs_.rootWait) +
           ",callees=" + formatFlag(knobs_.callees) +
           ",background-cost=" + formatNumber(knobs_.backgroundCost) +
           ",max-pause=" + formatNumber(knobs_.maxPauseMs) +
           ",baseline-ns-per-byte=" + formatNumber(knobs_.baselineNsPerByte) +
           ",baseline-speedup=" + formatNumber(knobs_.baselineSpeedup);
  }

  Decision initial(const FunctionProfile &function) override {
    return withBaseline(rearm(firstCalls_, firstBackEdges_), function);
  }

  Decision onCall(const FunctionProfile &function, const CompilerState &compiler) override {
    return withBaseline(decideOnCall(function, compiler), function);
  }

  Decision onBackEdge(const FunctionProfile &function, const LoopProfile &loop,
                      const CompilerState &compiler) override {
    return withBaseline(decideOnBackEdge(function, loop, compiler), function);
  }

private:
  /// The optimizing tier's decision; the baseline tier's is withBaseline's.
  Decision decideOnCall(const FunctionProfile &function, const CompilerState &compiler) {
    int64_t nextBackEdges =
        knobs_.osr ? untilDoubling(function.backEdges, firstBackEdges_) : kNever;
    if (function.compileRequested)
      return rearm(kNever, nextBackEdges);
    double cost = compileCost(function, compiler);
    double work = pastWork(function);
    double benefit = saved(work, compiler);
    if (benefit > cost)
      return request(Decision::Action::Compile, function, benefit, cost, kNever, nextBackEdges);
    double neededCalls = (cost / savedPerByte_ - work) / std::max(1u, function.codeBytes);
    return rearm(schedule(function.calls, firstCalls_, neededCalls),
                 untilDoubling(function.backEdges, firstBackEdges_));
  }

  Decision decideOnBackEdge(const FunctionProfile &function, const LoopProfile &loop,
                            const CompilerState &compiler) {
    double cost = compileCost(function, compiler);
    double neededBackEdges = kInfinity;
    // The loop alone must pay for compiling its continuation.
    if (knobs_.osr && !loop.osrRequested) {
      double loopWork = double(loop.backEdges) * loop.bodyBytes;
      double loopBenefit = saved(loopWork, compiler);
      if (loopBenefit > cost)
        return requestOsr(function, loop, compiler, loopBenefit, cost);
      neededBackEdges = (cost / savedPerByte_ - loopWork) / std::max(1u, loop.bodyBytes);
    }
    if (!function.compileRequested) {
      double work = pastWork(function);
      double benefit = saved(work, compiler);
      if (benefit > cost) {
        // An activation that runs this long gains from OSR now; compiling the function alone
        // would only help its later calls, and holds up the compile queue meanwhile.
        if (knobs_.osr && !loop.osrRequested)
          return requestOsr(function, loop, compiler, benefit, cost);
        // With OSR asked for, the function itself helps only later calls.
        if (!knobs_.osr || function.calls > 1)
          return request(Decision::Action::Compile, function, benefit, cost, kNever,
                         knobs_.osr ? schedule(function.backEdges, firstBackEdges_, kInfinity)
                                    : kNever);
      }
      neededBackEdges =
          std::min(neededBackEdges, (cost / savedPerByte_ - work) / bytesPerBackEdge(function));
    }
    if (function.compileRequested && !knobs_.osr)
      return rearm(kNever, kNever);
    return rearm(function.compileRequested ? kNever : untilDoubling(function.calls, firstCalls_),
                 schedule(function.backEdges, firstBackEdges_, neededBackEdges));
  }

  /// Moves an interpreted function to the baseline tier once its work so far would have paid
  /// for compiling it there (the past predicts the future, as for the optimizing tier), and
  /// otherwise asks again no later than when it will have.
  Decision withBaseline(Decision decision, const FunctionProfile &function) const {
    if (!function.baselineNext)
      return decision;
    double cost = function.codeBytes * knobs_.baselineNsPerByte * 1e-9;
    double work = pastWork(function);
    double benefit = work * baselineSavedPerByte_;
    if (benefit >= cost) {
      decision.baseline = true;
      if (decision.action == Decision::Action::None)
        decision.reason =
            "baseline benefit " + formatMs(benefit) + " >= cost " + formatMs(cost);
      return decision;
    }
    double needed = cost / baselineSavedPerByte_ - work;
    decision.nextCalls = std::min(
        decision.nextCalls, countdown(needed / std::max(1u, function.codeBytes)));
    if (function.numLoops)
      decision.nextBackEdges =
          std::min(decision.nextBackEdges, countdown(needed / bytesPerBackEdge(function)));
    return decision;
  }

  /// Whether an OSR request should compile the whole function too. For an activation that is
  /// the function's only call so far (a kernel, the top of a recursion) only when Wasm code
  /// called it, which may call it again (or it itself, recursing), and a background thread
  /// can compile it while the continuation for this entry is compiled. A function the host
  /// called (a program's entry) would only compete with that compile for the machine; its
  /// later calls still ask for it.
  bool alsoCompile(const FunctionProfile &function, const LoopProfile &loop,
                   const CompilerState &compiler) const {
    if (function.compileRequested)
      return false;
    return function.calls > 1 || (specializes(function) && compiler.threads > 0 && loop.depth > 1);
  }

  /// Whether OSR should compile for the current entry alone: for the first activation, whose
  /// continuation no other activation would use before the function itself is compiled.
  bool specializes(const FunctionProfile &function) const {
    return knobs_.specialize && function.calls <= 1;
  }

  static double bytesPerBackEdge(const FunctionProfile &function) {
    if (function.numLoops == 0)
      return 1;
    double bytes = function.loopBodyBytes ? double(function.loopBodyBytes) : function.codeBytes;
    return std::max(1.0, bytes / function.numLoops);
  }

  /// Bytes interpreted so far: every call runs the body once, every back-edge a loop body.
  static double pastWork(const FunctionProfile &function) {
    return double(function.calls) * function.codeBytes +
           double(function.backEdges) * bytesPerBackEdge(function);
  }

  /// Seconds native code would have saved on `work` bytes interpreted: their interpreter time,
  /// but at most twice as long as the engine has been running (interp-ns is an average; the
  /// interpreter runs tight loops up to twice as fast). A loop whose iterations run a small
  /// part of its body, as a state machine's do, would otherwise count bytes it never ran:
  /// bzip2's decompressor claimed 400 ms of work 30 ms into the run.
  double saved(double work, const CompilerState &compiler) const {
    double interpreted = work * knobs_.interpNs * 1e-9;
    if (compiler.runSeconds > 0)
      interpreted = std::min(interpreted, 2 * compiler.runSeconds);
    return interpreted * (1 - 1 / knobs_.speedup);
  }

  double secondsPerByte(const CompilerState &compiler) const {
    return compiler.secondsPerByte > 0 ? compiler.secondsPerByte : knobs_.compileUsPerByte * 1e-6;
  }

  /// Seconds the program loses: its own compile (a share of it when a background thread
  /// compiles), after the requests queued before it (priced at the average size of this
  /// policy's requests so far) drain through the threads. Without threads the program itself
  /// compiles, and pays the whole time.
  double compileCost(const FunctionProfile &function, const CompilerState &compiler) const {
    double perByte = secondsPerByte(compiler);
    uint64_t requests = requests_.load(std::memory_order_relaxed);
    double averageBytes = requests
                              ? double(requestedBytes_.load(std::memory_order_relaxed)) / requests
                              : double(function.codeBytes);
    double wait = double(compiler.queued) * averageBytes * perByte / std::max(1u, compiler.threads);
    double own = function.codeBytes * perByte * (compiler.threads ? knobs_.backgroundCost : 1.0);
    return own + wait;
  }

  Decision requestOsr(const FunctionProfile &function, const LoopProfile &loop,
                      const CompilerState &compiler, double benefit, double cost) {
    Decision decision = request(Decision::Action::CompileOsr, function, benefit, cost, kNever,
                                schedule(function.backEdges, firstBackEdges_, kInfinity));
    decision.alsoCompileFunction = alsoCompile(function, loop, compiler);
    decision.specialize = specializes(function);
    if (decision.specialize && compiler.threads > 0) {
      double pause = function.codeBytes * secondsPerByte(compiler);
      if (pause * 1e3 > knobs_.maxPauseMs) {
        decision.specialize = false;
        decision.reason += "; for every entry, in the background: for this entry alone the "
                           "program would stop for " + formatMs(pause);
      }
    }
    decision.rootWait = uint32_t(std::min<int64_t>(knobs_.rootWait, UINT32_MAX));
    decision.compileCallees = knobs_.callees && decision.specialize && compiler.threads > 0;
    decision.priority = kOsrPriority;
    return decision;
  }

  Decision request(Decision::Action action, const FunctionProfile &function, double benefit,
                   double cost, int64_t nextCalls, int64_t nextBackEdges) {
    requests_.fetch_add(1, std::memory_order_relaxed);
    requestedBytes_.fetch_add(function.codeBytes, std::memory_order_relaxed);
    Decision decision = rearm(nextCalls, nextBackEdges);
    decision.action = action;
    decision.reason = "benefit " + formatMs(benefit) + " > cost " + formatMs(cost);
    return decision;
  }

  Knobs knobs_;
  double savedPerByte_; // seconds saved per byte of work run natively instead
  int64_t firstCalls_;
  int64_t firstBackEdges_;
  double baselineSavedPerByte_; // seconds saved per byte of work run in baseline code instead
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> requestedBytes_{0};
};

} // namespace

Expected<std::unique_ptr<TieringPolicy>> createCostBenefitPolicy(PolicySettings &settings) {
  Knobs knobs;
  if (Status status = firstError({settings.read("interp-ns", knobs.interpNs),
                                  settings.read("speedup", knobs.speedup),
                                  settings.read("compile-us-per-byte", knobs.compileUsPerByte),
                                  settings.read("first", knobs.first),
                                  settings.read("osr", knobs.osr),
                                  settings.read("specialize", knobs.specialize),
                                  settings.read("root-wait", knobs.rootWait),
                                  settings.read("callees", knobs.callees),
                                  settings.read("background-cost", knobs.backgroundCost),
                                  settings.read("max-pause", knobs.maxPauseMs),
                                  settings.read("baseline-ns-per-byte", knobs.baselineNsPerByte),
                                  settings.read("baseline-speedup", knobs.baselineSpeedup)});
      !status)
    return status.takeError();
  for (auto [key, value] : {std::pair{"speedup", knobs.speedup},
                            std::pair{"baseline-speedup", knobs.baselineSpeedup}})
    if (value < 1)
      return Error(std::string("policy costbenefit: ") + key + " must be at least 1, got `" +
                   settings.values.find(key)->second + "`");
  return std::unique_ptr<TieringPolicy>(std::make_unique<CostBenefitPolicy>(knobs));
}

} // namespace strata::tiering::detail
