#include "EngineOptions.h"

#include "strata/api/Runtime.h"

#include <boost/program_options/errors.hpp>
#include <boost/program_options/value_semantic.hpp>

#include <algorithm>
#include <iterator>

namespace po = boost::program_options;

namespace strata::tools {
namespace {

enum class Kind {
  Engine,            // the engine's name
  Option,            // KEY=VALUE, any engine option
  Setting,           // the engine option of the same name
  Switch,            // the engine option of the same name, set to "on"
  MemoryReservation, // RuntimeConfig::memoryGuardRegions
};

struct EngineFlag {
  const char *name;
  const char *valueName; // null for a switch
  Kind kind;
  const char *description;
};

constexpr EngineFlag kFlags[] = {
    {"engine", "NAME", Kind::Engine, "the engine (strata engines --names); default interp"},
    {"option", "KEY=VALUE", Kind::Option,
     "sets engine option KEY (its engine's page under docs/); repeatable"},
    {"policy", "SPEC", Kind::Setting,
     "the tiered engine's policy, NAME[:KEY=VALUE,...] (docs/tiering.md)"},
    {"events", "FILE", Kind::Setting, "the tiered engine writes its events to FILE, JSON lines"},
    {"trace", "FILE", Kind::Setting,
     "the tiered engine writes a Chrome trace to FILE, for Perfetto"},
    {"threads", "N", Kind::Setting,
     "the tiered engine's background compile threads (0: synchronous)"},
    {"memory-reservation", "guarded|maximum", Kind::MemoryReservation,
     "per memory: 8 GiB and a guard page (default), or only its maximum size"},
    {"perf-map", nullptr, Kind::Switch,
     "jit, baseline and tiered list their native code in /tmp/perf-PID.map, for perf"},
    {"jitdump", nullptr, Kind::Switch,
     "jit, baseline and tiered write their code to /tmp/jit-PID.dump, for perf inject"},
    {"gdb", nullptr, Kind::Switch, "jit and tiered register their code with gdb's JIT interface"},
};

const EngineFlag *findFlag(const std::string &name) {
  auto flag = std::find_if(std::begin(kFlags), std::end(kFlags),
                           [&](const EngineFlag &flag) { return name == flag.name; });
  return flag == std::end(kFlags) ? nullptr : flag;
}

} // namespace

const po::options_description &engineOptions() {
  static const po::options_description options = [] {
    po::options_description options("engine options");
    for (const EngineFlag &flag : kFlags) {
      if (flag.valueName)
        options.add_options()(flag.name, po::value<std::string>()->value_name(flag.valueName),
                              flag.description);
      else
        options.add_options()(flag.name, flag.description);
    }
    return options;
  }();
  return options;
}

bool isEngineOption(const std::string &key) { return findFlag(key) != nullptr; }

void applyEngineOption(const po::option &option, api::RuntimeConfig &config) {
  const EngineFlag *flag = findFlag(option.string_key);
  std::string value = option.value.empty() ? "" : option.value.front();
  auto &settings = config.engineOptions.settings;
  switch (flag->kind) {
  case Kind::Engine:
    config.engine = value;
    return;
  case Kind::Option: {
    size_t equals = value.find('=');
    if (equals == std::string::npos || equals == 0)
      throw po::error("expected --option=KEY=VALUE, got --option=" + value);
    settings[value.substr(0, equals)] = value.substr(equals + 1);
    return;
  }
  case Kind::Setting:
    settings[flag->name] = value;
    return;
  case Kind::Switch:
    settings[flag->name] = "on";
    return;
  case Kind::MemoryReservation:
    if (value != "guarded" && value != "maximum")
      throw po::error("--memory-reservation must be `guarded` or `maximum`, got `" + value + "`");
    config.memoryGuardRegions = value == "guarded";
    return;
  }
}

} // namespace strata::tools
