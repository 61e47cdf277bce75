// strata invoke [--engine=NAME] [--option=K=V...] [--stats[=FILE]] FILE.wasm EXPORT [ARG...]: instantiates a
// module (it may import nothing), calls one export and prints its results, one per line.
#include "Commands.h"
#include "ValueText.h"

#include "strata/api/Runtime.h"

#include <cstdio>
#include <cstring>

namespace strata::tools {
namespace {

const char kUsage[] =
    "usage: strata invoke [--engine=NAME] [--policy=SPEC] [--option=KEY=VALUE...]\n"
    "                     [--events=FILE] [--threads=N] [--stats[=FILE]] FILE.wasm EXPORT [ARG...]\n";

void printHelp() {
  std::printf("%s", kUsage);
  std::printf(
      "Instantiates FILE.wasm (without imports), calls its exported function EXPORT with the\n"
      "arguments, parsed by the parameter types, and prints each result on its own line:\n"
      "  i32, i64   signed decimal              f32, f64  shortest round-trip text, inf, nan:0xP\n"
      "  v128       i32x4 0xL0 0xL1 0xL2 0xL3    refs      null, funcref, externref:N\n"
      "Arguments: integers in decimal or 0x hex; floats in decimal, hex, inf, nan, nan:0xP;\n"
      "v128 as a shape and its lanes in one argument ('i32x4 1 2 3 4'); externref null or N.\n"
      "A trap prints its message and Wasm stack trace to stderr and exits 1.\n"
      "--policy, --events, --trace and --threads set the tiered engine's options\n"
      "(docs/tiering.md, docs/profiling.md);\n"
      "--memory-reservation=guarded|maximum: 8 GiB plus a guard page per memory (default), or\n"
      "only its maximum size, with explicit bounds checks in native code (docs/mlir-tier.md);\n"
      "--perf-map lists jit's and tiered's native code in /tmp/perf-PID.map for perf, and\n"
      "--jitdump writes it to /tmp/jit-PID.dump for perf inject --jit, --gdb registers it\n"
      "with the GDB JIT interface (docs/profiling.md);\n"
      "--stats writes one JSON line with the engine's statistics to stderr (or FILE).\n");
}

} // namespace

int runInvoke(int argc, char **argv) {
  api::RuntimeConfig config;
  bool stats = false;
  std::string statsFile;
  int at = 1;
  for (; at < argc && argv[at][0] == '-' && argv[at][1] == '-'; ++at) {
    if (!std::strcmp(argv[at], "--help")) {
      printHelp();
      return 0;
    }
    if (!std::strcmp(argv[at], "--stats") || !std::strncmp(argv[at], "--stats=", 8)) {
      stats = true;
      statsFile = argv[at][7] == '=' ? argv[at] + 8 : "";
      config.engineOptions.settings["stats"] = "on";
      continue;
    }
    if (!takeEngineArgument(argv[at], config, "invoke"))
      return 2;
  }
  if (argc - at < 2) {
    std::fprintf(stderr, "%s", kUsage);
    return 2;
  }
  const char *path = argv[at];
  const char *exportName = argv[at + 1];
  std::vector<uint8_t> bytes;
  if (!readFile(path, bytes))
    return 1;

  auto runtime = api::Runtime::create(config);
  if (!runtime) {
    std::fprintf(stderr, "strata invoke: %s\n", runtime.error().message().c_str());
    return 1;
  }
  auto compiled = (*runtime)->compile(bytes);
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
  size_t given = size_t(argc - at - 2);
  if (given != type.params.size()) {
    std::fprintf(stderr, "%s: %s has type %s: expected %zu arguments, got %zu\n", path, exportName,
                 type.toString().c_str(), type.params.size(), given);
    return 1;
  }
  std::vector<runtime::Value> args;
  for (size_t i = 0; i < given; ++i) {
    auto value = parseValue(type.params[i], argv[at + 2 + i]);
    if (!value) {
      std::fprintf(stderr, "%s: argument %zu (%s): %s\n", path, i + 1,
                   wasm::toString(type.params[i]), value.error().message().c_str());
      return 1;
    }
    args.push_back(*value);
  }

  api::CallResult result = function->call(args);
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
