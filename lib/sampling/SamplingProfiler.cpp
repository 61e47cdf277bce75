#include "strata/sampling/SamplingProfiler.h"

#include "strata/runtime/MachineFrames.h"
#include "strata/wasm/Module.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <functional>
#include <set>

namespace strata::sampling {

using runtime::Activation;
using runtime::FrameTier;
using runtime::SampledFrame;

std::string ProfileFrame::label() const {
  return function + " [" + runtime::frameTierName(tier) + "]";
}

size_t SamplingProfiler::FrameKeyHash::operator()(const FrameKey &key) const {
  return std::hash<const void *>()(key.owner) ^ (size_t(key.function) * 0x9e3779b97f4a7c15u) ^
         size_t(key.tier);
}

SamplingProfiler::SamplingProfiler(unsigned rateHz)
    : rateHz_(std::clamp(rateHz, 1u, 100000u)) {}

SamplingProfiler::~SamplingProfiler() { stop(); }

void SamplingProfiler::attach(runtime::CallContext &context) {
  std::lock_guard lock(mutex_);
  context.setSampler(this);
  contexts_.push_back(&context);
}

void SamplingProfiler::detach(runtime::CallContext &context) {
  std::lock_guard lock(mutex_);
  std::erase(contexts_, &context);
  context.setSampler(nullptr);
}

void SamplingProfiler::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable())
    return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void SamplingProfiler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

void SamplingProfiler::run() {
  using Clock = std::chrono::steady_clock;
  const auto period = std::chrono::nanoseconds(1'000'000'000 / rateHz_);
  auto next = Clock::now() + period;
  std::unique_lock lock(mutex_);
  while (!wake_.wait_until(lock, next, [this] { return stopping_; })) {
    for (runtime::CallContext *context : contexts_)
      context->requestSample();
    requests_ += contexts_.size();
    next += period;
    // After a stall (a suspended process), the lost ticks are not requested all at once.
    if (auto now = Clock::now(); next < now)
      next = now + period;
  }
}

uint64_t SamplingProfiler::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

uint64_t SamplingProfiler::sampledWeight() const {
  std::lock_guard lock(mutex_);
  return sampledWeight_;
}

namespace {

/// A machine frame found by unwinding: its code address and its canonical frame address.
struct MachineFrame {
  uintptr_t address;
  uintptr_t cfa;
};

/// The Wasm call stack of the calling thread, innermost first, read from its activations.
void collectStack(std::vector<SampledFrame> &stack) {
  thread_local std::vector<MachineFrame> machineFrames;
  thread_local std::vector<uintptr_t> addresses;
  machineFrames.clear();
  uintptr_t outermostNative = 0;
  for (Activation *activation = runtime::innermostActivation(); activation;
       activation = activation->outer())
    if (activation->needsMachineFrames())
      outermostNative = activation->stackAddress();
  if (outermostNative)
    runtime::walkMachineFrames(outermostNative, [](uintptr_t address, uintptr_t cfa) {
      machineFrames.push_back({address, cfa});
      return machineFrames.size() < 1024;
    });
  // Frames and activations both go outward with rising stack addresses: each activation owns
  // the machine frames between the next inner activation and itself.
  size_t next = 0;
  for (Activation *activation = runtime::innermostActivation(); activation;
       activation = activation->outer()) {
    addresses.clear();
    while (next < machineFrames.size() && machineFrames[next].cfa < activation->stackAddress())
      addresses.push_back(machineFrames[next++].address);
    activation->appendFrames(stack, addresses);
  }
}

std::string functionLabel(const SampledFrame &frame) {
  if (frame.tier == FrameTier::Host)
    return frame.hostName && !frame.hostName->empty() ? *frame.hostName : "<host>";
  std::string name = frame.module->functionName(frame.function);
  return name.empty() ? "func[" + std::to_string(frame.function) + "]" : name;
}

} // namespace

uint32_t SamplingProfiler::frameIndex(const SampledFrame &frame) {
  const void *owner = frame.tier == FrameTier::Host ? static_cast<const void *>(frame.hostName)
                                                    : static_cast<const void *>(frame.module);
  FrameKey key{owner, frame.function, frame.tier};
  auto [it, inserted] = frameIndexes_.try_emplace(key, uint32_t(frames_.size()));
  if (inserted) {
    ProfileFrame profileFrame;
    profileFrame.function = functionLabel(frame);
    if (frame.module)
      profileFrame.module = frame.module->displayName();
    profileFrame.tier = frame.tier;
    frames_.push_back(std::move(profileFrame));
  }
  return it->second;
}

void SamplingProfiler::takeSample(runtime::CallContext &, uint32_t ticks) {
  thread_local std::vector<SampledFrame> stack;
  thread_local std::vector<uint32_t> indexes;
  stack.clear();
  collectStack(stack);
  if (stack.empty())
    return;
  std::lock_guard lock(mutex_);
  indexes.clear();
  for (auto frame = stack.rbegin(); frame != stack.rend(); ++frame)
    indexes.push_back(frameIndex(*frame));
  stacks_[indexes] += ticks;
  sampledWeight_ += ticks;
}

std::vector<FunctionShare> SamplingProfiler::shares() const {
  std::lock_guard lock(mutex_);
  return rankShares();
}

std::vector<FunctionShare> SamplingProfiler::rankShares() const {
  std::vector<FunctionShare> shares(frames_.size());
  for (uint32_t i = 0; i < shares.size(); ++i)
    shares[i].frame = i;
  std::vector<bool> seen(frames_.size());
  for (const auto &[stack, weight] : stacks_) {
    if (stack.empty())
      continue;
    shares[stack.back()].self += weight;
    // A recursive function counts once per sample in its total.
    std::fill(seen.begin(), seen.end(), false);
    for (uint32_t frame : stack)
      if (!seen[frame]) {
        seen[frame] = true;
        shares[frame].total += weight;
      }
  }
  std::stable_sort(shares.begin(), shares.end(), [](const FunctionShare &a, const FunctionShare &b) {
    return a.self != b.self ? a.self > b.self : a.total > b.total;
  });
  return shares;
}

std::string SamplingProfiler::speedscopeJson(const std::string &name) const {
  std::lock_guard lock(mutex_);
  namespace json = boost::json;
  json::array frames;
  for (const ProfileFrame &frame : frames_) {
    json::object entry;
    entry["name"] = frame.label();
    if (!frame.module.empty())
      entry["file"] = frame.module;
    frames.push_back(std::move(entry));
  }
  const double millisecondsPerTick = 1000.0 / rateHz_;
  json::array samples, weights;
  double total = 0;
  for (const auto &[stack, weight] : stacks_) {
    json::array indexes;
    for (uint32_t frame : stack)
      indexes.push_back(frame);
    samples.push_back(std::move(indexes));
    weights.push_back(double(weight) * millisecondsPerTick);
    total += double(weight) * millisecondsPerTick;
  }
  json::object profile;
  profile["type"] = "sampled";
  profile["name"] = name;
  profile["unit"] = "milliseconds";
  profile["startValue"] = 0;
  profile["endValue"] = total;
  profile["samples"] = std::move(samples);
  profile["weights"] = std::move(weights);
  json::object file;
  file["$schema"] = "https://www.speedscope.app/file-format-schema.json";
  file["shared"] = json::object{{"frames", std::move(frames)}};
  file["profiles"] = json::array{std::move(profile)};
  file["name"] = name;
  file["activeProfileIndex"] = 0;
  file["exporter"] = "strata";
  return json::serialize(file);
}

std::string SamplingProfiler::topTable(size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<FunctionShare> ranked = rankShares();
  uint64_t sampled = std::max<uint64_t>(sampledWeight_, 1);
  std::string out;
  char line[160];
  std::snprintf(line, sizeof line, "%7s %7s  %-8s %s\n", "self%", "total%", "tier", "function");
  out += line;
  for (size_t i = 0; i < ranked.size() && i < limit; ++i) {
    const ProfileFrame &frame = frames_[ranked[i].frame];
    std::snprintf(line, sizeof line, "%7.2f %7.2f  %-8s %s\n",
                  100.0 * double(ranked[i].self) / double(sampled),
                  100.0 * double(ranked[i].total) / double(sampled),
                  runtime::frameTierName(frame.tier), frame.function.c_str());
    out += line;
  }
  return out;
}

} // namespace strata::sampling
