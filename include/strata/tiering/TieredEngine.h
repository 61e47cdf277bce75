// The `tiered` engine: modules start in the interpreter; a tiering policy (Policy.h) watches
// calls and loop back-edges and has hot functions compiled by the MLIR tier, in the background
// or synchronously; finished code is installed in the switchboard, and a function running a
// hot loop continues in native code through an OSR continuation function (DESIGN decisions 8
// and 9). Everything it does goes through one event stream (profile/Events.h). Free of MLIR
// headers. Depends on interp/, mlir/ (Compiler.h, JitEngine.h, NativeEntry.h) and profile/.
#pragma once

#include "strata/engine/Engine.h"
#include "strata/engine/Registry.h"
#include "strata/interp/InterpEngine.h"
#include "strata/mlir/JitEngine.h"
#include "strata/profile/Events.h"

#include <memory>
#include <string>

namespace strata::tiering {

struct TieredOptions {
  interp::InterpOptions interp;
  mlirtier::JitOptions jit;
  /// The frame tier between the interpreter and the MLIR tier (interp/FrameTiers.h; its
  /// compiler is interp.frameCompiler), by name for events and statistics; empty: none.
  std::string frameTier;
  /// The policy as "NAME[:key=value,...]"; empty means the default policy.
  std::string policy;
  /// Background compile threads; 0 compiles on the thread that asks, deterministically.
  unsigned threads = 1;
  /// Write every event to this file as JSON lines (profile/JsonLines.h); empty: no file.
  std::string eventsFile;
  /// Write the events as a Chrome trace (profile/ChromeTrace.h) at the end; empty: no file.
  std::string traceFile;
  /// Keep statistics for Engine::statsJson(): time per tier, native call counts, totals.
  bool stats = false;
};

/// Reads the tiered engine's settings: "policy", "threads", "events", "stats" (`on`/`off`),
/// "tiers" (`interp,baseline,optimizing`, the default: functions start interpreted and the
/// policy moves them up through both native tiers; `baseline,optimizing`: the baseline tier's
/// code, compiled at a function's first call, below the MLIR tier; `interp,optimizing`: the
/// interpreter below; any frame tier registered with interp::registerFrameTier may stand where
/// `baseline` does), and the interp and jit engines' own settings.
Expected<TieredOptions> parseTieredOptions(const engine::EngineOptions &options);

Expected<std::unique_ptr<engine::Engine>> createTieredEngine(TieredOptions options = {});

/// Adds a sink to a tiered engine's event stream; false when `engine` is not a tiered engine.
bool addEventSink(engine::Engine &engine, std::shared_ptr<profile::EventSink> sink);

/// Waits until a tiered engine has run every compilation requested so far; for tests and
/// benchmarks that want a settled state. No-op for other engines.
void waitForCompilations(engine::Engine &engine);

} // namespace strata::tiering

namespace strata::engine {
/// Registers the "tiered" engine (BuiltinEngines.def).
void registerTieredEngine();
} // namespace strata::engine
