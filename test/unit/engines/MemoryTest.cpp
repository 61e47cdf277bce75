// Loads and stores of every width (little-endian, unaligned), bounds checks at the exact last
// byte, effective addresses past 4 GiB, memory.size/grow, and bulk memory that checks its whole
// range before writing anything.
#include "EngineFixture.h"

namespace strata::test {
namespace {

using runtime::TrapKind;

const char *kMemoryModule = R"((module
  (memory (export "mem") 1 2)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\80\ff")
  (data $passive "hello")
  (func (export "i32.load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "i64.load") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "f32.load") (param i32) (result f32) (f32.load (local.get 0)))
  (func (export "f64.load") (param i32) (result f64) (f64.load (local.get 0)))
  (func (export "i32.load8_s") (param i32) (result i32) (i32.load8_s (local.get 0)))
  (func (export "i32.load8_u") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "i32.load16_s") (param i32) (result i32) (i32.load16_s (local.get 0)))
  (func (export "i32.load16_u") (param i32) (result i32) (i32.load16_u (local.get 0)))
  (func (export "i64.load8_s") (param i32) (result i64) (i64.load8_s (local.get 0)))
  (func (export "i64.load8_u") (param i32) (result i64) (i64.load8_u (local.get 0)))
  (func (export "i64.load16_s") (param i32) (result i64) (i64.load16_s (local.get 0)))
  (func (export "i64.load16_u") (param i32) (result i64) (i64.load16_u (local.get 0)))
  (func (export "i64.load32_s") (param i32) (result i64) (i64.load32_s offset=5 (local.get 0)))
  (func (export "i64.load32_u") (param i32) (result i64) (i64.load32_u offset=5 (local.get 0)))
  (func (export "load.offset") (param i32) (result i32) (i32.load offset=65532 (local.get 0)))
  (func (export "load.maxoffset") (param i32) (result i32)
    (i32.load8_u offset=4294967295 (local.get 0)))
  (func (export "i32.store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "i64.store") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "i32.store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "i32.store16") (param i32 i32) (i32.store16 (local.get 0) (local.get 1)))
  (func (export "i64.store8") (param i32 i64) (i64.store8 (local.get 0) (local.get 1)))
  (func (export "i64.store16") (param i32 i64) (i64.store16 (local.get 0) (local.get 1)))
  (func (export "i64.store32") (param i32 i64) (i64.store32 (local.get 0) (local.get 1)))
  (func (export "f32.store") (param i32 f32) (f32.store (local.get 0) (local.get 1)))
  (func (export "f64.store") (param i32 f64) (f64.store (local.get 0) (local.get 1)))
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i32 i32 i32) (memory.init $passive (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop") (data.drop $passive))
))";

class MemoryTest : public EngineTest {
protected:
  void SetUp() override {
    EngineTest::SetUp();
    load(kMemoryModule);
  }
  uint8_t byte(uint64_t address) { return instance_->exportedMemory("mem")->base()[address]; }
};

TEST_P(MemoryTest, LoadsAreLittleEndianAndUnaligned) {
  EXPECT_EQ(uint32_t(i32("i32.load", {i32v(0)})), 0x04030201u);
  EXPECT_EQ(uint32_t(i32("i32.load", {i32v(1)})), 0x05040302u);
  EXPECT_EQ(uint64_t(i64("i64.load", {i32v(1)})), 0x8008070605040302ull);
  EXPECT_EQ(uint64_t(i64("i64.load", {i32v(0)})), 0x0807060504030201ull);
  EXPECT_EQ(f32Bits("f32.load", {i32v(3)}), 0x07060504u);
  EXPECT_EQ(f64Bits("f64.load", {i32v(2)}), 0xff80080706050403ull);
}

TEST_P(MemoryTest, NarrowLoadsExtend) {
  EXPECT_EQ(i32("i32.load8_s", {i32v(8)}), -128);
  EXPECT_EQ(i32("i32.load8_u", {i32v(8)}), 128);
  EXPECT_EQ(i32("i32.load16_s", {i32v(8)}), -128); // 0xff80
  EXPECT_EQ(i32("i32.load16_u", {i32v(8)}), 0xff80);
  EXPECT_EQ(i64("i64.load8_s", {i32v(9)}), -1);
  EXPECT_EQ(i64("i64.load8_u", {i32v(9)}), 255);
  EXPECT_EQ(i64("i64.load16_s", {i32v(7)}), int16_t(0x8008));
  EXPECT_EQ(i64("i64.load16_u", {i32v(7)}), 0x8008);
  EXPECT_EQ(i64("i64.load32_s", {i32v(1)}), int32_t(0xff800807)); // offset 5 + 1
  EXPECT_EQ(i64("i64.load32_u", {i32v(1)}), 0xff800807);
}

TEST_P(MemoryTest, BoundsAtTheLastByte) {
  EXPECT_EQ(i32("i32.load", {i32v(65532)}), 0);
  EXPECT_EQ(trapOf("i32.load", {i32v(65533)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(i64("i64.load", {i32v(65528)}), 0);
  EXPECT_EQ(trapOf("i64.load", {i32v(65529)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(i32("i32.load8_u", {i32v(65535)}), 0);
  EXPECT_EQ(trapOf("i32.load8_u", {i32v(65536)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(trapOf("i32.load16_u", {i32v(65535)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(trapOf("i32.load", {i32v(-1)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(i32("load.offset", {i32v(0)}), 0);
  EXPECT_EQ(trapOf("load.offset", {i32v(1)}), TrapKind::MemoryOutOfBounds);
}

TEST_P(MemoryTest, EffectiveAddressDoesNotWrap) {
  // 0xffffffff + 0xffffffff and 1 + 0xffffffff would wrap to small addresses in 32 bits.
  EXPECT_EQ(trapOf("load.maxoffset", {i32v(-1)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(trapOf("load.maxoffset", {i32v(1)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(trapOf("load.offset", {i32v(-65532)}), TrapKind::MemoryOutOfBounds);
}

TEST_P(MemoryTest, StoresOfEveryWidth) {
  EXPECT_FALSE(call("i64.store", {i32v(100), i64v(0x1122334455667788)}).trap);
  EXPECT_EQ(byte(100), 0x88);
  EXPECT_EQ(byte(107), 0x11);
  EXPECT_FALSE(call("i32.store8", {i32v(100), i32v(0x1ff)}).trap);
  EXPECT_FALSE(call("i32.store16", {i32v(101), i32v(0x12345)}).trap);
  EXPECT_FALSE(call("i64.store32", {i32v(103), i64v(0x0123456789)}).trap);
  EXPECT_EQ(uint64_t(i64("i64.load", {i32v(100)})), 0x11234567892345ffull);
  EXPECT_FALSE(call("i64.store8", {i32v(200), i64v(-2)}).trap);
  EXPECT_FALSE(call("i64.store16", {i32v(201), i64v(0x7654321)}).trap);
  EXPECT_EQ(i32("i32.load", {i32v(200)}), 0x004321fe);
  EXPECT_FALSE(call("f32.store", {i32v(300), f32b(0x7fa00001)}).trap);
  EXPECT_EQ(uint32_t(i32("i32.load", {i32v(300)})), 0x7fa00001u); // a signalling NaN, intact
  EXPECT_FALSE(call("f64.store", {i32v(301), f64b(0xfff4000000000001)}).trap);
  EXPECT_EQ(uint64_t(i64("i64.load", {i32v(301)})), 0xfff4000000000001ull);
  EXPECT_FALSE(call("i32.store", {i32v(65532), i32v(-1)}).trap);
  EXPECT_EQ(byte(65535), 0xff);
}

TEST_P(MemoryTest, OutOfBoundsStoreWritesNothing) {
  EXPECT_EQ(trapOf("i32.store", {i32v(65533), i32v(-1)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(byte(65533), 0);
  EXPECT_EQ(byte(65535), 0);
  EXPECT_EQ(trapOf("i64.store", {i32v(65530), i64v(-1)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(byte(65530), 0);
}

TEST_P(MemoryTest, SizeAndGrow) {
  EXPECT_EQ(i32("size"), 1);
  EXPECT_EQ(trapOf("i32.load", {i32v(65536)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(i32("grow", {i32v(1)}), 1);
  EXPECT_EQ(i32("size"), 2);
  EXPECT_EQ(i32("i32.load", {i32v(65536)}), 0); // the new page is zeroed and reachable
  EXPECT_EQ(i32("grow", {i32v(1)}), -1);        // past the maximum
  EXPECT_EQ(i32("grow", {i32v(-1)}), -1);
  EXPECT_EQ(i32("grow", {i32v(0)}), 2);
  EXPECT_EQ(trapOf("i32.load", {i32v(131069)}), TrapKind::MemoryOutOfBounds);
}

TEST_P(MemoryTest, FillChecksTheWholeRangeFirst) {
  EXPECT_EQ(trapOf("fill", {i32v(0xfff0), i32v(0xaa), i32v(0x11)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(byte(0xfff0), 0);
  EXPECT_FALSE(call("fill", {i32v(0xfff0), i32v(0x1aa), i32v(0x10)}).trap);
  EXPECT_EQ(byte(0xfff0), 0xaa);
  EXPECT_EQ(byte(0xffff), 0xaa);
  EXPECT_FALSE(call("fill", {i32v(65536), i32v(0), i32v(0)}).trap); // empty, at the end
  EXPECT_EQ(trapOf("fill", {i32v(65537), i32v(0), i32v(0)}), TrapKind::MemoryOutOfBounds);
}

TEST_P(MemoryTest, CopyHandlesOverlapBothWays) {
  EXPECT_FALSE(call("copy", {i32v(1), i32v(0), i32v(4)}).trap);
  EXPECT_EQ(uint64_t(i64("i64.load", {i32v(0)})), 0x0807060403020101ull);
  EXPECT_FALSE(call("copy", {i32v(0), i32v(1), i32v(4)}).trap);
  EXPECT_EQ(uint32_t(i32("i32.load", {i32v(0)})), 0x04030201u);
  EXPECT_EQ(trapOf("copy", {i32v(65535), i32v(0), i32v(2)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(byte(65535), 0);
  EXPECT_EQ(trapOf("copy", {i32v(0), i32v(65535), i32v(2)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(byte(0), 1);
}

TEST_P(MemoryTest, InitAndDrop) {
  EXPECT_FALSE(call("init", {i32v(100), i32v(1), i32v(3)}).trap);
  EXPECT_EQ(i32("i32.load", {i32v(100)}) & 0xffffff, 0x6c6c65); // "ell"
  EXPECT_EQ(trapOf("init", {i32v(100), i32v(3), i32v(3)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(trapOf("init", {i32v(65534), i32v(0), i32v(3)}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(byte(65534), 0);
  EXPECT_FALSE(call("init", {i32v(65536), i32v(5), i32v(0)}).trap);
  EXPECT_FALSE(call("drop").trap);
  EXPECT_FALSE(call("init", {i32v(0), i32v(0), i32v(0)}).trap);
  EXPECT_EQ(trapOf("init", {i32v(0), i32v(0), i32v(1)}), TrapKind::MemoryOutOfBounds);
}

STRATA_ENGINE_TESTS(MemoryTest);

} // namespace
} // namespace strata::test
