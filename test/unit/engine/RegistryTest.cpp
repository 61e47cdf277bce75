#include "FakeEngine.h"

#include "strata/engine/BuiltinEngines.h"
#include "strata/engine/Registry.h"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::engine;

namespace {

class RegistryTest : public ::testing::Test {
protected:
  void TearDown() override {
    unregisterEngine("fake-a");
    unregisterEngine("fake-b");
  }
  static EngineFactory fakeFactory(std::string *seenPolicy = nullptr) {
    return [seenPolicy](const EngineOptions &options) -> Expected<std::unique_ptr<Engine>> {
      std::string policy = options.get("policy", "none");
      if (seenPolicy)
        *seenPolicy = policy;
      return std::unique_ptr<Engine>(std::make_unique<test::FakeEngine>());
    };
  }
};

TEST_F(RegistryTest, CreatesRegisteredEnginesByName) {
  std::string policy;
  registerEngine("fake-a", "a test engine", fakeFactory(&policy));
  EXPECT_TRUE(isEngineRegistered("fake-a"));
  EngineOptions options;
  options.settings["policy"] = "eager";
  auto engine = createEngine("fake-a", options);
  ASSERT_TRUE(bool(engine)) << engine.error().message();
  EXPECT_EQ((*engine)->name(), "fake");
  EXPECT_EQ(policy, "eager");
  ASSERT_TRUE(bool(createEngine("fake-a")));
  EXPECT_EQ(policy, "none");
}

TEST_F(RegistryTest, SettingsTheEngineDoesNotReadAreRefused) {
  registerEngine("fake-b", "reads `policy`", fakeFactory());
  EngineOptions options;
  options.settings["polcy"] = "eager"; // misspelt
  options.settings["stats"] = "on";    // common to every engine
  auto refused = createEngine("fake-b", options);
  ASSERT_FALSE(bool(refused));
  EXPECT_EQ(refused.error().reason(), "fake-b: unknown option `polcy`; it reads `policy`");
  options.settings.erase("polcy");
  options.settings["policy"] = "eager";
  EXPECT_TRUE(bool(createEngine("fake-b", options)));
  // A factory that reads nothing refuses every setting but "stats".
  options.settings["extra"] = "1";
  registerEngine("fake-a", "reads nothing",
                 [](const EngineOptions &) -> Expected<std::unique_ptr<Engine>> {
                   return std::unique_ptr<Engine>(std::make_unique<test::FakeEngine>());
                 });
  auto none = createEngine("fake-a", options);
  ASSERT_FALSE(bool(none));
  EXPECT_EQ(none.error().reason(), "fake-a: unknown options `extra`, `policy`; it reads none");
}

TEST_F(RegistryTest, EveryBuiltinEngineRefusesAMisspeltKey) {
  registerBuiltinEngines();
  for (const std::string &name : engineNames()) {
    if (name.rfind("fake", 0) == 0)
      continue;
    EngineOptions options;
    options.settings["opt-levle"] = "2";
    auto engine = createEngine(name, options);
    ASSERT_FALSE(bool(engine)) << name;
    EXPECT_NE(engine.error().reason().find("unknown option `opt-levle`"), std::string::npos)
        << engine.error().reason();
  }
}

TEST_F(RegistryTest, NamesAreSortedWithDescriptions) {
  registerEngine("fake-b", "second", fakeFactory());
  registerEngine("fake-a", "first", fakeFactory());
  std::vector<std::string> names = engineNames();
  auto a = std::find(names.begin(), names.end(), "fake-a");
  auto b = std::find(names.begin(), names.end(), "fake-b");
  ASSERT_NE(a, names.end());
  ASSERT_NE(b, names.end());
  EXPECT_LT(a, b);
  bool found = false;
  for (const EngineInfo &info : registeredEngines()) {
    if (info.name == "fake-b") {
      found = true;
      EXPECT_EQ(info.description, "second");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(RegistryTest, RegisteringAgainReplaces) {
  registerEngine("fake-a", "old", fakeFactory());
  registerEngine("fake-a", "new", [](const EngineOptions &) -> Expected<std::unique_ptr<Engine>> {
    return Error("the new factory");
  });
  auto engine = createEngine("fake-a");
  ASSERT_FALSE(bool(engine));
  EXPECT_EQ(engine.error().reason(), "the new factory");
}

TEST_F(RegistryTest, UnknownNamesListTheRegisteredEngines) {
  registerEngine("fake-a", "a test engine", fakeFactory());
  auto engine = createEngine("nope");
  ASSERT_FALSE(bool(engine));
  EXPECT_EQ(engine.error().reason().rfind("unknown engine `nope`; registered engines: ", 0), 0u)
      << engine.error().reason();
  EXPECT_NE(engine.error().reason().find("fake-a"), std::string::npos);
  EXPECT_TRUE(unregisterEngine("fake-a"));
  EXPECT_FALSE(unregisterEngine("fake-a"));
  EXPECT_FALSE(isEngineRegistered("fake-a"));
}

TEST_F(RegistryTest, TierNamesNotRegisteredSaySo) {
  registerBuiltinEngines();
  registerBuiltinEngines(); // idempotent
  // Every tier listed in BuiltinEngines.def is now registered.
  ASSERT_TRUE(isEngineRegistered(kInterpEngine));
  auto interp = createEngine(kInterpEngine);
  ASSERT_TRUE(bool(interp)) << interp.error().message();
  EXPECT_EQ((*interp)->name(), kInterpEngine);
  for (std::string_view tier : {kInterpEngine, kJitEngine, kTieredEngine}) {
    if (isEngineRegistered(tier))
      continue; // the tier is linked in: nothing to check here
    auto engine = createEngine(tier);
    ASSERT_FALSE(bool(engine));
    EXPECT_NE(engine.error().reason().find("engine `" + std::string(tier) +
                                           "` is not registered in this program"),
              std::string::npos)
        << engine.error().reason();
    EXPECT_NE(engine.error().reason().find("registered engines: "), std::string::npos);
  }
}

TEST(EngineRegistry, PrivateRegistriesAreIndependent) {
  EngineRegistry registry;
  auto empty = registry.create(kJitEngine);
  ASSERT_FALSE(bool(empty));
  EXPECT_EQ(empty.error().reason(),
            "engine `jit` is not registered in this program; registered engines: none");
  registry.add("only-here", "private", [](const EngineOptions &) {
    return Expected<std::unique_ptr<Engine>>(std::make_unique<test::FakeEngine>());
  });
  EXPECT_EQ(registry.names(), std::vector<std::string>{"only-here"});
  EXPECT_TRUE(bool(registry.create("only-here")));
  EXPECT_FALSE(isEngineRegistered("only-here")); // the global registry did not see it
  EXPECT_TRUE(registry.remove("only-here"));
  EXPECT_TRUE(registry.engines().empty());
}

} // namespace
