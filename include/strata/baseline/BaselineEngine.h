// The baseline tier: native code made by copy-and-patch from stencils that are compiled at
// build time (lib/baseline/stencils), one stencil per interpreter instruction, running on the
// interpreter's frames. As an engine ("baseline"), every function is translated and compiled
// at its first call; calls between its functions are native, and the interpreter's dispatch
// loop carries out the rest. Depends on interp/ and native/ (perf's files).
#pragma once

#include "strata/engine/Engine.h"
#include "strata/interp/InterpEngine.h"

#include <memory>

namespace strata::baseline {

/// The baseline compiler, for an interpreter-based engine to use (InterpOptions). With
/// `guardPages`, loads and stores have no bounds checks: the memories' guard regions fault.
/// With `tierAbove`, back-edges and calls count down the functions' countdowns for the tier
/// hooks (tier-up and OSR to a tier above); without, back-edges only poll and calls count
/// nothing.
std::shared_ptr<interp::FrameCompiler> createStencilCompiler(bool guardPages,
                                                             bool tierAbove = true);

/// Reads the interpreter's settings (parseInterpOptions) and adds the baseline compiler;
/// "bounds-checks" (`guard-pages`, the default, or `explicit`) chooses its bounds checks;
/// "perf-map" and "jitdump" start perf's files (native/PerfSupport.h).
Expected<std::unique_ptr<engine::Engine>> createBaselineEngine(const engine::EngineOptions &options);

} // namespace strata::baseline

namespace strata::engine {
/// Registers the "baseline" engine (BuiltinEngines.def).
void registerBaselineEngine();
} // namespace strata::engine
