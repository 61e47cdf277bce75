// The engine registry: engines by name, each with a description and a factory, so tools, tests
// and benchmarks choose a tier by name. The tiers register under kInterpEngine, kBaselineEngine,
// kJitEngine and kTieredEngine; registerBuiltinEngines() (BuiltinEngines.h) registers every tier linked in.
// Thread-safe. Depends on engine/Engine.h.
#pragma once

#include "strata/engine/Engine.h"
#include "strata/support/Error.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace strata::engine {

inline constexpr std::string_view kInterpEngine = "interp";
inline constexpr std::string_view kBaselineEngine = "baseline";
inline constexpr std::string_view kJitEngine = "jit";
inline constexpr std::string_view kTieredEngine = "tiered";

/// Settings for a new engine, as "key" -> "value" text, so the CLI and experiments can pass
/// tier-specific knobs (policy, thresholds, bounds-check strategy) through one interface. A
/// factory reads each key it knows through get(), set or not; EngineRegistry::create then
/// refuses settings that no get() asked for, naming the keys the engine reads. One key is
/// common to every engine and never refused: "stats" (`on`: keep statistics; an engine that
/// keeps none ignores it).
struct EngineOptions {
  std::map<std::string, std::string, std::less<>> settings;

  /// The setting's value, or `fallback` when unset; notes `key` as one the engine reads.
  std::string get(std::string_view key, std::string_view fallback = {}) const;
  /// The keys get() has been asked for, sorted.
  std::vector<std::string> readKeys() const;
  /// The settings get() has not been asked for, sorted (without the common "stats").
  std::vector<std::string> unreadKeys() const;

private:
  mutable std::set<std::string, std::less<>> read_;
};

using EngineFactory =
    std::function<Expected<std::unique_ptr<Engine>>(const EngineOptions &options)>;

struct EngineInfo {
  std::string name;
  std::string description;
};

/// Engines by name. The free functions below use the program's global registry; a separate
/// one is for tests and for embedders that want their own set.
class EngineRegistry {
public:
  static EngineRegistry &global();

  /// Registers (or replaces) the engine `name`.
  void add(std::string name, std::string description, EngineFactory factory);
  /// Removes the engine `name`; false when it was not registered.
  bool remove(std::string_view name);
  bool contains(std::string_view name) const;
  /// A new engine of the given name, or an error naming the registered engines, or one naming
  /// the settings the engine does not read.
  Expected<std::unique_ptr<Engine>> create(std::string_view name,
                                           const EngineOptions &options = {}) const;
  /// Registered names, sorted.
  std::vector<std::string> names() const;
  std::vector<EngineInfo> engines() const;

private:
  struct Entry {
    std::string description;
    EngineFactory factory;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> engines_;
};

// The global registry.
void registerEngine(std::string name, std::string description, EngineFactory factory);
bool unregisterEngine(std::string_view name);
Expected<std::unique_ptr<Engine>> createEngine(std::string_view name,
                                               const EngineOptions &options = {});
std::vector<std::string> engineNames();
std::vector<EngineInfo> registeredEngines();
bool isEngineRegistered(std::string_view name);

} // namespace strata::engine
