#include "TestUtil.h"

#include "strata/runtime/Instantiate.h"
#include "strata/runtime/Store.h"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::runtime;
using wasm::ValType;

TEST(TypeRegistry, InternsStructurally) {
  TypeRegistry registry;
  uint32_t a = registry.intern({{ValType::I32}, {ValType::I64}});
  uint32_t b = registry.intern({{ValType::I32, ValType::I64}, {}});
  uint32_t c = registry.intern({{}, {ValType::I32, ValType::I64}});
  EXPECT_NE(a, b);
  EXPECT_NE(b, c); // the split between parameters and results matters
  EXPECT_EQ(registry.intern({{ValType::I32}, {ValType::I64}}), a);
  EXPECT_EQ(registry.size(), 3u);
  EXPECT_EQ(registry.type(b), (wasm::FuncType{{ValType::I32, ValType::I64}, {}}));
}

TEST(TypeRegistry, IdenticalTypesInTwoModulesShareAnId) {
  Store store;
  ImportMap imports;
  auto first = instantiateModule(store, strata::test::loadModule(R"((module
      (func (export "f") (param i32) (result i64) i64.const 0)
      (func (export "g"))))"),
                                 imports);
  auto second = instantiateModule(store, strata::test::loadModule(R"((module
      (type (func (param f32)))
      (func (export "g"))
      (func (export "f") (param i32) (result i64) i64.const 1)))"),
                                  imports);
  ASSERT_TRUE(bool(first) && bool(second));
  FunctionInstance *f1 = (*first)->exportedFunction("f");
  FunctionInstance *f2 = (*second)->exportedFunction("f");
  EXPECT_NE(f1, f2);
  EXPECT_EQ(f1->typeId(), f2->typeId());
  EXPECT_EQ((*first)->exportedFunction("g")->typeId(), (*second)->exportedFunction("g")->typeId());
  EXPECT_NE(f1->typeId(), (*first)->exportedFunction("g")->typeId());
  // The module's own type indexes map to the same canonical ids.
  EXPECT_EQ((*second)->typeId(0), store.types().intern({{ValType::F32}, {}}));
  EXPECT_EQ((*second)->typeId(2), f1->typeId());
  // A host function of the same type shares it too.
  FunctionInstance &host = store.createHostFunction(
      {{ValType::I32}, {ValType::I64}},
      [](HostCallContext &, std::span<uint64_t>) { return CallStatus(); });
  EXPECT_EQ(host.typeId(), f1->typeId());
  EXPECT_EQ(&host.type(), &f1->type()); // one canonical copy
}
