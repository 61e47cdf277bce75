// The compile queue's order: priority first, then the smallest unit, then arrival.
#include "strata/engine/CompileQueue.h"

#include <gtest/gtest.h>

#include <future>
#include <string>
#include <vector>

using strata::engine::CompileQueue;

namespace {

TEST(CompileQueue, HigherPriorityThenSmallerUnitsThenArrival) {
  CompileQueue queue(1);
  std::promise<void> release;
  std::promise<void> started;
  // Holds the one thread, so that every later task waits in the queue.
  queue.push(0, [&] {
    started.set_value();
    release.get_future().wait();
  });
  started.get_future().wait();

  std::vector<std::string> order; // written by the one compile thread only
  auto record = [&](std::string name) { return [&order, name] { order.push_back(name); }; };
  queue.push(0, record("large"), false, 50000);
  queue.push(0, record("small"), false, 600);
  queue.push(5, record("urgent large"), false, 49000);
  queue.push(0, record("small, later"), false, 600);
  queue.push(0, record("medium"), false, 3000);
  EXPECT_EQ(queue.pending(), 5u);
  release.set_value();
  queue.drain();

  EXPECT_EQ(order, (std::vector<std::string>{"urgent large", "small", "small, later", "medium",
                                             "large"}));
}

TEST(CompileQueue, WithoutThreadsATaskRunsAtOnce) {
  CompileQueue queue(0);
  bool ran = false;
  queue.push(0, [&] { ran = true; }, false, 1000);
  EXPECT_TRUE(ran);
  EXPECT_EQ(queue.pending(), 0u);
}

} // namespace
