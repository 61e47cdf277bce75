// Totals of the event stream for one run: tier-ups, compilations and their cost per stage,
// installs, OSR entries and traps, printed at the end as one JSON object or a short table
// (docs/profiling.md). Depends on profile/Events.h only.
#pragma once

#include "strata/profile/Events.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace strata::profile {

/// Time a run spent in each tier, measured by the engine rather than by events.
struct TierTimes {
  double interpreterSeconds = 0;
  double nativeSeconds = 0;
};

/// One function's call count, for the summary's hottest functions.
struct FunctionCount {
  std::string name; // may be empty
  uint32_t function = 0;
  uint64_t calls = 0;
  bool native = false; // whether it ended the run in native code
};

/// What a StatsCollector has counted so far.
struct Stats {
  uint64_t tierUps = 0;
  std::map<std::string, uint64_t> tierUpsByReason;
  struct Compilations {
    uint64_t count = 0; // compile-end events, failed ones included
    uint64_t failed = 0;
    uint64_t functions = 0; // functions in the successful compilations
    uint64_t osr = 0;       // successful compilations of an OSR continuation (loop >= 0)
    double seconds = 0;     // all stages of every compilation, failed ones included
    StageSeconds stages;
    uint64_t queueWaitNsTotal = 0;
    uint64_t queueWaitNsMax = 0;
    uint64_t codeBytes = 0; // of the successful compilations
    uint64_t wasmBytes = 0;
  } compilations;
  /// The baseline tier's moves (a tiered chain with the interpreter below it).
  struct Baseline {
    uint64_t tierUps = 0;
    uint64_t failed = 0;
    uint64_t functions = 0; // compiled
    double seconds = 0;
    uint64_t codeBytes = 0;
    uint64_t wasmBytes = 0;
  } baseline;
  uint64_t installs = 0;
  uint64_t osrEntries = 0;
  std::map<std::pair<uint32_t, int32_t>, uint64_t> osrEntriesByLoop; // (function, loop)
  uint64_t traps = 0;
};

/// Aggregates events into Stats. Safe to call from any thread.
class StatsCollector : public EventSink {
public:
  static constexpr size_t kTopFunctions = 10;

  void record(const Event &event) override;

  /// A copy of the totals so far.
  Stats stats() const;

  /// One JSON object; `topByCalls` is sorted by calls (most first) and cut to kTopFunctions.
  std::string summaryJson(const TierTimes &times, std::vector<FunctionCount> topByCalls) const;
  /// The same content as a short table for a terminal, ending in a newline.
  std::string summaryText(const TierTimes &times, std::vector<FunctionCount> topByCalls) const;

private:
  mutable std::mutex mutex_;
  Stats stats_;
};

} // namespace strata::profile
