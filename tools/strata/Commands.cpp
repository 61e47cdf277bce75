#include "Commands.h"

#include "strata/api/Runtime.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

namespace strata::tools {

std::span<const Command> allCommands() {
  static const Command commands[] = {
      {"validate", "decode and validate a module; exit 1 with the error if it is bad",
       runValidate},
      {"inspect", "print a module's sections, imports, exports, functions and names", runInspect},
      {"engines", "list the engines built in", runEngines},
      {"invoke", "call an exported function and print its results", runInvoke},
      {"run", "run a WASI command module (_start) with wasi_snapshot_preview1", runRun},
      {"spectest", "run spec test scripts converted by wast2json", runSpecTest},
      {"compile", "show a stage of the MLIR tier: MLIR, LLVM IR, assembly or an object",
       runCompile},
      {"fuzz-exec", "call every export of random modules as the differential fuzzer does",
       runFuzzExec},
  };
  return commands;
}

bool readFile(const std::string &path, std::vector<uint8_t> &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "strata: cannot read %s: %s\n", path.c_str(), std::strerror(errno));
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(in), {});
  return true;
}

bool parseEngineArgument(const char *arg, api::RuntimeConfig &config, std::string &error) {
  if (!std::strncmp(arg, "--engine=", 9)) {
    config.engine = arg + 9;
    return true;
  }
  // Shorthands for the tiered engine's settings.
  for (const char *key : {"policy", "events", "trace", "threads"}) {
    std::string prefix = std::string("--") + key + "=";
    if (!std::strncmp(arg, prefix.c_str(), prefix.size())) {
      config.engineOptions.settings[key] = arg + prefix.size();
      return true;
    }
  }
  for (const char *key : {"perf-map", "jitdump", "gdb"}) {
    if (!std::strcmp(arg, (std::string("--") + key).c_str())) {
      config.engineOptions.settings[key] = "on";
      return true;
    }
  }
  if (!std::strncmp(arg, "--memory-reservation=", 21)) {
    std::string value = arg + 21;
    if (value == "guarded" || value == "maximum")
      config.memoryGuardRegions = value == "guarded";
    else
      error = "--memory-reservation must be `guarded` or `maximum`, got `" + value + "`";
    return true;
  }
  if (std::strncmp(arg, "--option=", 9))
    return false;
  const char *setting = arg + 9;
  const char *equals = std::strchr(setting, '=');
  if (!equals || equals == setting)
    error = std::string("expected --option=KEY=VALUE, got ") + arg;
  else
    config.engineOptions.settings[std::string(setting, equals)] = equals + 1;
  return true;
}

bool takeEngineArgument(const char *arg, api::RuntimeConfig &config, const char *command) {
  std::string error;
  if (!parseEngineArgument(arg, config, error))
    error = std::string("unknown option ") + arg;
  if (error.empty())
    return true;
  std::fprintf(stderr, "strata %s: %s\n", command, error.c_str());
  return false;
}

std::string statsLine(const api::Runtime &runtime, const boost::json::object &fields) {
  boost::json::object line{{"engine", runtime.engine().name()}};
  for (const boost::json::key_value_pair &field : fields)
    line.emplace(field.key(), field.value());
  // The engines give their statistics as JSON text.
  const engine::Engine &engine = runtime.engine();
  for (const auto &[key, json] : {std::pair{"tiering", engine.statsJson()},
                                  {"compilation", engine.compileStatsJson()},
                                  {"memories", engine.memoryStatsJson()}})
    if (!json.empty())
      line[key] = boost::json::parse(json);
  return boost::json::serialize(line) + "\n";
}

bool writeStatsLine(const std::string &line, const std::string &file, const char *command) {
  FILE *out = file.empty() ? stderr : std::fopen(file.c_str(), "w");
  if (!out) {
    std::fprintf(stderr, "strata %s: cannot write %s: %s\n", command, file.c_str(),
                 std::strerror(errno));
    return false;
  }
  std::fputs(line.c_str(), out);
  if (out != stderr)
    std::fclose(out);
  return true;
}

} // namespace strata::tools
