#include "strata/engine/CompileQueue.h"

namespace strata::engine {

CompileQueue::CompileQueue(unsigned threads) {
  for (unsigned i = 0; i < threads; ++i)
    threads_.emplace_back([this] { work(); });
}

CompileQueue::~CompileQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_ = {};
  }
  wake_.notify_all();
  for (std::thread &thread : threads_)
    thread.join();
}

void CompileQueue::push(int32_t priority, Task task, bool now, uint64_t bytes) {
  if (now || threads_.empty()) {
    task();
    return;
  }
  {
    std::lock_guard lock(mutex_);
    queue_.push({priority, bytes, sequence_++, std::move(task)});
  }
  wake_.notify_one();
}

size_t CompileQueue::pending() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void CompileQueue::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return queue_.empty() && running_ == 0; });
}

void CompileQueue::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_)
      return;
    Task task = std::move(const_cast<Entry &>(queue_.top()).task);
    queue_.pop();
    ++running_;
    lock.unlock();
    task();
    lock.lock();
    --running_;
    if (queue_.empty() && running_ == 0)
      idle_.notify_all();
  }
}

} // namespace strata::engine
