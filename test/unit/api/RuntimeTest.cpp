// The embedding API, on every registered engine.
#include "strata/api/Runtime.h"
#include "strata/engine/BuiltinEngines.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::api;

namespace {

class RuntimeTest : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    RuntimeConfig config;
    config.engine = GetParam();
    auto created = Runtime::create(config);
    ASSERT_TRUE(created) << created.error().message();
    runtime = std::move(*created);
  }

  Instance instantiate(const std::string &text, const Imports &imports = {}) {
    auto compiled = runtime->compile(test::wat(text));
    EXPECT_TRUE(compiled) << compiled.error().message();
    if (!compiled)
      return {};
    auto instance = runtime->instantiate(*compiled, imports, "test");
    EXPECT_TRUE(instance) << instance.error().message();
    return instance ? *instance : Instance();
  }

  std::unique_ptr<Runtime> runtime;
};

TEST_P(RuntimeTest, CallsAnExportedFunction) {
  Instance instance = instantiate(R"((module
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)))");
  ASSERT_TRUE(instance.isValid());
  auto add = instance.function("add");
  ASSERT_TRUE(add) << add.error().message();
  CallResult result = add->call({Value::i32(40), Value::i32(2)});
  ASSERT_TRUE(result) << result.message();
  ASSERT_EQ(result.values().size(), 1u);
  EXPECT_EQ(result.values()[0].i32(), 42);
}

TEST_P(RuntimeTest, ArgumentsAreChecked) {
  Instance instance = instantiate(R"((module (func (export "f") (param i64))))");
  auto f = instance.function("f");
  ASSERT_TRUE(f);
  CallResult wrongType = f->call({Value::i32(1)});
  EXPECT_FALSE(wrongType);
  EXPECT_EQ(wrongType.trap(), nullptr);
  EXPECT_NE(wrongType.message(), "");
  EXPECT_FALSE(f->call({}));
}

TEST_P(RuntimeTest, TypedHostFunctionsAndCallerMemory) {
  std::vector<int32_t> seen;
  Function log = runtime->hostFunction("log", [&](int32_t value) { seen.push_back(value); });
  Function sum = runtime->hostFunction(
      "sum", [](Caller &caller, uint32_t pointer, uint32_t count) -> Expected<int64_t> {
        Memory memory = caller.memory();
        if (!memory.isValid())
          return Error("no memory");
        int64_t total = 0;
        for (uint32_t i = 0; i < count; ++i) {
          uint8_t byte;
          if (!memory.read(pointer + i, std::span(&byte, 1)))
            return Error("sum: out of bounds");
          total += byte;
        }
        return total;
      });
  Function pair = runtime->hostFunction(
      "pair", [](double x) { return std::tuple<double, float>(x * 2, float(x)); });
  EXPECT_EQ(sum.type().toString(), "(i32, i32) -> (i64)");
  EXPECT_EQ(pair.type().toString(), "(f64) -> (f64, f32)");

  Imports imports;
  imports.add("env", "log", log).add("env", "sum", sum).add("env", "pair", pair);
  Instance instance = instantiate(R"((module
    (import "env" "log" (func $log (param i32)))
    (import "env" "sum" (func $sum (param i32 i32) (result i64)))
    (import "env" "pair" (func $pair (param f64) (result f64 f32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "\01\02\03\04")
    (func (export "run") (result i64)
      i32.const 7 call $log
      i32.const 16 i32.const 4 call $sum)
    (func (export "overflow") (result i64)
      i32.const 65535 i32.const 4 call $sum)
    (func (export "pair") (param f64) (result f64 f32) local.get 0 call $pair)))",
                                  imports);
  ASSERT_TRUE(instance.isValid());
  CallResult run = instance.function("run")->call({});
  ASSERT_TRUE(run) << run.message();
  EXPECT_EQ(run.values()[0].i64(), 10);
  EXPECT_EQ(seen, std::vector<int32_t>{7});

  CallResult overflow = instance.function("overflow")->call({});
  ASSERT_FALSE(overflow);
  ASSERT_NE(overflow.trap(), nullptr);
  EXPECT_EQ(overflow.trap()->kind(), runtime::TrapKind::HostError);
  EXPECT_NE(overflow.message().find("sum: out of bounds"), std::string::npos);

  CallResult both = instance.function("pair")->call({Value::f64(1.5)});
  ASSERT_TRUE(both) << both.message();
  EXPECT_EQ(both.values()[0].f64(), 3.0);
  EXPECT_EQ(both.values()[1].f32(), 1.5f);
}

TEST_P(RuntimeTest, MemoryGlobalAndTableHandles) {
  Instance instance = instantiate(R"((module
    (memory (export "memory") 1 2)
    (global (export "counter") (mut i32) (i32.const 5))
    (global (export "fixed") i64 (i64.const 9))
    (table (export "table") 2 funcref)
    (func (export "get") (result i32) global.get 0)))");
  auto memory = instance.memory("memory");
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->pages(), 1u);
  const uint8_t bytes[] = {1, 2, 3};
  EXPECT_TRUE(memory->write(100, bytes));
  EXPECT_EQ(memory->data()[101], 2);
  EXPECT_FALSE(memory->write(65535, bytes));
  auto grown = memory->grow(1);
  ASSERT_TRUE(grown);
  EXPECT_EQ(*grown, 1u);
  EXPECT_FALSE(memory->grow(1)); // past the maximum of 2
  EXPECT_EQ(memory->data()[101], 2);

  auto counter = instance.global("counter");
  ASSERT_TRUE(counter);
  EXPECT_TRUE(counter->set(Value::i32(11)));
  EXPECT_FALSE(counter->set(Value::i64(11)));
  EXPECT_EQ(instance.function("get")->call({}).values()[0].i32(), 11);
  EXPECT_FALSE(instance.global("fixed")->set(Value::i64(1)));

  auto table = instance.table("table");
  ASSERT_TRUE(table);
  EXPECT_EQ(table->size(), 2u);
  Function get = *instance.function("get");
  EXPECT_TRUE(table->set(1, Value::funcRef(get.instance())));
  EXPECT_EQ(table->get(1)->ref(), runtime::toRef(get.instance()));
  EXPECT_FALSE(table->get(2));

  // Wrong kinds and missing names are errors that name the problem.
  auto notAFunction = instance.function("memory");
  ASSERT_FALSE(notAFunction);
  EXPECT_EQ(notAFunction.error().reason(), "export \"memory\" is a memory, not a func");
  EXPECT_FALSE(instance.function("missing"));
}

TEST_P(RuntimeTest, LinkErrorsAndTrapsAreValues) {
  auto compiled = runtime->compile(test::wat(R"((module
    (import "env" "f" (func (param i32))))
  )"));
  ASSERT_TRUE(compiled);
  auto missing = runtime->instantiate(*compiled);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().reason().find("unknown import"), std::string::npos)
      << missing.error().reason();

  auto bad = runtime->compile(std::vector<uint8_t>{0, 'a', 's', 'm', 2, 0, 0, 0});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason(), "unknown binary version");

  auto invalid = runtime->compile(test::wat("(module (func (result i32) i64.const 0))"));
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().function(), 0u);

  auto starting = runtime->compile(test::wat(R"((module
    (func $start unreachable) (start $start)))"));
  ASSERT_TRUE(starting);
  std::unique_ptr<runtime::Trap> startTrap;
  EXPECT_FALSE(runtime->instantiate(*starting, {}, "start", &startTrap));
  ASSERT_NE(startTrap, nullptr);
  EXPECT_EQ(startTrap->kind(), runtime::TrapKind::Unreachable);

  Instance instance = instantiate(R"((module
    (func (export "boom") unreachable)
    (func (export "ok") (result i32) i32.const 1)))");
  CallResult boom = instance.function("boom")->call({});
  ASSERT_FALSE(boom);
  ASSERT_NE(boom.trap(), nullptr);
  EXPECT_EQ(boom.trap()->kind(), runtime::TrapKind::Unreachable);
  EXPECT_EQ(instance.function("ok")->call({}).values()[0].i32(), 1); // usable after a trap
}

TEST_P(RuntimeTest, InstancesLinkToEachOther) {
  Instance provider = instantiate(R"((module
    (memory (export "mem") 1)
    (func (export "seven") (result i32) i32.const 7)))");
  Imports imports;
  imports.addInstance("provider", provider);
  Instance user = instantiate(R"((module
    (import "provider" "mem" (memory 1))
    (import "provider" "seven" (func $seven (result i32)))
    (func (export "store") (i32.store (i32.const 8) (call $seven)))))",
                              imports);
  ASSERT_TRUE(user.isValid());
  ASSERT_TRUE(user.function("store")->call({}));
  EXPECT_EQ(provider.memory("mem")->data()[8], 7);
}

std::vector<std::string> enginesUnderTest() {
  engine::registerBuiltinEngines();
  return engine::engineNames();
}

INSTANTIATE_TEST_SUITE_P(AllEngines, RuntimeTest, ::testing::ValuesIn(enginesUnderTest()),
                         [](const auto &info) { return info.param; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RuntimeTest);

TEST(Runtime, UnknownEngineIsAnError) {
  RuntimeConfig config;
  config.engine = "no-such-engine";
  auto created = Runtime::create(config);
  ASSERT_FALSE(created);
  EXPECT_NE(created.error().reason().find("no-such-engine"), std::string::npos);
}

} // namespace
