#include "strata/support/ByteReader.h"

#include <gtest/gtest.h>

#include <vector>

using strata::ByteReader;

namespace {

ByteReader over(const std::vector<uint8_t> &bytes) {
  return ByteReader(bytes.data(), bytes.data() + bytes.size());
}

TEST(ByteReader, UnsignedLeb128) {
  std::vector<uint8_t> bytes = {0xe5, 0x8e, 0x26};
  ByteReader r = over(bytes);
  uint32_t value;
  ASSERT_TRUE(r.readU32(value));
  EXPECT_EQ(value, 624485u);
  EXPECT_TRUE(r.atEnd());
}

TEST(ByteReader, OverlongButInRangeIsAccepted) {
  std::vector<uint8_t> bytes = {0x80, 0x80, 0x80, 0x80, 0x00};
  ByteReader r = over(bytes);
  uint32_t value;
  ASSERT_TRUE(r.readU32(value));
  EXPECT_EQ(value, 0u);
}

TEST(ByteReader, SixByteU32IsTooLong) {
  std::vector<uint8_t> bytes = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  ByteReader r = over(bytes);
  uint32_t value;
  ASSERT_FALSE(r.readU32(value));
  EXPECT_EQ(r.error().reason(), "integer representation too long");
  EXPECT_EQ(r.error().offset(), 4u);
}

TEST(ByteReader, UnusedBitsOfU32MustBeZero) {
  std::vector<uint8_t> bytes = {0xff, 0xff, 0xff, 0xff, 0x1f};
  ByteReader r = over(bytes);
  uint32_t value;
  ASSERT_FALSE(r.readU32(value));
  EXPECT_EQ(r.error().reason(), "integer too large");
  std::vector<uint8_t> max = {0xff, 0xff, 0xff, 0xff, 0x0f};
  ByteReader ok = over(max);
  ASSERT_TRUE(ok.readU32(value));
  EXPECT_EQ(value, 0xffffffffu);
}

TEST(ByteReader, SignedLeb128) {
  std::vector<uint8_t> bytes = {0x7f, 0xc0, 0xbb, 0x78, 0xff, 0xff, 0xff, 0xff, 0x07};
  ByteReader r = over(bytes);
  int32_t a, b, c;
  ASSERT_TRUE(r.readS32(a) && r.readS32(b) && r.readS32(c));
  EXPECT_EQ(a, -1);
  EXPECT_EQ(b, -123456);
  EXPECT_EQ(c, 0x7fffffff);
}

TEST(ByteReader, SignedUnusedBitsMustExtendTheSign) {
  // 0x70 in the fifth byte: sign bit (bit 3) is 0 but bits 4-6 are set.
  std::vector<uint8_t> bytes = {0x80, 0x80, 0x80, 0x80, 0x70};
  ByteReader r = over(bytes);
  int32_t value;
  ASSERT_FALSE(r.readS32(value));
  EXPECT_EQ(r.error().reason(), "integer too large");
  std::vector<uint8_t> negative = {0x80, 0x80, 0x80, 0x80, 0x78};
  ByteReader ok = over(negative);
  ASSERT_TRUE(ok.readS32(value));
  EXPECT_EQ(value, INT32_MIN);
}

TEST(ByteReader, SignedSixtyFourBit) {
  std::vector<uint8_t> min = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f};
  ByteReader r = over(min);
  int64_t value;
  ASSERT_TRUE(r.readS64(value));
  EXPECT_EQ(value, INT64_MIN);
  std::vector<uint8_t> bad = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x41};
  ByteReader r2 = over(bad);
  ASSERT_FALSE(r2.readS64(value));
  EXPECT_EQ(r2.error().reason(), "integer too large");
}

TEST(ByteReader, UnexpectedEnd) {
  std::vector<uint8_t> bytes = {0x80, 0x80};
  ByteReader r = over(bytes);
  uint32_t value;
  ASSERT_FALSE(r.readU32(value));
  EXPECT_EQ(r.error().reason(), "unexpected end");
}

TEST(ByteReader, FirstErrorSticks) {
  std::vector<uint8_t> bytes = {};
  ByteReader r = over(bytes);
  uint8_t byte;
  EXPECT_FALSE(r.readByte(byte));
  r.fail("later");
  EXPECT_EQ(r.error().reason(), "unexpected end");
}

TEST(Utf8, RejectsOverlongsSurrogatesAndTruncation) {
  EXPECT_TRUE(strata::isValidUtf8("plain \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(strata::isValidUtf8("\xc0\x80"));         // overlong NUL
  EXPECT_FALSE(strata::isValidUtf8("\xed\xa0\x80"));     // surrogate
  EXPECT_FALSE(strata::isValidUtf8("\xf4\x90\x80\x80")); // past U+10FFFF
  EXPECT_FALSE(strata::isValidUtf8("\xe2\x82"));         // truncated
  EXPECT_FALSE(strata::isValidUtf8("\xff"));
}

TEST(ErrorMessage, NamesOffsetAndFunction) {
  strata::Error error("type mismatch", 0x1f, 3);
  EXPECT_EQ(error.message(), "type mismatch (at byte 0x1f, function 3)");
  EXPECT_EQ(strata::Error("plain").message(), "plain");
}

} // namespace
