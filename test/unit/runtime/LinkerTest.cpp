#include "TestUtil.h"

#include "strata/runtime/Instantiate.h"
#include "strata/runtime/Store.h"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::runtime;
using strata::test::loadModule;
using wasm::ValType;

namespace {

class LinkerTest : public ::testing::Test {
protected:
  /// Instantiates `text` with `imports`; returns the error message, or "" on success.
  std::string link(const std::string &text) {
    auto instance = instantiateModule(store, loadModule(text), imports);
    return instance ? std::string() : instance.error().reason();
  }
  FunctionInstance &hostFunction(wasm::FuncType type) {
    return store.createHostFunction(type, [](HostCallContext &, std::span<uint64_t>) {
      return CallStatus();
    });
  }
  TableInstance *table(ValType type, uint64_t min, std::optional<uint64_t> max) {
    return *store.createTable(wasm::TableType{type, {min, max}});
  }
  MemoryInstance *memory(uint64_t min, std::optional<uint64_t> max) {
    return *store.createMemory(wasm::MemoryType{{min, max}});
  }
  GlobalInstance *global(ValType type, bool isMutable) {
    return *store.createGlobal(wasm::GlobalType{type, isMutable}, Value::zero(type));
  }

  Store store;
  ImportMap imports;
};

const char *kImportFunc = R"((module (import "env" "f" (func (param i32)))))";

TEST_F(LinkerTest, UnknownImport) {
  EXPECT_EQ(link(kImportFunc), "unknown import `env`.`f`");
  imports.define("env", "g", &hostFunction({{ValType::I32}, {}}));
  EXPECT_EQ(link(kImportFunc), "unknown import `env`.`f`");
}

TEST_F(LinkerTest, FunctionTypesMustBeEqual) {
  imports.define("env", "f", &hostFunction({{}, {}}));
  EXPECT_EQ(link(kImportFunc),
            "incompatible import type for `env`.`f`: expected func (i32) -> (), got func () -> ()");
  imports.define("env", "f", &hostFunction({{ValType::I32}, {ValType::I32}}));
  EXPECT_NE(link(kImportFunc), "");
  imports.define("env", "f", &hostFunction({{ValType::I32}, {}}));
  EXPECT_EQ(link(kImportFunc), "");
}

TEST_F(LinkerTest, KindsMustMatch) {
  imports.define("env", "f", memory(1, std::nullopt));
  EXPECT_EQ(link(kImportFunc),
            "incompatible import type for `env`.`f`: expected func (i32) -> (), got memory min 1");
  imports.define("env", "f", global(ValType::I32, false));
  EXPECT_EQ(link(kImportFunc), "incompatible import type for `env`.`f`: expected func (i32) -> "
                               "(), got global i32");
  imports.define("env", "m", &hostFunction({{}, {}}));
  EXPECT_EQ(link(R"((module (import "env" "m" (memory 1))))"),
            "incompatible import type for `env`.`m`: expected memory min 1, got func () -> ()");
  imports.define("env", "t", memory(1, std::nullopt));
  EXPECT_NE(link(R"((module (import "env" "t" (table 1 funcref))))"), "");
  imports.define("env", "g", table(ValType::FuncRef, 1, std::nullopt));
  EXPECT_NE(link(R"((module (import "env" "g" (global i32))))"), "");
}

TEST_F(LinkerTest, TableElementTypesMustBeEqual) {
  imports.define("env", "t", table(ValType::ExternRef, 1, std::nullopt));
  EXPECT_EQ(link(R"((module (import "env" "t" (table 1 funcref))))"),
            "incompatible import type for `env`.`t`: expected table funcref min 1, got table "
            "externref min 1");
}

TEST_F(LinkerTest, TableLimitsMustBeASubtype) {
  imports.define("env", "t", table(ValType::FuncRef, 1, 5));
  EXPECT_NE(link(R"((module (import "env" "t" (table 2 funcref))))"), ""); // min too small
  EXPECT_NE(link(R"((module (import "env" "t" (table 1 4 funcref))))"), ""); // max too big
  EXPECT_EQ(link(R"((module (import "env" "t" (table 1 5 funcref))))"), "");
  EXPECT_EQ(link(R"((module (import "env" "t" (table 0 funcref))))"), "");
  imports.define("env", "u", table(ValType::FuncRef, 1, std::nullopt));
  EXPECT_EQ(link(R"((module (import "env" "u" (table 1 10 funcref))))"),
            "incompatible import type for `env`.`u`: expected table funcref min 1 max 10, got "
            "table funcref min 1");
}

TEST_F(LinkerTest, TablesMatchByTheirCurrentSize) {
  TableInstance *t = table(ValType::FuncRef, 1, 10);
  imports.define("env", "t", t);
  const char *text = R"((module (import "env" "t" (table 3 10 funcref))))";
  EXPECT_NE(link(text), "");
  ASSERT_EQ(t->grow(2, kNullRef), 1);
  EXPECT_EQ(link(text), "");
}

TEST_F(LinkerTest, MemoryLimitsMustBeASubtype) {
  MemoryInstance *m = memory(1, 2);
  imports.define("env", "m", m);
  EXPECT_EQ(link(R"((module (import "env" "m" (memory 2))))"),
            "incompatible import type for `env`.`m`: expected memory min 2, got memory min 1 "
            "max 2");
  EXPECT_NE(link(R"((module (import "env" "m" (memory 1 1))))"), "");
  EXPECT_EQ(link(R"((module (import "env" "m" (memory 1 2))))"), "");
  EXPECT_EQ(link(R"((module (import "env" "m" (memory 0))))"), "");
  imports.define("env", "n", memory(1, std::nullopt));
  EXPECT_NE(link(R"((module (import "env" "n" (memory 1 2))))"), "");
  ASSERT_EQ(m->grow(1), 1);
  EXPECT_EQ(link(R"((module (import "env" "m" (memory 2 2))))"), "");
}

TEST_F(LinkerTest, GlobalTypesAndMutabilityMustBeEqual) {
  imports.define("env", "g", global(ValType::I64, false));
  EXPECT_EQ(link(R"((module (import "env" "g" (global i32))))"),
            "incompatible import type for `env`.`g`: expected global i32, got global i64");
  imports.define("env", "g", global(ValType::I32, false));
  EXPECT_EQ(link(R"((module (import "env" "g" (global (mut i32)))))"),
            "incompatible import type for `env`.`g`: expected global mut i32, got global i32");
  EXPECT_EQ(link(R"((module (import "env" "g" (global i32))))"), "");
  imports.define("env", "g", global(ValType::I32, true));
  EXPECT_NE(link(R"((module (import "env" "g" (global i32))))"), "");
  EXPECT_EQ(link(R"((module (import "env" "g" (global (mut i32)))))"), "");
}

TEST_F(LinkerTest, DefineInstanceExposesItsExports) {
  auto exporter = instantiateModule(
      store, loadModule(R"((module (memory (export "mem") 1) (global (export "g") i32
                              (i32.const 7)) (func (export "f") (param i32))))"),
      imports, "exporter");
  ASSERT_TRUE(bool(exporter)) << exporter.error().message();
  ImportMap registered;
  registered.defineInstance("lib", **exporter);
  EXPECT_EQ(registered.size(), 3u);
  ASSERT_NE(registered.find("lib", "mem"), nullptr);
  EXPECT_EQ(registered.find("lib", "mem")->memory(), (*exporter)->exportedMemory("mem"));
  EXPECT_EQ(registered.find("lib", "nope"), nullptr);
  imports = registered;
  EXPECT_EQ(link(R"((module (import "lib" "f" (func (param i32))) (import "lib" "g" (global i32))
                     (import "lib" "mem" (memory 1))))"),
            "");
}

TEST_F(LinkerTest, FailedInstantiationLeavesTheStoreAsItWas) {
  StoreConfig config;
  config.memory.pageLimit = 1;
  Store limited(config);
  Store::Checkpoint before = limited.checkpoint();
  // Functions and a table are allocated before the memory, whose size passes the limit.
  auto instance = instantiateModule(
      limited, loadModule(R"((module (func) (func) (table 2 funcref) (memory 2)))"), imports);
  ASSERT_FALSE(bool(instance));
  EXPECT_NE(instance.error().reason().find("exceeds the limit"), std::string::npos);
  Store::Checkpoint after = limited.checkpoint();
  EXPECT_EQ(after.functions, before.functions);
  EXPECT_EQ(after.tables, before.tables);
  EXPECT_EQ(after.memories, before.memories);
  EXPECT_EQ(after.instances, before.instances);
}

} // namespace
