// Running out of something ends cleanly on every engine: memory and table growth at their
// limits, data and element segments too big for their targets, address space the system
// refuses. Each gives a trap, -1 or an error, and the engine goes on. (Recursion at the depth
// limit, interruption and deadlines: CallTest.)
#include "EngineFixture.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace strata::test {
namespace {

using runtime::TrapKind;

class ExhaustionTest : public EngineTest {
protected:
  /// Instantiates `text` expecting a failure; returns its trap (null for a link error).
  std::unique_ptr<runtime::Trap> failToLoad(const std::string &text) {
    std::shared_ptr<const wasm::Module> module = loadModule(text);
    engine::InstantiateOptions options;
    options.context = &*context_;
    std::unique_ptr<runtime::Trap> trap;
    options.trapOut = &trap;
    auto instance = engine::instantiate(store_, *engine_, module, {}, options);
    EXPECT_FALSE(instance) << "instantiation should fail";
    return trap;
  }
};

/// Whether a process can cap its own address space: qemu-user ignores setrlimit(RLIMIT_AS),
/// which would cap the emulator's own mappings. Tried in a child, which only sets and reads.
bool addressSpaceCapTakesEffect() {
  pid_t child = fork();
  if (child == 0) {
    rlimit cap{rlim_t(1) << 40, rlim_t(1) << 40};
    rlimit now{};
    bool set = setrlimit(RLIMIT_AS, &cap) == 0 && getrlimit(RLIMIT_AS, &now) == 0 &&
               now.rlim_cur == cap.rlim_cur;
    _exit(set ? 0 : 1);
  }
  int status = 0;
  return child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

TEST_P(ExhaustionTest, MemoryGrowsToFourGibibytesAndNoFurther) {
  load(R"((module
    (memory 0)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "size") (result i32) (memory.size))
    (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))))");
  EXPECT_EQ(i32("grow", {i32v(-1)}), -1);
  EXPECT_EQ(i32("grow", {i32v(65537)}), -1);
  EXPECT_EQ(i32("grow", {i32v(65536)}), 0);
  EXPECT_EQ(i32("size"), 65536);
  EXPECT_EQ(i32("grow", {i32v(1)}), -1);
  EXPECT_EQ(i32("grow", {i32v(0)}), 65536);
  call("store", {i32v(-4), i32v(42)});
  EXPECT_EQ(i32("load", {i32v(-4)}), 42);
  EXPECT_EQ(trapOf("load", {i32v(-3)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(trapOf("load", {i32v(-1)}), TrapKind::MemoryOutOfBounds);
}

TEST_P(ExhaustionTest, MemoryGrowthStopsAtTheDeclaredMaximum) {
  load(R"((module
    (memory 1 3)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))");
  EXPECT_EQ(i32("grow", {i32v(3)}), -1);
  EXPECT_EQ(i32("grow", {i32v(2)}), 1);
  EXPECT_EQ(i32("grow", {i32v(1)}), -1);
}

TEST_P(ExhaustionTest, TableGrowthStopsAtItsLimits) {
  load(R"((module
    (table $t 0 funcref)
    (table $small 1 4 externref)
    (func (export "grow") (param i32) (result i32)
      (table.grow $t (ref.null func) (local.get 0)))
    (func (export "grow_small") (param i32) (result i32)
      (table.grow $small (ref.null extern) (local.get 0)))
    (func (export "size") (result i32) (table.size $t))))");
  // Past the store's element limit (10,000,000), and the largest delta there is.
  EXPECT_EQ(i32("grow", {i32v(20'000'000)}), -1);
  EXPECT_EQ(i32("grow", {i32v(-1)}), -1);
  EXPECT_EQ(i32("size"), 0);
  EXPECT_EQ(i32("grow", {i32v(1000)}), 0);
  EXPECT_EQ(i32("size"), 1000);
  EXPECT_EQ(i32("grow_small", {i32v(4)}), -1);
  EXPECT_EQ(i32("grow_small", {i32v(3)}), 1);
  EXPECT_EQ(i32("grow_small", {i32v(1)}), -1);
}

TEST_P(ExhaustionTest, SegmentsTooBigForTheirTargetsTrapAtInstantiation) {
  // 70,000 bytes of data into a 64 KiB memory.
  std::string data(70'000, 'x');
  auto trap = failToLoad("(module (memory 1) (data (i32.const 0) \"" + data + "\"))");
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind(), TrapKind::MemoryOutOfBounds);
  // A segment that ends exactly at the end fits.
  load("(module (memory 1) (data (i32.const 0) \"" + std::string(65536, 'y') + "\")" +
       " (func (export \"last\") (result i32) (i32.load8_u (i32.const 65535))))");
  EXPECT_EQ(i32("last"), 'y');
  // An element segment past its table's end.
  trap = failToLoad(R"((module (table 2 funcref) (func $f)
    (elem (i32.const 1) $f $f)))");
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind(), TrapKind::TableOutOfBounds);
  // The engine goes on.
  load(R"((module (func (export "ok") (result i32) (i32.const 7))))");
  EXPECT_EQ(i32("ok"), 7);
}

TEST_P(ExhaustionTest, RefusedAddressSpaceIsAnErrorOrAFallback) {
  if (!addressSpaceCapTakesEffect())
    GTEST_SKIP() << "setrlimit(RLIMIT_AS) has no effect here (qemu-user ignores it)";
  // The tiered engine's compile thread is running: the child starts afresh.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  // In a child process whose address space is capped: the 8 GiB guarded reservation is
  // refused, so a small memory reserves only its maximum and native code checks bounds
  // explicitly; a memory whose minimum cannot be reserved at all is an instantiation error.
  EXPECT_EXIT(
      {
        rlimit cap{};
        getrlimit(RLIMIT_AS, &cap);
        // What the process maps now (MLIR and LLVM included) plus 1 GiB.
        long pages = 0;
        if (FILE *statm = std::fopen("/proc/self/statm", "r")) {
          if (std::fscanf(statm, "%ld", &pages) != 1)
            pages = 0;
          std::fclose(statm);
        }
        cap.rlim_cur = rlim_t(pages) * sysconf(_SC_PAGESIZE) + (rlim_t(1) << 30);
        setrlimit(RLIMIT_AS, &cap);
        load(R"((module
          (memory 1 2)
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))))");
        bool ok = instance_ && i32("load", {i32v(65532)}) == 0 &&
                  trapOf("load", {i32v(65533)}) == TrapKind::MemoryOutOfBounds;
        std::shared_ptr<const wasm::Module> big = loadModule("(module (memory 40000))");
        engine::InstantiateOptions options;
        options.context = &*context_;
        auto refused = engine::instantiate(store_, *engine_, big, {}, options);
        ok = ok && !refused &&
             refused.error().message().find("address space") != std::string::npos;
        std::_Exit(ok && !::testing::Test::HasFailure() ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

STRATA_ENGINE_TESTS(ExhaustionTest);

} // namespace
} // namespace strata::test
