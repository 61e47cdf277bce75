// `never`: the interpreter only. Countdowns never run out, so the engine never asks.
#include "Builtins.h"

namespace strata::tiering::detail {
namespace {

class NeverPolicy final : public TieringPolicy {
public:
  std::string describe() const override { return "never"; }
  Decision initial(const FunctionProfile &) override { return rearm(kNever, kNever); }
  Decision onCall(const FunctionProfile &, const CompilerState &) override {
    return rearm(kNever, kNever);
  }
  Decision onBackEdge(const FunctionProfile &, const LoopProfile &,
                      const CompilerState &) override {
    return rearm(kNever, kNever);
  }
};

} // namespace

Expected<std::unique_ptr<TieringPolicy>> createNeverPolicy(PolicySettings &) {
  return std::unique_ptr<TieringPolicy>(std::make_unique<NeverPolicy>());
}

} // namespace strata::tiering::detail
