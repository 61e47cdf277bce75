// The baseline interpreter tier behind the engine interfaces (engine/Engine.h): an Engine that
// translates each validated module once (Translator.h), a ModuleEngine per instance holding the
// flattened InstanceContext, and a CallEngine per function and thread owning a Machine
// (Interpreter.h). Registered as "interp". Depends on engine/ and the rest of interp/.
#pragma once

#include "strata/engine/Engine.h"
#include "strata/engine/Registry.h"
#include "strata/interp/Code.h"
#include "strata/interp/Interpreter.h"
#include "strata/interp/Translator.h"

#include <memory>

namespace strata::interp {

struct InterpOptions {
  MachineConfig machine;
  TranslationMode translation = TranslationMode::Lazy;
  TranslationOptions optimizations;
  /// A native tier over the interpreter's frames (the baseline tier), and the engine's name
  /// with it.
  std::shared_ptr<FrameCompiler> frameCompiler;
  /// The frame compiler runs when a tiered engine asks (CompiledModule::ensureFrameCode), not
  /// at each function's translation.
  bool framesOnRequest = false;
  std::string name = "interp";
};

/// Reads the interpreter's settings: "translate" (`lazy`, the default, or `eager`), "fusion"
/// (`on`, the default, or `off`: TranslationOptions) and "stack-slots" (value stack size in
/// 64-bit slots); "perf-map", "jitdump" and "gdb" (`on`/`off`) are accepted and write nothing,
/// since the interpreter has no native code (the baseline engine acts on the first two).
Expected<InterpOptions> parseInterpOptions(const engine::EngineOptions &options);

std::unique_ptr<engine::Engine> createInterpEngine(InterpOptions options = {});

/// What a frame compiler compiled after `translated`, as the "compilation" statistics (JSON)
/// of an engine that runs it: units, Wasm and native bytes, the time of translation and of
/// compilation, and the cost per Wasm byte.
std::string frameCompileStatsJson(const TranslationStats &translated,
                                  const FrameCompiler &compiler, TranslationMode mode);

/// The interpreter state of an instance run by an interp engine, or null.
InstanceContext *interpContext(runtime::ModuleInstance &instance);

/// The compiled code of an instance run by an interp engine, or null: for tests and tools.
const CompiledModule *interpCode(runtime::ModuleInstance &instance);

} // namespace strata::interp

namespace strata::engine {
/// Registers the "interp" engine (BuiltinEngines.def).
void registerInterpEngine();
} // namespace strata::engine
