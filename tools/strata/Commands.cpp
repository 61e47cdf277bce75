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

std::string moduleLabel(const std::string &path) {
  size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = name.rfind(".wasm");
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
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
