#include "TestUtil.h"

#include "strata/runtime/Instantiate.h"
#include "strata/runtime/Store.h"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::runtime;
using strata::test::loadModule;
using wasm::ValType;

namespace {

class InstantiateTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto lib = instantiateModule(
        store, loadModule(R"((module (table (export "t") 3 funcref) (memory (export "m") 1)))"),
        imports, "lib");
    ASSERT_TRUE(bool(lib)) << lib.error().message();
    libTable = (*lib)->exportedTable("t");
    libMemory = (*lib)->exportedMemory("m");
    imports.defineInstance("lib", **lib);
  }

  ModuleInstance *instantiate(const std::string &text) {
    auto instance = instantiateModule(store, loadModule(text), imports, "test", &trap);
    if (!instance) {
      error = instance.error().reason();
      return nullptr;
    }
    return *instance;
  }

  Store store;
  ImportMap imports;
  TableInstance *libTable = nullptr;
  MemoryInstance *libMemory = nullptr;
  std::unique_ptr<Trap> trap;
  std::string error;
};

TEST_F(InstantiateTest, GlobalsAreInitialized) {
  imports.define("env", "g", *store.createGlobal({ValType::I32, false}, Value::i32(42)));
  ModuleInstance *instance = instantiate(R"((module
    (import "env" "g" (global i32))
    (func $f)
    (global (export "a") i32 (global.get 0))
    (global (export "b") (mut i64) (i64.const -5))
    (global (export "fr") funcref (ref.func $f))
    (global (export "nr") externref (ref.null extern))
    (global (export "v") v128 (v128.const i32x4 1 2 3 4))
    (global (export "fl") f32 (f32.const 1.5))))");
  ASSERT_NE(instance, nullptr) << error;
  EXPECT_EQ(instance->globals().size(), 7u);
  EXPECT_EQ(instance->exportedGlobal("a")->value(), Value::i32(42));
  EXPECT_EQ(instance->exportedGlobal("b")->value(), Value::i64(-5));
  EXPECT_TRUE(instance->exportedGlobal("b")->type().isMutable);
  EXPECT_EQ(instance->exportedGlobal("fr")->value(), Value::funcRef(instance->function(0)));
  EXPECT_EQ(instance->exportedGlobal("nr")->value(), Value::nullRef(ValType::ExternRef));
  EXPECT_EQ(instance->exportedGlobal("v")->value(),
            Value::v128({0x0000000200000001, 0x0000000400000003}));
  EXPECT_EQ(instance->exportedGlobal("fl")->value(), Value::f32(1.5f));
}

TEST_F(InstantiateTest, ExportsByNameAndKind) {
  imports.define("env", "h", &store.createHostFunction(
                                 {{}, {}}, [](HostCallContext &, std::span<uint64_t>) {
                                   return CallStatus();
                                 }));
  ModuleInstance *instance = instantiate(R"((module
    (import "env" "h" (func $h))
    (func $f (result i32) i32.const 1)
    (table (export "t") 2 funcref)
    (memory (export "m") 1)
    (export "f" (func $f))
    (export "h" (func $h))
    (export "f2" (func $f))))");
  ASSERT_NE(instance, nullptr) << error;
  ASSERT_EQ(instance->functions().size(), 2u);
  EXPECT_TRUE(instance->function(0)->isHost());
  EXPECT_EQ(instance->function(1)->module(), instance);
  EXPECT_EQ(instance->function(1)->index(), 1u);
  EXPECT_EQ(instance->exportedFunction("h"), instance->function(0));
  EXPECT_EQ(instance->exportedFunction("f"), instance->function(1));
  EXPECT_EQ(instance->exportedFunction("f2"), instance->function(1));
  EXPECT_EQ(instance->exportedTable("t")->size(), 2u);
  EXPECT_EQ(instance->exportedMemory("m")->pages(), 1u);
  EXPECT_EQ(instance->findExport("nope"), nullptr);
  EXPECT_EQ(instance->exportedMemory("f"), nullptr); // wrong kind
  EXPECT_EQ(instance->exports().size(), 5u);
  EXPECT_EQ(instance->name(), "test");
}

TEST_F(InstantiateTest, ElementSegmentsFillTablesAndAreDropped) {
  ModuleInstance *instance = instantiate(R"((module
    (table (export "t") 4 funcref)
    (func $a) (func $b)
    (elem (i32.const 1) $a $b)
    (elem func $b)
    (elem declare func $a)))");
  ASSERT_NE(instance, nullptr) << error;
  TableInstance *table = instance->exportedTable("t");
  EXPECT_EQ((*table)[0], kNullRef);
  EXPECT_EQ((*table)[1], toRef(instance->function(0)));
  EXPECT_EQ((*table)[2], toRef(instance->function(1)));
  EXPECT_EQ((*table)[3], kNullRef);
  EXPECT_TRUE(instance->isElementSegmentDropped(0));
  EXPECT_TRUE(instance->elementSegment(0).empty());
  EXPECT_FALSE(instance->isElementSegmentDropped(1)); // passive
  ASSERT_EQ(instance->elementSegment(1).size(), 1u);
  EXPECT_EQ(instance->elementSegment(1)[0], toRef(instance->function(1)));
  EXPECT_TRUE(instance->isElementSegmentDropped(2)); // declarative
}

TEST_F(InstantiateTest, DataSegmentsFillMemoriesAndAreDropped) {
  imports.define("env", "off", *store.createGlobal({ValType::I32, false}, Value::i32(100)));
  ModuleInstance *instance = instantiate(R"((module
    (import "env" "off" (global i32))
    (import "lib" "m" (memory 1))
    (data (global.get 0) "hi")
    (data "passive")
    (data (i32.const 65536) "")))");
  ASSERT_NE(instance, nullptr) << error;
  EXPECT_EQ(libMemory->base()[100], 'h');
  EXPECT_EQ(libMemory->base()[101], 'i');
  EXPECT_TRUE(instance->isDataSegmentDropped(0));
  EXPECT_TRUE(instance->dataSegment(0).empty());
  EXPECT_FALSE(instance->isDataSegmentDropped(1));
  EXPECT_EQ(instance->dataSegment(1).size(), 7u);
  EXPECT_EQ(instance->dataSegment(1)[0], 'p');
  EXPECT_TRUE(instance->isDataSegmentDropped(2));
}

TEST_F(InstantiateTest, ElementOutOfBoundsTrapsAfterEarlierSegments) {
  size_t instancesBefore = store.instances().size();
  ModuleInstance *instance = instantiate(R"((module
    (import "lib" "t" (table 3 funcref))
    (func $f)
    (elem (i32.const 0) $f)
    (elem (i32.const 2) $f $f)))");
  EXPECT_EQ(instance, nullptr);
  EXPECT_EQ(error, "out of bounds table access");
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind(), TrapKind::TableOutOfBounds);
  // The first segment's effect stays, and the trapped instance stays alive for it.
  FunctionInstance *f = toFunction((*libTable)[0]);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(store.instances().size(), instancesBefore + 1);
  EXPECT_EQ(f->module(), store.instances().back().get());
  EXPECT_EQ((*libTable)[2], kNullRef); // the failing segment wrote nothing
}

TEST_F(InstantiateTest, EmptyElementSegmentPastTheEndTraps) {
  EXPECT_NE(instantiate(R"((module (import "lib" "t" (table 3 funcref))
                                   (elem (i32.const 3) func)))"),
            nullptr)
      << error; // at the end: fine
  EXPECT_EQ(instantiate(R"((module (import "lib" "t" (table 3 funcref))
                                   (elem (i32.const 4) func)))"),
            nullptr);
  EXPECT_EQ(error, "out of bounds table access");
}

TEST_F(InstantiateTest, DataOutOfBoundsTrapsAfterEarlierSegments) {
  ModuleInstance *instance = instantiate(R"((module
    (import "lib" "m" (memory 1))
    (data (i32.const 0) "ab")
    (data (i32.const 65535) "cd")
    (data (i32.const 8) "never")))");
  EXPECT_EQ(instance, nullptr);
  EXPECT_EQ(error, "out of bounds memory access");
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind(), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(libMemory->base()[0], 'a');
  EXPECT_EQ(libMemory->base()[1], 'b');
  EXPECT_EQ(libMemory->base()[65535], 0); // nothing of the failing segment
  EXPECT_EQ(libMemory->base()[8], 0);     // nor of any after it
}

TEST_F(InstantiateTest, ElementsStayWhenADataSegmentTraps) {
  ModuleInstance *instance = instantiate(R"((module
    (import "lib" "t" (table 3 funcref))
    (import "lib" "m" (memory 1))
    (func $f)
    (elem (i32.const 1) $f)
    (data (i32.const 65536) "x")))");
  EXPECT_EQ(instance, nullptr);
  EXPECT_EQ(error, "out of bounds memory access");
  EXPECT_NE((*libTable)[1], kNullRef);
}

TEST_F(InstantiateTest, LinkErrorsAreNotTraps) {
  EXPECT_EQ(instantiate(R"((module (import "env" "missing" (func))))"), nullptr);
  EXPECT_EQ(error, "unknown import `env`.`missing`");
  EXPECT_FALSE(trap);
}

TEST_F(InstantiateTest, UnvalidatedModulesAreRefused) {
  auto module = std::make_shared<wasm::Module>();
  auto instance = instantiateModule(store, module, imports);
  ASSERT_FALSE(bool(instance));
  EXPECT_NE(instance.error().reason().find("validated"), std::string::npos);
}

TEST_F(InstantiateTest, EngineStateStartsEmpty) {
  ModuleInstance *instance = instantiate("(module)");
  ASSERT_NE(instance, nullptr) << error;
  EXPECT_EQ(instance->moduleEngine(), nullptr);
}

} // namespace
