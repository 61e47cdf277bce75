// A sampling profiler across tiers: a thread asks the attached call contexts for a sample at a
// fixed rate; the running thread takes it at its next poll (function entry, loop back-edge) or
// when a host function returns, reading the Wasm call stack from the engines' activations:
// interpreted and native frames alike, each with its tier. The result is written in
// speedscope's file format and summed up as a table of the hottest functions
// (docs/profiling.md). Depends on runtime/.
#pragma once

#include "strata/runtime/Activation.h"
#include "strata/runtime/CallContext.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace strata::sampling {

/// A frame of the profile: one function in one tier.
struct ProfileFrame {
  std::string function; // the name section's name, or "func[N]"; a host function's name
  std::string module;   // the module's name (wasm::Module::displayName), may be empty
  runtime::FrameTier tier = runtime::FrameTier::Interpreter;
  /// "name [tier]", as the profile's views show it.
  std::string label() const;
};

/// One function's share of the samples.
struct FunctionShare {
  uint32_t frame = 0;   // index into frames()
  uint64_t self = 0;    // weight of the samples where it is the innermost frame
  uint64_t total = 0;   // weight of the samples where it is on the stack
};

class SamplingProfiler final : public runtime::StackSampler {
public:
  /// Samples `rateHz` times a second (1 to 100000) once started.
  explicit SamplingProfiler(unsigned rateHz);
  ~SamplingProfiler() override;
  SamplingProfiler(const SamplingProfiler &) = delete;
  SamplingProfiler &operator=(const SamplingProfiler &) = delete;

  /// Samples `context` from now until detach(); it must outlive that. Attach and detach while
  /// no call runs with the context (the running thread reads its sampler unsynchronized);
  /// detach before the profiler goes.
  void attach(runtime::CallContext &context);
  void detach(runtime::CallContext &context);
  /// The sampling thread; stop() waits for it to end. Sampling time is wall-clock time.
  void start();
  void stop();

  void takeSample(runtime::CallContext &context, uint32_t ticks) override;

  unsigned rate() const { return rateHz_; }
  /// Requests made, and their weight that reached a sample (the rest came while no attached
  /// context ran Wasm code). The results below are read after stop().
  uint64_t requests() const;
  uint64_t sampledWeight() const;
  const std::vector<ProfileFrame> &frames() const { return frames_; }
  /// Each distinct stack (frame indexes, outermost first) with its weight.
  const std::map<std::vector<uint32_t>, uint64_t> &stacks() const { return stacks_; }
  /// Functions by self weight, heaviest first.
  std::vector<FunctionShare> shares() const;

  /// The profile in speedscope's file format (https://www.speedscope.app/file-format-schema.json):
  /// one sampled profile named `name`, weights in milliseconds.
  std::string speedscopeJson(const std::string &name) const;
  /// The `limit` heaviest functions by self weight, with their total weight.
  std::string topTable(size_t limit) const;

private:
  struct FrameKey {
    const void *owner; // the module, or a host function's name
    uint32_t function;
    runtime::FrameTier tier;
    bool operator==(const FrameKey &) const = default;
  };
  struct FrameKeyHash {
    size_t operator()(const FrameKey &key) const;
  };
  uint32_t frameIndex(const runtime::SampledFrame &frame);
  std::vector<FunctionShare> rankShares() const; // with mutex_ held
  void run();

  const unsigned rateHz_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
  bool stopping_ = false;
  std::vector<runtime::CallContext *> contexts_;
  uint64_t requests_ = 0;
  uint64_t sampledWeight_ = 0;
  std::vector<ProfileFrame> frames_;
  std::unordered_map<FrameKey, uint32_t, FrameKeyHash> frameIndexes_;
  std::map<std::vector<uint32_t>, uint64_t> stacks_;
};

} // namespace strata::sampling
