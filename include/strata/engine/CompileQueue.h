// A compile queue for engines that compile in the background (tiered tier-ups, jit's callees):
// requests ordered by priority, then shortest first (by the Wasm bytes they compile), then by
// arrival, run by a fixed number of background threads, or on the requesting thread when there
// are none so that tier-up points are deterministic.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace strata::engine {

class CompileQueue {
public:
  using Task = std::function<void()>;

  explicit CompileQueue(unsigned threads);
  /// Drops what still waits and joins the threads once their current task is done.
  ~CompileQueue();
  CompileQueue(const CompileQueue &) = delete;
  CompileQueue &operator=(const CompileQueue &) = delete;

  /// Runs `task` in the background, or right now when there are no threads or `now` is set.
  /// Among tasks of one priority the smallest `bytes` (the Wasm code it compiles) runs first:
  /// a small function's compile does not wait for seconds behind a large one's.
  void push(int32_t priority, Task task, bool now = false, uint64_t bytes = 0);
  /// Tasks waiting for a thread.
  size_t pending() const;
  unsigned threads() const { return unsigned(threads_.size()); }
  /// Waits until every task pushed so far has run: for tests and orderly shutdown.
  void drain();

private:
  struct Entry {
    int32_t priority;
    uint64_t bytes;
    uint64_t sequence;
    Task task;
    bool operator<(const Entry &other) const {
      if (priority != other.priority)
        return priority < other.priority;
      return bytes != other.bytes ? bytes > other.bytes : sequence > other.sequence;
    }
  };
  void work();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::priority_queue<Entry> queue_;
  uint64_t sequence_ = 0;
  unsigned running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

} // namespace strata::engine
