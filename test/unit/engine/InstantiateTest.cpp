#include "FakeEngine.h"
#include "TestUtil.h"

#include "strata/engine/HostCallEngine.h"
#include "strata/engine/Instantiate.h"
#include "strata/runtime/Instantiate.h"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::runtime;
using strata::test::loadModule;
using wasm::ValType;

namespace {

class EngineInstantiateTest : public ::testing::Test {
protected:
  ModuleInstance *instantiate(const std::string &text, engine::InstantiateOptions options = {}) {
    options.trapOut = &trap;
    auto instance = engine::instantiate(store, fake, loadModule(text), imports, options);
    if (!instance) {
      error = instance.error().reason();
      return nullptr;
    }
    return *instance;
  }
  FunctionInstance &defineHost(const std::string &name, HostCallback callback) {
    FunctionInstance &f = store.createHostFunction({{}, {}}, std::move(callback), name);
    imports.define("env", name, &f);
    return f;
  }

  Store store;
  test::FakeEngine fake;
  ImportMap imports;
  std::unique_ptr<Trap> trap;
  std::string error;
};

TEST_F(EngineInstantiateTest, ImportedHostStartRunsAfterTheSegments) {
  int starts = 0;
  ModuleInstance *seenCaller = nullptr;
  uint8_t seenByte = 0;
  defineHost("start", [&](HostCallContext &call, std::span<uint64_t>) {
    ++starts;
    seenCaller = call.caller;
    if (MemoryInstance *memory = call.callerMemory())
      seenByte = memory->base()[3];
    return CallStatus();
  });
  ModuleInstance *instance = instantiate(R"((module
    (import "env" "start" (func $start))
    (memory 1)
    (data (i32.const 3) "\2a")
    (start $start)))");
  ASSERT_NE(instance, nullptr) << error;
  EXPECT_EQ(starts, 1);
  EXPECT_EQ(seenCaller, instance);
  EXPECT_EQ(seenByte, 0x2a); // the data segment was copied before the start function ran
  EXPECT_EQ(fake.compiledModuleCount(), 1u);
  EXPECT_EQ(fake.moduleEngines, 1);
  ASSERT_NE(instance->moduleEngine(), nullptr);
  EXPECT_EQ(instance->moduleEngine()->name(), "fake");
  EXPECT_EQ(&instance->moduleEngine()->instance(), instance);
}

TEST_F(EngineInstantiateTest, StartRunsInTheGivenContext) {
  CallContext context(store);
  int marker = 0;
  context.setEmbedderData(&marker);
  void *seen = nullptr;
  defineHost("start", [&](HostCallContext &call, std::span<uint64_t>) {
    seen = call.context.embedderData();
    return CallStatus();
  });
  engine::InstantiateOptions options;
  options.context = &context;
  ASSERT_NE(instantiate(R"((module (import "env" "start" (func $s)) (start $s)))", options),
            nullptr)
      << error;
  EXPECT_EQ(seen, &marker);
}

TEST_F(EngineInstantiateTest, TrappingStartFailsButKeepsTheInstance) {
  defineHost("start", [](HostCallContext &, std::span<uint64_t>) {
    return CallStatus(Trap(TrapKind::Unreachable));
  });
  size_t before = store.instances().size();
  EXPECT_EQ(instantiate(R"((module (import "env" "start" (func $s)) (start $s)))"), nullptr);
  EXPECT_EQ(error, "unreachable");
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind(), TrapKind::Unreachable);
  EXPECT_EQ(store.instances().size(), before + 1);
}

TEST_F(EngineInstantiateTest, StartOfAWasmFunctionGoesThroughTheModuleEngine) {
  ModuleInstance *instance = instantiate(R"((module (func $s) (start $s)))");
  ASSERT_NE(instance, nullptr) << error;
  EXPECT_EQ(fake.wasmCalls, 1);
}

TEST_F(EngineInstantiateTest, NoStartNoCall) {
  ASSERT_NE(instantiate(R"((module (func (export "f"))))"), nullptr) << error;
  EXPECT_EQ(fake.wasmCalls, 0);
}

TEST_F(EngineInstantiateTest, TrappedSegmentsLeaveCallableFunctions) {
  ModuleInstance *lib = instantiate(R"((module (table (export "t") 2 funcref)))");
  ASSERT_NE(lib, nullptr) << error;
  imports.defineInstance("lib", *lib);
  EXPECT_EQ(instantiate(R"((module
    (import "lib" "t" (table 2 funcref))
    (func $f)
    (elem (i32.const 0) $f)
    (elem (i32.const 1) $f $f)))"),
            nullptr);
  EXPECT_EQ(error, "out of bounds table access");
  FunctionInstance *f = toFunction((*lib->exportedTable("t"))[0]);
  ASSERT_NE(f, nullptr);
  // The engine was hooked up before the segments ran, so the function can still be called.
  auto callEngine = engine::newCallEngine(*f);
  ASSERT_TRUE(bool(callEngine)) << callEngine.error().message();
  EXPECT_TRUE(bool((*callEngine)->call(*std::make_unique<CallContext>(store), {})));
  EXPECT_EQ(fake.wasmCalls, 1);
}

TEST_F(EngineInstantiateTest, LinkErrorsLeaveTheStoreAsItWas) {
  Store::Checkpoint before = store.checkpoint();
  EXPECT_EQ(instantiate(R"((module (import "env" "f" (func)) (memory 1)))"), nullptr);
  EXPECT_EQ(error, "unknown import `env`.`f`");
  EXPECT_FALSE(trap);
  EXPECT_EQ(fake.moduleEngines, 0);
  Store::Checkpoint after = store.checkpoint();
  EXPECT_EQ(after.instances, before.instances);
  EXPECT_EQ(after.memories, before.memories);
}

TEST_F(EngineInstantiateTest, EngineFailuresLeaveTheStoreAsItWas) {
  fake.failModuleEngine = true;
  Store::Checkpoint before = store.checkpoint();
  EXPECT_EQ(instantiate(R"((module (func) (memory 1) (table 1 funcref)))"), nullptr);
  EXPECT_EQ(error, "fake module engine failure");
  Store::Checkpoint after = store.checkpoint();
  EXPECT_EQ(after.instances, before.instances);
  EXPECT_EQ(after.functions, before.functions);
  EXPECT_EQ(after.memories, before.memories);
  EXPECT_EQ(after.tables, before.tables);

  fake.failModuleEngine = false;
  fake.failCompile = true;
  EXPECT_EQ(instantiate("(module)"), nullptr);
  EXPECT_EQ(error, "fake compile failure");
}

TEST_F(EngineInstantiateTest, CallEnginesRouteByFunctionKind) {
  int hostCalls = 0;
  FunctionInstance &h = defineHost("h", [&](HostCallContext &call, std::span<uint64_t>) {
    ++hostCalls;
    return CallStatus();
  });
  ModuleInstance *instance = instantiate(R"((module
    (import "env" "h" (func $h))
    (func (export "f"))
    (export "h" (func $h))))");
  ASSERT_NE(instance, nullptr) << error;
  CallContext context(store);
  auto reexported = engine::newCallEngine(*instance->exportedFunction("h"));
  ASSERT_TRUE(bool(reexported));
  EXPECT_NE(dynamic_cast<engine::HostCallEngine *>(reexported->get()), nullptr);
  EXPECT_EQ(&(*reexported)->function(), &h);
  EXPECT_TRUE(bool((*reexported)->call(context, {})));
  EXPECT_EQ(hostCalls, 1);

  auto own = engine::newCallEngine(*instance->exportedFunction("f"));
  ASSERT_TRUE(bool(own));
  EXPECT_NE(dynamic_cast<test::CountingCallEngine *>(own->get()), nullptr);
  EXPECT_TRUE(bool((*own)->call(context, {})));
  EXPECT_EQ(fake.wasmCalls, 1);
  EXPECT_EQ(hostCalls, 1);
}

TEST_F(EngineInstantiateTest, FunctionsOfAnInstanceWithoutEngineCannotBeCalled) {
  auto instance = runtime::instantiateModule(store, loadModule(R"((module (func (export "f"))))"),
                                             imports, "bare");
  ASSERT_TRUE(bool(instance));
  auto callEngine = engine::newCallEngine(*(*instance)->exportedFunction("f"));
  ASSERT_FALSE(bool(callEngine));
  EXPECT_EQ(callEngine.error().reason(), "cannot call bare.func[0]: its instance has no engine");
}

TEST_F(EngineInstantiateTest, DefaultFuncElementInstanceIsTheFunctionPointers) {
  ModuleInstance *instance = instantiate(R"((module (func) (func) (func)))");
  ASSERT_NE(instance, nullptr) << error;
  std::vector<uint32_t> indexes = {2, 0};
  std::vector<Ref> refs = instance->moduleEngine()->createFuncElementInstance(indexes);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0], toRef(instance->function(2)));
  EXPECT_EQ(refs[1], toRef(instance->function(0)));
}

} // namespace
