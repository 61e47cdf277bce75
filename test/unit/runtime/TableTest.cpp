#include "strata/runtime/Table.h"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::runtime;

static std::unique_ptr<TableInstance> makeTable(uint64_t min, std::optional<uint64_t> max,
                                                uint64_t limit = 1000, Ref init = kNullRef) {
  auto table = TableInstance::create(
      wasm::TableType{wasm::ValType::FuncRef, wasm::Limits{min, max}}, init, limit);
  EXPECT_TRUE(bool(table)) << (table ? "" : table.error().message());
  return table ? std::move(*table) : nullptr;
}

TEST(Table, CreateFillsWithInit) {
  auto table = makeTable(3, 5, 1000, 7);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->size(), 3u);
  EXPECT_EQ((*table)[2], 7u);
  EXPECT_EQ(table->maxSize(), 5u);
  EXPECT_EQ(table->elemType(), wasm::ValType::FuncRef);
}

TEST(Table, MinimumOverTheLimitFails) {
  auto table = TableInstance::create(wasm::TableType{wasm::ValType::ExternRef, {20, {}}},
                                     kNullRef, 10);
  EXPECT_FALSE(bool(table));
}

TEST(Table, GrowRespectsMaxAndLimit) {
  auto table = makeTable(1, 4);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->grow(2, 9), 1);
  EXPECT_EQ(table->size(), 3u);
  EXPECT_EQ((*table)[2], 9u);
  EXPECT_EQ(table->grow(2, 0), -1);
  EXPECT_EQ(table->size(), 3u);
  EXPECT_EQ(table->grow(0, 0), 3);

  auto unbounded = makeTable(0, std::nullopt, 8);
  ASSERT_TRUE(unbounded);
  EXPECT_EQ(unbounded->maxSize(), 8u);
  EXPECT_EQ(unbounded->grow(8, 0), 0);
  EXPECT_EQ(unbounded->grow(1, 0), -1);
  EXPECT_EQ(unbounded->grow(0xffffffffu, 0), -1);
  EXPECT_EQ(unbounded->currentType().limits.min, 8u);
}

TEST(Table, GetSetBounds) {
  auto table = makeTable(2, std::nullopt);
  ASSERT_TRUE(table);
  EXPECT_TRUE(table->set(1, 5));
  Ref ref = 0;
  EXPECT_TRUE(table->get(1, ref));
  EXPECT_EQ(ref, 5u);
  EXPECT_FALSE(table->set(2, 5));
  EXPECT_FALSE(table->get(2, ref));
}

TEST(Table, FillBounds) {
  auto table = makeTable(4, std::nullopt);
  ASSERT_TRUE(table);
  EXPECT_TRUE(table->fill(1, 3, 3));
  EXPECT_EQ((*table)[0], 0u);
  EXPECT_EQ((*table)[3], 3u);
  EXPECT_TRUE(table->fill(4, 9, 0)); // empty at the end is fine
  EXPECT_FALSE(table->fill(5, 9, 0)); // past the end is not, even when empty
  EXPECT_FALSE(table->fill(2, 9, 3));
  EXPECT_EQ((*table)[2], 3u); // nothing written
}

TEST(Table, CopyHandlesOverlapInBothDirections) {
  auto table = makeTable(6, std::nullopt);
  ASSERT_TRUE(table);
  for (uint32_t i = 0; i < 6; ++i)
    table->set(i, i + 1);
  EXPECT_TRUE(table->copyFrom(1, *table, 0, 4)); // forward overlap: 1 1 2 3 4 6
  EXPECT_EQ((*table)[1], 1u);
  EXPECT_EQ((*table)[4], 4u);
  EXPECT_TRUE(table->copyFrom(0, *table, 2, 4)); // backward overlap: 2 3 4 6 4 6
  EXPECT_EQ((*table)[0], 2u);
  EXPECT_EQ((*table)[3], 6u);
  EXPECT_FALSE(table->copyFrom(4, *table, 0, 3));
  EXPECT_FALSE(table->copyFrom(0, *table, 5, 2));
  EXPECT_EQ((*table)[0], 2u);
}

TEST(Table, CopyBetweenTables) {
  auto from = makeTable(2, std::nullopt, 1000, 5);
  auto to = makeTable(3, std::nullopt);
  ASSERT_TRUE(from && to);
  EXPECT_TRUE(to->copyFrom(1, *from, 0, 2));
  EXPECT_EQ((*to)[0], 0u);
  EXPECT_EQ((*to)[2], 5u);
}

TEST(Table, InitBounds) {
  auto table = makeTable(4, std::nullopt);
  ASSERT_TRUE(table);
  const Ref segment[] = {10, 11, 12};
  EXPECT_TRUE(table->init(1, segment, 1, 2));
  EXPECT_EQ((*table)[1], 11u);
  EXPECT_EQ((*table)[2], 12u);
  EXPECT_FALSE(table->init(3, segment, 0, 2)); // past the table
  EXPECT_FALSE(table->init(0, segment, 2, 2)); // past the segment
  EXPECT_EQ((*table)[0], 0u);
  EXPECT_TRUE(table->init(4, segment, 3, 0));
  EXPECT_FALSE(table->init(0, segment, 4, 0));
}
