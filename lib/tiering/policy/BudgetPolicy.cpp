// `budget`: after V8's dynamic tiering for Wasm. Each function has a budget of interpreted work
// in bytes; calls charge the function's size and back-edges the loop body's size, and when the
// budget is spent the function is compiled. The engine notifies every `batch` events, so each
// notification charges `batch` events' worth of work. With a baseline tier in the chain, a
// function moves there at its first call or back-edge, as V8 compiles Liftoff code lazily.
#include "Builtins.h"

#include <atomic>

namespace strata::tiering::detail {
namespace {

constexpr int32_t kOsrPriority = 10;

class BudgetPolicy final : public TieringPolicy {
public:
  BudgetPolicy(int64_t budget, int64_t batch, bool osr)
      : budget_(budget), batch_(std::clamp<int64_t>(batch, 1, kNever)), osr_(osr) {}

  std::string describe() const override {
    return "budget:budget=" + std::to_string(budget_) + ",batch=" + std::to_string(batch_) +
           ",osr=" + formatFlag(osr_);
  }

  Decision initial(const FunctionProfile &function) override {
    return function.baselineNext ? rearm(1, 1) : rearm(batch_, batch_);
  }

  Decision onCall(const FunctionProfile &function, const CompilerState &) override {
    if (function.baselineNext)
      return toBaseline();
    int64_t nextBackEdges = osr_ ? batch_ : kNever;
    if (function.compileRequested)
      return rearm(kNever, nextBackEdges);
    if (!charge(function, batch_ * std::max<int64_t>(1, function.codeBytes)))
      return rearm(batch_, batch_);
    Decision decision = rearm(kNever, nextBackEdges);
    decision.action = Decision::Action::Compile;
    decision.reason = "budget";
    return decision;
  }

  Decision onBackEdge(const FunctionProfile &function, const LoopProfile &loop,
                      const CompilerState &) override {
    if (function.baselineNext)
      return toBaseline();
    bool wantOsr = osr_ && !loop.osrRequested;
    if (function.compileRequested && !wantOsr)
      return rearm(kNever, osr_ ? batch_ : kNever);
    // Once spent, a budget stays spent: a later loop gets OSR at its first notification.
    if (!charge(function, batch_ * std::max<int64_t>(1, loop.bodyBytes)))
      return rearm(function.compileRequested ? kNever : batch_, batch_);
    Decision decision = rearm(kNever, osr_ ? batch_ : kNever);
    decision.reason = "budget";
    if (wantOsr) {
      decision.action = Decision::Action::CompileOsr;
      decision.alsoCompileFunction = !function.compileRequested;
      decision.priority = kOsrPriority;
    } else {
      decision.action = Decision::Action::Compile;
    }
    return decision;
  }

private:
  Decision toBaseline() const {
    Decision decision = rearm(batch_, batch_);
    decision.baseline = true;
    decision.reason = "first-event";
    return decision;
  }

  /// Adds `work` to the function's spent work and says whether the budget is used up.
  /// *scratch holds the work spent so far, so its initial 0 needs no lazy initialization;
  /// the budget left is budget_ - spent. Atomic since the engine may notify concurrently.
  bool charge(const FunctionProfile &function, int64_t work) {
    int64_t local = 0;
    std::atomic_ref<int64_t> spent(function.scratch ? *function.scratch : local);
    int64_t before = spent.load(std::memory_order_relaxed);
    int64_t after;
    do {
      if (before >= budget_)
        return true;
      after = before > INT64_MAX - work ? INT64_MAX : before + work;
    } while (!spent.compare_exchange_weak(before, after, std::memory_order_relaxed));
    return after >= budget_;
  }

  int64_t budget_;
  int64_t batch_;
  bool osr_;
};

} // namespace

Expected<std::unique_ptr<TieringPolicy>> createBudgetPolicy(PolicySettings &settings) {
  int64_t budget = 1800000, batch = 64;
  bool osr = false;
  if (Status status = firstError({settings.read("budget", budget), settings.read("batch", batch),
                                  settings.read("osr", osr)});
      !status)
    return status.takeError();
  return std::unique_ptr<TieringPolicy>(std::make_unique<BudgetPolicy>(budget, batch, osr));
}

} // namespace strata::tiering::detail
