// registerBuiltinEngines(): registers every tier listed in BuiltinEngines.def. It is inline, in
// the manner of LLVM's InitializeAllTargets, so the engine library never depends on the tiers
// (which depend on it); only a program that calls it links them. Idempotent and thread-safe.
#pragma once

#include "strata/engine/Registry.h"

#include <mutex>

namespace strata::engine {

#define STRATA_ENGINE(Tier) void register##Tier##Engine();
#include "strata/engine/BuiltinEngines.def"

inline void registerBuiltinEngines() {
  static std::once_flag once;
  std::call_once(once, [] {
#define STRATA_ENGINE(Tier) register##Tier##Engine();
#include "strata/engine/BuiltinEngines.def"
  });
}

} // namespace strata::engine
