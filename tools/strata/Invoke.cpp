// strata invoke [ENGINE OPTIONS] [--stats[=FILE]] FILE.wasm EXPORT [ARG...]: instantiates a
// module (it may import nothing), calls one export and prints its results, one per line.
#include "CommandLine.h"
#include "Commands.h"
#include "Profiling.h"
#include "ValueText.h"

#include "strata/api/Runtime.h"

#include <cstdio>

namespace strata::tools {
namespace {

const char kAbout[] =
    "Instantiates FILE.wasm (without imports), calls its exported function EXPORT with the\n"
    "arguments, parsed by the parameter types, and prints each result on its own line:\n"
    "  i32, i64   signed decimal              f32, f64  shortest round-trip text, inf, nan:0xP\n"
    "  v128       i32x4 0xL0 0xL1 0xL2 0xL3    refs      null, funcref, externref:N\n"
    "Arguments: integers in decimal or 0x hex; floats in decimal, hex, inf, nan, nan:0xP;\n"
    "v128 as a shape and its lanes in one argument ('i32x4 1 2 3 4'); externref null or N.\n"
    "Options end at FILE.wasm: a negative number after it is an argument.\n"
    "A trap prints its message and Wasm stack trace to stderr and exits 1.\n";

} // namespace

int runInvoke(int argc, char **argv) {
  api::RuntimeConfig config;
  CommandLine commandLine("invoke", "[OPTIONS] FILE.wasm EXPORT [ARG...]", kAbout);
  commandLine.addOptions()("stats",
                           po::value<std::string>()->implicit_value("", "")->value_name("FILE"),
                           "at the end, write the engine's statistics to stderr (or FILE)");
  describeProfileOptions(commandLine);
  commandLine.acceptEngineOptions(config);
  commandLine.takePositionals(2, kAnyNumber, /*endOptions=*/true);
  if (std::optional<int> done = commandLine.parse(argc, argv))
    return *done;
  std::string profileError;
  std::unique_ptr<ProfileSession> profile =
      ProfileSession::fromCommandLine(commandLine, profileError);
  if (!profileError.empty())
    return commandLine.usageError(profileError);
  bool stats = commandLine.values().count("stats");
  std::string statsFile = stats ? commandLine.values()["stats"].as<std::string>() : "";
  if (stats)
    config.engineOptions.settings["stats"] = "on";
  const std::vector<std::string> &positionals = commandLine.positionals();
  const char *path = positionals[0].c_str();
  const char *exportName = positionals[1].c_str();
  std::vector<uint8_t> bytes;
  if (!readFile(path, bytes))
    return 1;

  auto runtime = api::Runtime::create(config);
  if (!runtime) {
    std::fprintf(stderr, "strata invoke: %s\n", runtime.error().message().c_str());
    return 1;
  }
  auto compiled = (*runtime)->compile(bytes, moduleLabel(path));
  if (!compiled) {
    std::fprintf(stderr, "%s: error: %s\n", path, compiled.error().message().c_str());
    return 1;
  }
  auto instance = (*runtime)->instantiate(*compiled);
  if (!instance) {
    std::fprintf(stderr, "%s: cannot instantiate: %s\n", path, instance.error().message().c_str());
    return 1;
  }
  auto function = instance->function(exportName);
  if (!function) {
    std::fprintf(stderr, "%s: %s\n", path, function.error().message().c_str());
    return 1;
  }

  const wasm::FuncType &type = function->type();
  size_t given = positionals.size() - 2;
  if (given != type.params.size()) {
    std::fprintf(stderr, "%s: %s has type %s: expected %zu arguments, got %zu\n", path, exportName,
                 type.toString().c_str(), type.params.size(), given);
    return 1;
  }
  std::vector<runtime::Value> args;
  for (size_t i = 0; i < given; ++i) {
    auto value = parseValue(type.params[i], positionals[2 + i]);
    if (!value) {
      std::fprintf(stderr, "%s: argument %zu (%s): %s\n", path, i + 1,
                   wasm::toString(type.params[i]), value.error().message().c_str());
      return 1;
    }
    args.push_back(*value);
  }

  if (profile)
    profile->start((*runtime)->callContext());
  api::CallResult result = function->call(args);
  if (profile && !profile->finish(moduleLabel(path)))
    return 1;
  if (stats)
    writeStatsLine(statsLine(**runtime, {}), statsFile, "invoke");
  if (const runtime::Trap *trap = result.trap()) {
    std::fprintf(stderr, "%s: trap: %s\n", path, trap->describe().c_str());
    return 1;
  }
  if (!result) {
    std::fprintf(stderr, "%s: %s\n", path, result.message().c_str());
    return 1;
  }
  for (const runtime::Value &value : result.values())
    std::printf("%s\n", formatValue(value).c_str());
  return 0;
}

} // namespace strata::tools
