// The execution context of one call from the embedder, on one thread: the store, the call depth
// and its limit, interruption (a flag another thread may set, and an optional deadline), and an
// opaque pointer for the embedder (WASI state, for instance). Depends on the standard library.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

namespace strata::runtime {

class Store;
class CallContext;

/// Takes samples of the running thread's Wasm call stack for a profiler: called by the thread
/// itself at a poll (function entry, loop back-edge) or when a host function returns, after
/// requestSample(). `ticks` counts the requests since the last sample, its weight.
class StackSampler {
public:
  virtual ~StackSampler() = default;
  virtual void takeSample(CallContext &context, uint32_t ticks) = 0;
};

class CallContext {
public:
  using Clock = std::chrono::steady_clock;
  static constexpr uint32_t kDefaultMaxCallDepth = 10000;
  /// Deadlines are checked against the clock once per this many polls, to keep polls cheap.
  static constexpr uint32_t kDeadlinePollInterval = 1024;

  explicit CallContext(Store &store, uint32_t maxCallDepth = kDefaultMaxCallDepth)
      : store_(store), maxCallDepth_(maxCallDepth) {}
  CallContext(const CallContext &) = delete;
  CallContext &operator=(const CallContext &) = delete;

  Store &store() const { return store_; }

  // Call depth: every tier enters a frame before running a function and leaves it after.
  uint32_t maxCallDepth() const { return maxCallDepth_; }
  void setMaxCallDepth(uint32_t depth) { maxCallDepth_ = depth; }
  uint32_t depth() const { return depth_; }
  /// Counts a new frame; false (counting nothing) when the limit is reached.
  bool enterFrame() {
    if (depth_ >= maxCallDepth_)
      return false;
    ++depth_;
    return true;
  }
  void leaveFrame() { --depth_; }
  /// Counts frames up to `target` depth at once (bounded by the limit); returns how many.
  uint32_t enterFramesUpTo(uint32_t target) {
    uint32_t reachable = target < maxCallDepth_ ? target : maxCallDepth_;
    if (reachable <= depth_)
      return 0;
    uint32_t entered = reachable - depth_;
    depth_ = reachable;
    return entered;
  }
  void leaveFrames(uint32_t count) { depth_ -= count; }

  /// Asks running code to stop with an "interrupted" trap; safe from any thread. The request
  /// stays until clearInterrupt(), so a cancelled context stays cancelled.
  void interrupt() {
    interrupted_.store(true);
    attention_.store(true);
  }
  void clearInterrupt() { interrupted_.store(false, std::memory_order_relaxed); }
  bool isInterruptRequested() const { return interrupted_.load(std::memory_order_relaxed); }
  /// The flag polls read, for native code that polls it directly: set while an interrupt or a
  /// sample is requested, so that a poll costs one load and a branch otherwise.
  const std::atomic<bool> *interruptFlag() const { return &attention_; }

  /// Profiling: `sampler` receives the samples requested of this context (null: none).
  void setSampler(StackSampler *sampler) { sampler_ = sampler; }
  StackSampler *sampler() const { return sampler_; }
  /// Asks the running code for a sample at its next poll; safe from any thread.
  void requestSample() {
    pendingSamples_.fetch_add(1);
    attention_.store(true);
  }
  bool isSampleRequested() const { return pendingSamples_.load(std::memory_order_relaxed) != 0; }
  /// Hands the requested samples to the sampler; called by the running thread.
  void takeRequestedSamples();

  void setDeadline(Clock::time_point deadline) {
    deadline_ = deadline;
    pollCountdown_ = 1; // the next poll looks at the clock
  }
  void clearDeadline() { deadline_.reset(); }
  std::optional<Clock::time_point> deadline() const { return deadline_; }

  /// The check at function entries and loop back-edges: true when execution must stop because
  /// of an interrupt request or a passed deadline. Reads the clock only now and then.
  bool shouldStop() {
    if (attention_.load(std::memory_order_relaxed)) [[unlikely]] {
      if (isInterruptRequested())
        return true;
      takeRequestedSamples();
    }
    if (!deadline_ || --pollCountdown_ != 0)
      return false;
    pollCountdown_ = kDeadlinePollInterval;
    return Clock::now() >= *deadline_;
  }

  void *embedderData() const { return embedderData_; }
  void setEmbedderData(void *data) { embedderData_ = data; }

private:
  Store &store_;
  uint32_t maxCallDepth_;
  uint32_t depth_ = 0;
  uint32_t pollCountdown_ = 1;
  std::atomic<bool> interrupted_{false};
  std::atomic<bool> attention_{false}; // interrupted_ or pendingSamples_ != 0
  std::atomic<uint32_t> pendingSamples_{0};
  StackSampler *sampler_ = nullptr;
  std::optional<Clock::time_point> deadline_;
  void *embedderData_ = nullptr;
};

} // namespace strata::runtime
