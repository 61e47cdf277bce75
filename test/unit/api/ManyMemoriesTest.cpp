// Many live memories in one process: every out-of-bounds access still traps, on every engine
// and with either address-space reservation. With 8 GiB per memory the address space runs out
// after some 16,000 memories; later memories reserve only their maximum, and native engines
// run their instances with explicit checks (the baseline engine: interpreted) and count them as
// fallbacks.
#include "strata/api/Runtime.h"
#include "strata/engine/BuiltinEngines.h"

#include "TestUtil.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

using namespace strata;
using namespace strata::api;

namespace {

constexpr size_t kInstances = 20000;

struct ManyMemoriesCase {
  std::string engine;
  bool guardRegions;
};

class ManyMemoriesTest : public ::testing::TestWithParam<ManyMemoriesCase> {};

TEST_P(ManyMemoriesTest, EveryOutOfBoundsAccessTraps) {
  RuntimeConfig config;
  config.engine = GetParam().engine;
  config.memoryGuardRegions = GetParam().guardRegions;
  auto runtime = Runtime::create(config);
  ASSERT_TRUE(runtime) << runtime.error().message();
  auto compiled = (*runtime)->compile(test::wat(R"((module
    (memory 1 1)
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))))"));
  ASSERT_TRUE(compiled) << compiled.error().message();

  std::vector<Instance> instances;
  instances.reserve(kInstances);
  for (size_t i = 0; i < kInstances; ++i) {
    auto instance = (*runtime)->instantiate(*compiled);
    ASSERT_TRUE(instance) << "instance " << i << ": " << instance.error().message();
    instances.push_back(*instance);
  }
  for (size_t i : {size_t(0), size_t(4095), size_t(4096), size_t(10000), kInstances - 1}) {
    Function load = *instances[i].function("load");
    CallResult inside = load.call({Value::i32(65532)});
    ASSERT_TRUE(inside) << "instance " << i << ": " << inside.message();
    EXPECT_EQ(inside.values()[0].i32(), 0);
    CallResult outside = load.call({Value::i32(65533)});
    ASSERT_NE(outside.trap(), nullptr) << "instance " << i;
    EXPECT_EQ(outside.trap()->kind(), runtime::TrapKind::MemoryOutOfBounds) << "instance " << i;
  }
  // The interpreter checks bounds by compares and keeps no memory statistics. The baseline
  // tier's code runs only where guard regions are, interpreted elsewhere.
  if (GetParam().engine == "interp")
    return;
  boost::json::object stats =
      boost::json::parse((*runtime)->engine().memoryStatsJson()).as_object();
  auto count = [&](const char *key) { return stats.at(key).to_number<uint64_t>(); };
  if (GetParam().guardRegions) {
    // More memories at once than the fault handler's table used to hold; where the address
    // space ran out, the rest are fallbacks to explicit checks.
    EXPECT_GT(count("peak_registered"), 4096u) << boost::json::serialize(stats);
  } else {
    EXPECT_EQ(count("explicit_checks"), 20000u) << boost::json::serialize(stats);
    EXPECT_EQ(count("fallbacks"), 0u) << boost::json::serialize(stats);
  }
}

std::vector<ManyMemoriesCase> cases() {
  engine::registerBuiltinEngines();
  std::vector<ManyMemoriesCase> result;
  for (const std::string &engine : engine::engineNames())
    for (bool guardRegions : {true, false})
      result.push_back({engine, guardRegions});
  return result;
}

INSTANTIATE_TEST_SUITE_P(AllEngines, ManyMemoriesTest, ::testing::ValuesIn(cases()),
                         [](const auto &info) {
                           return info.param.engine +
                                  (info.param.guardRegions ? "_guarded" : "_maximum");
                         });

} // namespace
