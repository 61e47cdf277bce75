#include "strata/runtime/CallContext.h"
#include "strata/runtime/Store.h"

#include <gtest/gtest.h>

#include <thread>

using namespace strata::runtime;

TEST(CallContext, FramesCountUpToTheLimit) {
  Store store;
  CallContext context(store, 3);
  EXPECT_EQ(&context.store(), &store);
  EXPECT_TRUE(context.enterFrame());
  EXPECT_TRUE(context.enterFrame());
  EXPECT_TRUE(context.enterFrame());
  EXPECT_FALSE(context.enterFrame());
  EXPECT_EQ(context.depth(), 3u);
  context.leaveFrame();
  EXPECT_TRUE(context.enterFrame());
  context.setMaxCallDepth(10);
  EXPECT_TRUE(context.enterFrame());
  EXPECT_EQ(context.depth(), 4u);
}

TEST(CallContext, FramesEnteredInBulkStopAtTheLimit) {
  Store store;
  CallContext context(store, 5);
  EXPECT_TRUE(context.enterFrame());
  EXPECT_EQ(context.enterFramesUpTo(4), 3u);
  EXPECT_EQ(context.depth(), 4u);
  EXPECT_EQ(context.enterFramesUpTo(2), 0u); // already deeper
  EXPECT_EQ(context.enterFramesUpTo(100), 1u); // capped at the limit
  EXPECT_FALSE(context.enterFrame());
  context.leaveFrames(4);
  EXPECT_EQ(context.depth(), 1u);
}

TEST(CallContext, InterruptFromAnotherThreadIsSeen) {
  Store store;
  CallContext context(store);
  EXPECT_FALSE(context.shouldStop());
  std::thread other([&] { context.interrupt(); });
  other.join();
  EXPECT_TRUE(context.shouldStop());
  EXPECT_TRUE(context.shouldStop()); // it stays until cleared
  context.clearInterrupt();
  EXPECT_FALSE(context.shouldStop());
}

TEST(CallContext, DeadlineIsCheckedPeriodically) {
  Store store;
  CallContext context(store);
  context.setDeadline(CallContext::Clock::now() - std::chrono::seconds(1));
  EXPECT_TRUE(context.shouldStop()); // the first poll after setting looks at the clock
  context.setDeadline(CallContext::Clock::now() + std::chrono::hours(1));
  for (int i = 0; i < 3000; ++i)
    ASSERT_FALSE(context.shouldStop());
  context.setDeadline(CallContext::Clock::now() + std::chrono::milliseconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  bool stopped = false;
  for (uint32_t i = 0; i <= CallContext::kDeadlinePollInterval && !stopped; ++i)
    stopped = context.shouldStop();
  EXPECT_TRUE(stopped);
  context.clearDeadline();
  EXPECT_FALSE(context.shouldStop());
}

TEST(CallContext, EmbedderData) {
  Store store;
  CallContext context(store);
  int data = 0;
  EXPECT_EQ(context.embedderData(), nullptr);
  context.setEmbedderData(&data);
  EXPECT_EQ(context.embedderData(), &data);
}
