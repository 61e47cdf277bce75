// Warm-up curves of the program suite: per program and engine configuration, one engine
// compiles and instantiates the module once, then calls `run` N times in the same process,
// timing each call with steady_clock (wall time: a tiered engine's background compilations
// overlap the calls they speed up). Writes CSV: iteration 0 is compile + instantiate, 1..N
// the calls; tier_ups and osr_entries are the tiered engine's running totals after that
// iteration ("" for other engines). Every call's result must equal the first call's and, for
// the full programs, the native checksum (as strata-bench-programs checks).
#include "ProgramSuite.h"
#include "ProgramTable.h"

#include "strata/api/Runtime.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>


using namespace strata;
using bench::EngineConfig;
using bench::kPrograms;
using bench::Program;

namespace {


const char kUsage[] =
    "usage: strata-bench-warmup [--iterations=N] [--csv=FILE] [--programs=A,B,...]\n"
    "                           [--engines=interp,jit,tiered] [--policies=SPEC,...]\n"
    "                           [--policy=SPEC]... [--threads=N] [--small]\n"
    "Per program and engine configuration: compile and instantiate once, call `run` N times\n"
    "(default 50) and write program,engine,policy,iteration,seconds,tier_ups,osr_entries as\n"
    "CSV (iteration 0: compile + instantiate). --engines defaults to the build's engines;\n"
    "each policy adds a tiered configuration (specs as in --policy=, e.g.\n"
    "--policies='counters:calls=1,loops=1;never;eager'); --threads sets the tiered engine's\n"
    "compile threads; --small runs NAME.small.wasm (checked against the first call only).\n";

struct Options {
  unsigned iterations = 50;
  std::string csv;
  std::vector<std::string> programs;
  std::vector<std::string> engines;
  std::vector<std::string> policies;
  std::string threads;
  bool small = false;
  bool help = false;
};

bool parseOptions(int argc, char **argv, Options &options) {
  options.engines = bench::splitList(STRATA_ENGINES);
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&](std::string_view flag, std::string_view &out) {
      if (arg.substr(0, flag.size()) != flag)
        return false;
      out = arg.substr(flag.size());
      return true;
    };
    std::string_view text;
    if (value("--iterations=", text)) {
      char *end = nullptr;
      std::string number(text);
      unsigned long n = std::strtoul(number.c_str(), &end, 10);
      if (number.empty() || *end || n == 0) {
        std::fprintf(stderr, "strata-bench-warmup: bad --iterations `%s`\n", number.c_str());
        return false;
      }
      options.iterations = unsigned(n);
    } else if (value("--csv=", text)) {
      options.csv = text;
    } else if (value("--programs=", text)) {
      options.programs = bench::splitList(text);
    } else if (value("--engines=", text)) {
      options.engines = bench::splitList(text);
    } else if (value("--policies=", text) || value("--policy=", text)) {
      for (std::string &spec : bench::splitPolicies(text))
        options.policies.push_back(std::move(spec));
    } else if (value("--threads=", text)) {
      options.threads = text;
    } else if (arg == "--small") {
      options.small = true;
    } else {
      options.help = arg == "--help" || arg == "-h";
      std::fputs(kUsage, options.help ? stdout : stderr);
      return false;
    }
  }
  return true;
}

struct Config {
  EngineConfig engine;
  std::string threads;

  api::RuntimeConfig runtimeConfig() const {
    api::RuntimeConfig config = engine.runtimeConfig();
    if (engine.engine == "tiered" && !threads.empty())
      config.engineOptions.settings["threads"] = threads;
    return config;
  }
  /// The CSV's policy column: the spec, "default" for the tiered engine without one.
  std::string policyColumn() const {
    if (!engine.policy.empty())
      return engine.policy;
    return engine.engine == "tiered" ? "default" : "";
  }
};

/// Quotes a CSV field when it needs it (policy specs hold commas).
std::string csvField(const std::string &text) {
  if (text.find_first_of(",\"\n") == std::string::npos)
    return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"')
      quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class Writer {
public:
  explicit Writer(std::FILE *out) : out_(out) {}
  void row(const Program &program, const Config &config, unsigned iteration, double seconds,
           const bench::CountingSink *sink) {
    std::string counts = ",,";
    if (sink)
      counts = "," + std::to_string(sink->tierUps.load()) + "," +
               std::to_string(sink->osrEntries.load());
    std::fprintf(out_, "%s,%s,%s,%u,%.9f%s\n", program.name, config.engine.engine.c_str(),
                 csvField(config.policyColumn()).c_str(), iteration, seconds, counts.c_str());
    std::fflush(out_); // a long run shows progress, and a crash keeps what was measured
  }

private:
  std::FILE *out_;
};

/// One warm-up curve; false (after saying why) when something failed.
bool warmUp(const Program &program, const Config &config, const Options &options,
            Writer &writer) {
  std::string label = std::string(program.name) + " on " + config.engine.label();
  auto fail = [&](const std::string &message) {
    std::fprintf(stderr, "strata-bench-warmup: %s: %s\n", label.c_str(), message.c_str());
    return false;
  };
  std::vector<uint8_t> bytes = bench::readFile(bench::programPath(program.name, options.small));
  if (bytes.empty())
    return fail("cannot read " + bench::programPath(program.name, options.small));
  auto runtime = api::Runtime::create(config.runtimeConfig());
  if (!runtime)
    return fail(runtime.error().message());
  std::shared_ptr<bench::CountingSink> sink = bench::attachCountingSink(**runtime);
  auto start = std::chrono::steady_clock::now();
  auto compiled = (*runtime)->compile(bytes);
  if (!compiled)
    return fail(compiled.error().message());
  auto instance = (*runtime)->instantiate(*compiled, {}, program.name);
  if (!instance)
    return fail(instance.error().message());
  auto run = instance->function("run");
  if (!run)
    return fail(run.error().message());
  writer.row(program, config, 0, secondsSince(start), sink.get());
  // The native build runs the full size only.
  std::optional<int64_t> expected;
  if (!options.small)
    expected = program.native();
  for (unsigned iteration = 1; iteration <= options.iterations; ++iteration) {
    start = std::chrono::steady_clock::now();
    api::CallResult result = run->call({});
    double seconds = secondsSince(start);
    int64_t checksum;
    if (!bench::readChecksum(result, checksum))
      return fail(result ? "run returned no single integer" : result.message());
    if (expected && checksum != *expected)
      return fail("call " + std::to_string(iteration) + ": checksum " + std::to_string(checksum) +
                  ", expected " + std::to_string(*expected));
    expected = checksum;
    writer.row(program, config, iteration, seconds, sink.get());
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  if (!parseOptions(argc, argv, options))
    return options.help ? 0 : 2;

  std::vector<Config> configs;
  for (const std::string &engine : options.engines)
    configs.push_back({{engine, {}}, options.threads});
  for (const std::string &policy : options.policies)
    configs.push_back({{"tiered", policy}, options.threads});
  for (const Config &config : configs) { // bad names and specs fail before any work
    auto runtime = api::Runtime::create(config.runtimeConfig());
    if (!runtime) {
      std::fprintf(stderr, "strata-bench-warmup: %s\n", runtime.error().message().c_str());
      return 2;
    }
  }
  std::vector<const Program *> programs;
  for (const Program &program : kPrograms)
    if (options.programs.empty() ||
        std::find(options.programs.begin(), options.programs.end(), program.name) !=
            options.programs.end())
      programs.push_back(&program);
  for (const std::string &name : options.programs)
    if (std::none_of(std::begin(kPrograms), std::end(kPrograms),
                     [&](const Program &program) { return name == program.name; })) {
      std::fprintf(stderr, "strata-bench-warmup: unknown program `%s`\n", name.c_str());
      return 2;
    }

  std::FILE *out = stdout;
  if (!options.csv.empty() && !(out = std::fopen(options.csv.c_str(), "w"))) {
    std::fprintf(stderr, "strata-bench-warmup: cannot write %s\n", options.csv.c_str());
    return 2;
  }
  std::fprintf(out, "# strata-bench-warmup: iteration 0 is compile + instantiate, 1..%u are "
                    "calls to run; seconds of wall time (steady_clock); tier_ups and "
                    "osr_entries are running totals (tiered engine only)%s%s\n",
               options.iterations, options.small ? "; small programs" : "",
               options.threads.empty() ? "" : ("; tiered threads=" + options.threads).c_str());
  std::fprintf(out, "program,engine,policy,iteration,seconds,tier_ups,osr_entries\n");
  Writer writer(out);
  bool ok = true;
  for (const Program *program : programs)
    for (const Config &config : configs)
      ok &= warmUp(*program, config, options, writer);
  if (out != stdout)
    std::fclose(out);
  return ok ? 0 : 1;
}
