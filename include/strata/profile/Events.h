// The one event stream of the tiered engine (DESIGN decision 10): tier-up requests,
// compilations with their queue wait, time per stage and code size, code installation, OSR
// entries and traps all reach an EventSink. Emitters hold an EventStream, whose `enabled()`
// is one load and a predictable branch when nobody listens. Depends on nothing but the
// standard library.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace strata::profile {

enum class EventKind : uint8_t {
  TierUpRequest, // a policy asked for a compilation
  CompileStart,  // a compile thread (or the caller, synchronously) took the request
  CompileEnd,    // the compilation finished, or failed (error)
  CodeInstalled, // native code became callable through the switchboard
  OsrEntry,      // an interpreter frame continued in native code at a loop header
  Trap,          // a call ended in a trap
};

/// "tier-up-request", "compile-start", ...
const char *eventKindName(EventKind kind);

/// Whether events of this kind say which tier compiles (Event::tier).
inline bool carriesTier(EventKind kind) {
  return kind == EventKind::TierUpRequest || kind == EventKind::CompileStart ||
         kind == EventKind::CompileEnd || kind == EventKind::CodeInstalled;
}

/// Seconds spent in each stage of the MLIR tier (mlirtier::StageTimes without its headers).
struct StageSeconds {
  double frontend = 0;
  double mlirPasses = 0;
  double toLlvmIr = 0;
  double llvmOpt = 0;
  double codegen = 0;
  double stencils = 0; // the baseline tier's: copying and patching stencils
  double total() const { return frontend + mlirPasses + toLlvmIr + llvmOpt + codegen + stencils; }
};

/// Event::tier's values: the tier a request, compilation or installation is for: the MLIR tier,
/// or the chain's frame tier by its registered name (interp/FrameTiers.h), `baseline` built in.
inline constexpr std::string_view kOptimizingTier = "optimizing";
inline constexpr std::string_view kBaselineTier = "baseline";

/// One event. Fields a kind does not use keep their defaults; the views live as long as the
/// record() call.
struct Event {
  EventKind kind = EventKind::TierUpRequest;
  uint64_t timeNs = 0;         // since the stream started
  std::string_view module;     // the instance's name
  uint32_t function = 0;       // index in the module's function index space
  int32_t loop = -1;           // an OSR loop (index into the function's loops), else -1
  uint32_t functions = 1;      // functions in the compilation unit (a batch may hold many)
  /// TierUpRequest, CompileStart, CompileEnd, CodeInstalled: the tier compiling.
  std::string_view tier = kOptimizingTier;
  // TierUpRequest
  std::string_view reason;     // the policy's words: "calls>=1000", "budget", "eager", ...
  int32_t priority = 0;        // higher runs first
  bool background = false;
  // CompileEnd
  uint64_t queueWaitNs = 0;
  StageSeconds stages;
  uint64_t codeBytes = 0;
  uint64_t wasmBytes = 0;
  bool ok = true;
  std::string_view message;    // CompileEnd: the error; Trap: the trap's message
};

/// Receives events, from any thread: implementations synchronize themselves.
class EventSink {
public:
  virtual ~EventSink() = default;
  virtual void record(const Event &event) = 0;
  /// Called once no more events come (the engine goes away).
  virtual void flush() {}
};

/// What emitters hold: the sinks of one engine and the clock they share.
class EventStream {
public:
  EventStream() : start_(std::chrono::steady_clock::now()) {}

  bool enabled() const { return enabled_.load(std::memory_order_relaxed); }
  void addSink(std::shared_ptr<EventSink> sink) {
    std::lock_guard lock(mutex_);
    sinks_.push_back(std::move(sink));
    enabled_.store(true, std::memory_order_relaxed);
  }
  /// Stamps `event` with the time and hands it to every sink. Call only when enabled().
  void emit(Event event) {
    event.timeNs = nowNs();
    std::lock_guard lock(mutex_);
    for (const auto &sink : sinks_)
      sink->record(event);
  }
  void flush() {
    std::lock_guard lock(mutex_);
    for (const auto &sink : sinks_)
      sink->flush();
  }
  uint64_t nowNs() const {
    return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - start_)
                        .count());
  }

private:
  std::atomic<bool> enabled_{false};
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<EventSink>> sinks_;
};

} // namespace strata::profile
