// Private to lib/tiering/policy: the built-in policies' factories (Policies.def lists them)
// and the helpers they share for countdowns and describe().
#pragma once

#include "strata/tiering/Policy.h"

#include <algorithm>
#include <cmath>

namespace strata::tiering::detail {

#define POLICY(name, factory, description)                                                         \
  Expected<std::unique_ptr<TieringPolicy>> factory(PolicySettings &settings);
#include "Policies.def"

/// A countdown from a count the engine can arm: at least 1, at most kNever.
inline int64_t countdown(double events) {
  if (!(events < double(kNever))) // also NaN
    return kNever;
  return std::max<int64_t>(1, int64_t(std::ceil(events)));
}

/// Events left until a fixed threshold, which a countdown of `threshold` first armed and
/// every later notification re-armed with the same step.
inline int64_t untilNextMultiple(uint64_t count, int64_t step) {
  if (step >= kNever)
    return kNever;
  if (count < uint64_t(step))
    return int64_t(uint64_t(step) - count);
  return step - int64_t(count % uint64_t(step));
}

/// "2", "0.5", "1e+20": the shortest text that reads back as `value`.
std::string formatNumber(double value);
inline const char *formatFlag(bool value) { return value ? "on" : "off"; }

/// The decision that changes nothing and asks again after the given countdowns.
inline Decision rearm(int64_t nextCalls, int64_t nextBackEdges) {
  Decision decision;
  decision.nextCalls = nextCalls;
  decision.nextBackEdges = nextBackEdges;
  return decision;
}

} // namespace strata::tiering::detail
