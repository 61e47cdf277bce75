#include "strata/runtime/Memory.h"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::runtime;
using wasm::kPageSize;

static wasm::MemoryType memoryType(uint64_t min, std::optional<uint64_t> max = std::nullopt) {
  return wasm::MemoryType{wasm::Limits{min, max}};
}

static std::unique_ptr<MemoryInstance> makeMemory(uint64_t min,
                                                  std::optional<uint64_t> max = std::nullopt,
                                                  MemoryConfig config = {}) {
  auto memory = MemoryInstance::create(memoryType(min, max), config);
  EXPECT_TRUE(bool(memory)) << (memory ? "" : memory.error().message());
  return memory ? std::move(*memory) : nullptr;
}

TEST(Memory, InitialSizeAndGuardedReservation) {
  auto memory = makeMemory(2, 10);
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->pages(), 2u);
  EXPECT_EQ(memory->size(), 2u * kPageSize);
  EXPECT_EQ(memory->maxPages(), 10u);
  EXPECT_TRUE(memory->hasGuardRegion());
  EXPECT_EQ(memory->reservedBytes(), MemoryInstance::kGuardedReservation);
  EXPECT_NE(memory->base(), nullptr);
}

TEST(Memory, GrowWithinMaxReturnsOldSize) {
  auto memory = makeMemory(1, 4);
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->grow(0), 1);
  EXPECT_EQ(memory->grow(2), 1);
  EXPECT_EQ(memory->pages(), 3u);
  EXPECT_EQ(memory->grow(1), 3);
  EXPECT_EQ(memory->size(), 4u * kPageSize);
}

TEST(Memory, GrowOverMaxFailsAndKeepsSize) {
  auto memory = makeMemory(1, 4);
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->grow(4), -1);
  EXPECT_EQ(memory->pages(), 1u);
  EXPECT_EQ(memory->grow(0xffffffffu), -1);
  EXPECT_EQ(memory->pages(), 1u);
}

TEST(Memory, GrowWithoutMaxStopsAtTheEmbedderLimit) {
  MemoryConfig config;
  config.pageLimit = 3;
  auto memory = makeMemory(1, std::nullopt, config);
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->maxPages(), 3u);
  EXPECT_EQ(memory->grow(3), -1);
  EXPECT_EQ(memory->grow(2), 1);
  EXPECT_EQ(memory->grow(1), -1);
  EXPECT_EQ(memory->pages(), 3u);
}

TEST(Memory, InitialSizeOverTheEmbedderLimitFails) {
  MemoryConfig config;
  config.pageLimit = 3;
  auto memory = MemoryInstance::create(memoryType(4), config);
  ASSERT_FALSE(bool(memory));
  EXPECT_NE(memory.error().reason().find("exceeds the limit"), std::string::npos);
}

TEST(Memory, DataSurvivesGrowthAtTheSameBase) {
  auto memory = makeMemory(1);
  ASSERT_TRUE(memory);
  uint8_t *base = memory->base();
  ASSERT_TRUE(memory->store<uint32_t>(kPageSize - 4, 0xdeadbeef));
  ASSERT_EQ(memory->grow(16), 1);
  EXPECT_EQ(memory->base(), base);
  uint32_t value = 0;
  ASSERT_TRUE(memory->load(kPageSize - 4, value));
  EXPECT_EQ(value, 0xdeadbeefu);
  // New pages read as zero and are writable up to the last byte.
  EXPECT_EQ(base[kPageSize], 0);
  base[memory->size() - 1] = 7;
  EXPECT_EQ(base[memory->size() - 1], 7);
}

TEST(Memory, FallbackReservesOnlyTheMaximum) {
  MemoryConfig config;
  config.reserveGuardRegion = false;
  auto memory = makeMemory(1, 3, config);
  ASSERT_TRUE(memory);
  EXPECT_FALSE(memory->hasGuardRegion());
  EXPECT_EQ(memory->reservedBytes(), 3u * kPageSize);
  EXPECT_EQ(memory->grow(2), 1);
  EXPECT_EQ(memory->grow(1), -1);
  memory->base()[memory->size() - 1] = 1;
  EXPECT_EQ(memory->base()[memory->size() - 1], 1);
}

TEST(Memory, ZeroPageMemoryHasABaseAndNoAccessibleBytes) {
  MemoryConfig config;
  config.reserveGuardRegion = false;
  auto memory = makeMemory(0, 0, config);
  ASSERT_TRUE(memory);
  EXPECT_NE(memory->base(), nullptr);
  EXPECT_EQ(memory->size(), 0u);
  EXPECT_TRUE(memory->inBounds(0, 0));
  EXPECT_FALSE(memory->inBounds(0, 1));
  EXPECT_EQ(memory->grow(1), -1);
}

TEST(Memory, BoundsChecks) {
  auto memory = makeMemory(1);
  ASSERT_TRUE(memory);
  EXPECT_TRUE(memory->inBounds(kPageSize, 0));
  EXPECT_TRUE(memory->inBounds(kPageSize - 8, 8));
  EXPECT_FALSE(memory->inBounds(kPageSize - 7, 8));
  EXPECT_FALSE(memory->inBounds(kPageSize + 1, 0));
  EXPECT_FALSE(memory->inBounds(~uint64_t(0), 2)); // no wrap-around
  uint64_t value;
  EXPECT_FALSE(memory->load(kPageSize - 4, value));
  EXPECT_FALSE(memory->store<uint16_t>(kPageSize - 1, 1));
}

TEST(Memory, BulkOperationsCheckTheWholeRangeFirst) {
  auto memory = makeMemory(1);
  ASSERT_TRUE(memory);
  uint8_t *base = memory->base();
  EXPECT_TRUE(memory->fill(10, 0xaa, 4));
  EXPECT_EQ(base[13], 0xaa);
  EXPECT_FALSE(memory->fill(kPageSize - 2, 0xbb, 3));
  EXPECT_EQ(base[kPageSize - 1], 0); // nothing written

  EXPECT_TRUE(memory->copy(11, 10, 4)); // overlapping, forward
  EXPECT_EQ(base[14], 0xaa);
  EXPECT_FALSE(memory->copy(0, kPageSize - 1, 2));

  const uint8_t segment[] = {1, 2, 3, 4};
  EXPECT_TRUE(memory->init(100, segment, 1, 3));
  EXPECT_EQ(base[100], 2);
  EXPECT_EQ(base[102], 4);
  EXPECT_FALSE(memory->init(200, segment, 2, 3)); // past the segment's end
  EXPECT_EQ(base[200], 0);
  EXPECT_TRUE(memory->init(kPageSize, segment, 4, 0));
}

TEST(Memory, CurrentTypeReportsTheSize) {
  auto memory = makeMemory(1, 5);
  ASSERT_TRUE(memory);
  ASSERT_EQ(memory->grow(2), 1);
  EXPECT_EQ(memory->currentType().limits.min, 3u);
  EXPECT_EQ(memory->currentType().limits.max, std::optional<uint64_t>(5));
  EXPECT_EQ(memory->declaredType().limits.min, 1u);
}

TEST(Memory, LayoutOffsetsMatchTheFields) {
  auto memory = makeMemory(1);
  ASSERT_TRUE(memory);
  auto *raw = reinterpret_cast<const uint8_t *>(memory.get());
  uint8_t *base;
  uint64_t size;
  std::memcpy(&base, raw + MemoryInstance::kBaseOffset, sizeof base);
  std::memcpy(&size, raw + MemoryInstance::kSizeOffset, sizeof size);
  EXPECT_EQ(base, memory->base());
  EXPECT_EQ(size, memory->size());
}
