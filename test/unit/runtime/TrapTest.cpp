#include "strata/runtime/Trap.h"

#include <gtest/gtest.h>

using namespace strata::runtime;

TEST(Trap, MessagesUseTheSpecWording) {
  EXPECT_STREQ(trapMessage(TrapKind::MemoryOutOfBounds), "out of bounds memory access");
  EXPECT_STREQ(trapMessage(TrapKind::TableOutOfBounds), "out of bounds table access");
  EXPECT_STREQ(trapMessage(TrapKind::IndirectCallTypeMismatch), "indirect call type mismatch");
  EXPECT_STREQ(trapMessage(TrapKind::UndefinedElement), "undefined element");
  EXPECT_STREQ(trapMessage(TrapKind::UninitializedElement), "uninitialized element");
  EXPECT_STREQ(trapMessage(TrapKind::IntegerDivideByZero), "integer divide by zero");
  EXPECT_STREQ(trapMessage(TrapKind::InvalidConversion), "invalid conversion to integer");
  EXPECT_STREQ(trapMessage(TrapKind::CallStackExhausted), "call stack exhausted");
}

TEST(Trap, MessageAddsDetailAndExitCode) {
  EXPECT_EQ(Trap(TrapKind::Unreachable).message(), "unreachable");
  EXPECT_EQ(Trap(TrapKind::HostError, "no such file").message(),
            "host function failed: no such file");
  Trap exit(TrapKind::Exit);
  exit.setExitCode(3);
  EXPECT_EQ(exit.message(), "exit with code 3");
  EXPECT_EQ(exit.exitCode(), 3);
}

TEST(Trap, DescribeListsFrames) {
  Trap trap(TrapKind::Unreachable);
  trap.trace().push_back({"m", 3, "f", 0x1f});
  trap.trace().push_back({"", 0, "", ~uint64_t(0)});
  EXPECT_EQ(trap.describe(), "unreachable\n  at m.func[3] f @0x1f\n  at func[0]");
}

TEST(Trap, CallStatusCarriesTheTrap) {
  CallStatus ok;
  EXPECT_TRUE(bool(ok));
  CallStatus failed = Trap(TrapKind::Interrupted);
  ASSERT_FALSE(bool(failed));
  EXPECT_EQ(failed.trap().kind(), TrapKind::Interrupted);
  std::unique_ptr<Trap> taken = failed.takeTrap();
  EXPECT_EQ(taken->kind(), TrapKind::Interrupted);
}
