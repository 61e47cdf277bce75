// What the program-suite benchmarks share (ProgramsBench.cpp, WarmupBench.cpp): the engine
// configurations they run, tiering-policy lists from flags and the environment, reading a
// program's module, its checksum, and an event sink counting tier-ups and OSR entries.
#pragma once

#include "strata/api/Runtime.h"
#include "strata/profile/Events.h"
#include "strata/tiering/TieredEngine.h"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace strata::bench {

/// One engine as the benchmarks run it: the engine's name and, for "tiered", a policy spec
/// (empty: the engine's default policy).
struct EngineConfig {
  std::string engine;
  std::string policy;

  /// "interp", "tiered", "tiered:counters:calls=1,loops=1": the row's engine column.
  std::string label() const { return policy.empty() ? engine : engine + ":" + policy; }

  api::RuntimeConfig runtimeConfig() const {
    api::RuntimeConfig config;
    config.engine = engine;
    if (!policy.empty())
      config.engineOptions.settings["policy"] = policy;
    return config;
  }
};

/// Splits "a,b,c" at commas, dropping empty items.
inline std::vector<std::string> splitList(std::string_view text) {
  std::vector<std::string> items;
  for (size_t start = 0; start <= text.size();) {
    size_t comma = text.find_first_of(",", start);
    if (comma == std::string_view::npos)
      comma = text.size();
    if (comma > start)
      items.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

/// Policy specs from a list such as "counters,budget:osr=on,eager" or
/// "counters:calls=1,loops=1;never". Specs contain commas themselves, so an item with a `=`
/// and no `:` is one more knob of the spec before it; `;` always separates.
inline std::vector<std::string> splitPolicies(std::string_view text) {
  std::vector<std::string> specs;
  for (size_t start = 0; start <= text.size();) {
    size_t semicolon = text.find(';', start);
    if (semicolon == std::string_view::npos)
      semicolon = text.size();
    for (std::string &item : splitList(text.substr(start, semicolon - start))) {
      bool knob = item.find('=') != std::string::npos && item.find(':') == std::string::npos;
      if (knob && !specs.empty())
        specs.back() += "," + item;
      else
        specs.push_back(std::move(item));
    }
    start = semicolon + 1;
  }
  return specs;
}

/// Removes every `--NAME=VALUE` from argv and returns the values, in order, so the rest can
/// go to benchmark::Initialize.
inline std::vector<std::string> takeFlag(int &argc, char **argv, std::string_view name) {
  std::string prefix = "--" + std::string(name) + "=";
  std::vector<std::string> values;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.substr(0, prefix.size()) == prefix)
      values.emplace_back(arg.substr(prefix.size()));
    else
      argv[kept++] = argv[i];
  }
  argc = kept;
  argv[argc] = nullptr;
  return values;
}

/// $STRATA_PROGRAM_DIR, else the build's program directory.
inline std::string programPath(std::string_view name, bool small) {
  const char *dir = std::getenv("STRATA_PROGRAM_DIR");
  return std::string(dir ? dir : STRATA_PROGRAM_DIR) + "/" + std::string(name) +
         (small ? ".small.wasm" : ".wasm");
}

inline std::vector<uint8_t> readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

/// Checksums are i32 or i64; both are compared as the signed 64-bit value.
inline bool readChecksum(const api::CallResult &result, int64_t &checksum) {
  if (!result || result.values().size() != 1)
    return false;
  const api::Value &value = result.values()[0];
  if (value.type() != wasm::ValType::I32 && value.type() != wasm::ValType::I64)
    return false;
  checksum = value.type() == wasm::ValType::I32 ? value.i32() : value.i64();
  return true;
}

/// Counts the tiered engine's tier-up requests and OSR entries. Relaxed atomics: events come
/// from compile threads too, and only the totals matter.
class CountingSink final : public profile::EventSink {
public:
  std::atomic<uint64_t> tierUps{0};
  std::atomic<uint64_t> osrEntries{0};

  void record(const profile::Event &event) override {
    if (event.kind == profile::EventKind::TierUpRequest)
      tierUps.fetch_add(1, std::memory_order_relaxed);
    else if (event.kind == profile::EventKind::OsrEntry)
      osrEntries.fetch_add(1, std::memory_order_relaxed);
  }
};

/// A CountingSink on `runtime`'s engine when it is a tiered one, else null.
inline std::shared_ptr<CountingSink> attachCountingSink(api::Runtime &runtime) {
  auto sink = std::make_shared<CountingSink>();
  if (!tiering::addEventSink(runtime.engine(), sink))
    return nullptr;
  return sink;
}

} // namespace strata::bench
