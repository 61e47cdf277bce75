// Tables and references: call_indirect's three traps (out of range, null entry, type
// mismatch), table.get/set/size/grow/fill/copy/init and elem.drop with the spec's bounds rules,
// ref.null/is_null/func, and externrefs from the host.
#include "EngineFixture.h"

namespace strata::test {
namespace {

using runtime::TrapKind;

const char *kTableModule = R"((module
  (type $ii (func (param i32) (result i32)))
  (type $l (func (result i64)))
  (table $t (export "t") 4 10 funcref)
  (table $e 2 externref)
  (elem (table $t) (i32.const 0) func $inc $double $wide)
  (elem $passive func $double $inc)
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $wide (result i64) (i64.const 7))
  (func (export "dispatch") (param i32 i32) (result i32)
    (call_indirect $t (type $ii) (local.get 1) (local.get 0)))
  (func (export "dispatch_const") (param i32) (result i32)
    (call_indirect $t (type $ii) (local.get 0) (i32.const 1)))
  (func (export "size") (result i32) (table.size $t))
  (func (export "grow") (param i32) (result i32) (table.grow $t (ref.func $inc) (local.get 0)))
  (func (export "is_null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
  (func (export "set_null") (param i32) (table.set $t (local.get 0) (ref.null func)))
  (func (export "fill") (param i32 i32) (table.fill $t (local.get 0) (ref.func $double) (local.get 1)))
  (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i32 i32 i32) (table.init $t $passive (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop") (elem.drop $passive))
  (func (export "get_extern") (param i32) (result externref) (table.get $e (local.get 0)))
  (func (export "set_extern") (param i32 externref) (table.set $e (local.get 0) (local.get 1)))
  (func (export "ref_func") (result funcref) (ref.func $inc))
  (func (export "null_extern") (result i32) (ref.is_null (ref.null extern)))
))";

class TableTest : public EngineTest {
protected:
  void SetUp() override {
    EngineTest::SetUp();
    load(kTableModule);
  }
};

TEST_P(TableTest, CallIndirect) {
  EXPECT_EQ(i32("dispatch", {i32v(0), i32v(5)}), 6);
  EXPECT_EQ(i32("dispatch", {i32v(1), i32v(5)}), 10);
  EXPECT_EQ(i32("dispatch_const", {i32v(21)}), 42);
  EXPECT_EQ(trapOf("dispatch", {i32v(2), i32v(5)}), TrapKind::IndirectCallTypeMismatch);
  EXPECT_EQ(trapOf("dispatch", {i32v(3), i32v(5)}), TrapKind::UninitializedElement);
  EXPECT_EQ(trapOf("dispatch", {i32v(4), i32v(5)}), TrapKind::UndefinedElement);
  EXPECT_EQ(trapOf("dispatch", {i32v(-1), i32v(5)}), TrapKind::UndefinedElement);
  CallResult trapped = call("dispatch", {i32v(4), i32v(5)});
  ASSERT_TRUE(trapped.trap);
  EXPECT_EQ(trapped.trap->message(), "undefined element");
}

TEST_P(TableTest, GetSetSizeGrow) {
  EXPECT_EQ(i32("size"), 4);
  EXPECT_EQ(i32("is_null", {i32v(0)}), 0);
  EXPECT_EQ(i32("is_null", {i32v(3)}), 1);
  EXPECT_EQ(trapOf("is_null", {i32v(4)}), TrapKind::TableOutOfBounds);
  EXPECT_FALSE(call("set_null", {i32v(0)}).trap);
  EXPECT_EQ(i32("is_null", {i32v(0)}), 1);
  EXPECT_EQ(trapOf("dispatch", {i32v(0), i32v(1)}), TrapKind::UninitializedElement);
  EXPECT_EQ(trapOf("set_null", {i32v(4)}), TrapKind::TableOutOfBounds);
  EXPECT_EQ(i32("grow", {i32v(2)}), 4);
  EXPECT_EQ(i32("size"), 6);
  EXPECT_EQ(i32("dispatch", {i32v(5), i32v(1)}), 2); // grown with $inc
  EXPECT_EQ(i32("grow", {i32v(5)}), -1);             // past the maximum of 10
  EXPECT_EQ(i32("grow", {i32v(4)}), 6);
  EXPECT_EQ(i32("grow", {i32v(0)}), 10);
}

TEST_P(TableTest, FillCopyInitDrop) {
  EXPECT_EQ(trapOf("fill", {i32v(3), i32v(2)}), TrapKind::TableOutOfBounds);
  EXPECT_EQ(i32("is_null", {i32v(3)}), 1); // nothing written
  EXPECT_FALSE(call("fill", {i32v(2), i32v(2)}).trap);
  EXPECT_EQ(i32("dispatch", {i32v(3), i32v(4)}), 8);
  EXPECT_FALSE(call("fill", {i32v(4), i32v(0)}).trap);
  EXPECT_EQ(trapOf("fill", {i32v(5), i32v(0)}), TrapKind::TableOutOfBounds);

  EXPECT_FALSE(call("copy", {i32v(1), i32v(0), i32v(3)}).trap); // overlapping, backwards
  EXPECT_EQ(i32("dispatch", {i32v(1), i32v(4)}), 5);
  EXPECT_EQ(i32("dispatch", {i32v(2), i32v(4)}), 8);
  EXPECT_EQ(trapOf("copy", {i32v(3), i32v(0), i32v(2)}), TrapKind::TableOutOfBounds);

  EXPECT_FALSE(call("init", {i32v(2), i32v(0), i32v(2)}).trap);
  EXPECT_EQ(i32("dispatch", {i32v(2), i32v(4)}), 8);
  EXPECT_EQ(i32("dispatch", {i32v(3), i32v(4)}), 5);
  EXPECT_EQ(trapOf("init", {i32v(0), i32v(1), i32v(2)}), TrapKind::TableOutOfBounds);
  EXPECT_EQ(trapOf("init", {i32v(3), i32v(0), i32v(2)}), TrapKind::TableOutOfBounds);
  EXPECT_FALSE(call("drop").trap);
  EXPECT_FALSE(call("init", {i32v(0), i32v(0), i32v(0)}).trap);
  EXPECT_EQ(trapOf("init", {i32v(0), i32v(0), i32v(1)}), TrapKind::TableOutOfBounds);
}

TEST_P(TableTest, References) {
  Value ref = value("ref_func");
  EXPECT_FALSE(ref.isNull());
  EXPECT_EQ(runtime::toFunction(ref.ref()), instance_->function(0));
  EXPECT_EQ(i32("null_extern"), 1);
  int host = 0;
  EXPECT_TRUE(value("get_extern", {i32v(1)}).isNull());
  EXPECT_FALSE(call("set_extern", {i32v(1), Value::externRef(&host)}).trap);
  EXPECT_EQ(value("get_extern", {i32v(1)}).ref(), runtime::Ref(uintptr_t(&host)));
  EXPECT_EQ(trapOf("get_extern", {i32v(2)}), TrapKind::TableOutOfBounds);
}

STRATA_ENGINE_TESTS(TableTest);

} // namespace
} // namespace strata::test
