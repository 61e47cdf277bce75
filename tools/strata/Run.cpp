// strata run [options] FILE.wasm [ARG...]: runs a WASI command module. Links
// wasi_snapshot_preview1 over the preopened directories and the given environment, calls
// `_start`, passes stdin, stdout and stderr through, and exits with the guest's exit code
// (docs/wasi.md lists the codes strata itself uses).
#include "CommandLine.h"
#include "Commands.h"
#include "Profiling.h"

#include "strata/api/Runtime.h"
#include "strata/wasi/Wasi.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::tools {
namespace {

// Exit codes of strata itself besides kUsageError; every other code is the guest's.
constexpr int kCannotRun = 125; // the module could not be read, linked or instantiated
constexpr int kTrapped = 134;   // what a shell reports for an abort

const char kAbout[] =
    "Runs the `_start` export of a WASI command module (wasi_snapshot_preview1) with stdin,\n"
    "stdout and stderr passed through, and exits with the code the guest gives proc_exit.\n"
    "Options end at FILE.wasm: the arguments after it are the guest's, even those that start\n"
    "with '-'. Exit codes: the guest's; 134 when it traps (the trap and its Wasm stack trace\n"
    "go to stderr); 125 when the module cannot be loaded, linked or instantiated; 2 for bad\n"
    "options (docs/wasi.md).\n";

void describeOptions(CommandLine &commandLine) {
  po::options_description_easy_init add = commandLine.addOptions();
  add("dir", po::value<std::vector<std::string>>()->value_name("HOST[::GUEST]"),
      "let the guest use directory HOST as GUEST (default HOST); repeatable");
  add("ro-dir", po::value<std::vector<std::string>>()->value_name("HOST[::GUEST]"),
      "the same, read-only: changes fail with errno rofs");
  add("env", po::value<std::vector<std::string>>()->value_name("KEY[=VALUE]"),
      "set a variable for the guest (KEY alone: the host's value); repeatable");
  add("argv0", po::value<std::string>()->value_name("NAME"),
      "the guest's argv[0] (default FILE.wasm as given)");
  add("stats", po::value<std::string>()->implicit_value("", "")->value_name("FILE"),
      "at the end, write one JSON line of timings to stderr (or FILE)");
  describeProfileOptions(commandLine);
}

struct RunOptions {
  api::RuntimeConfig config;
  wasi::WasiConfig wasi;
  bool stats = false;
  std::string statsFile;
  std::unique_ptr<ProfileSession> profile;
  std::string path;
};

/// "HOST" or "HOST::GUEST".
wasi::Preopen parsePreopen(std::string_view spec, bool readOnly) {
  size_t split = spec.find("::");
  wasi::Preopen preopen;
  preopen.hostPath = std::string(spec.substr(0, split));
  preopen.guestPath =
      split == std::string_view::npos ? preopen.hostPath : std::string(spec.substr(split + 2));
  preopen.readOnly = readOnly;
  return preopen;
}

/// The guest's environment from the --env options; false with `error` set when one is bad.
bool readEnvironment(const CommandLine &commandLine, RunOptions &options, std::string &error) {
  for (const auto &[name, env] : commandLine.inOrder({"env"})) {
    if (env.empty() || env.front() == '=') {
      error = "expected --env=KEY=VALUE or --env=KEY, got --env=" + env;
      return false;
    }
    if (env.find('=') != std::string::npos)
      options.wasi.environment.push_back(env);
    else if (const char *host = std::getenv(env.c_str()))
      options.wasi.environment.push_back(env + "=" + host);
  }
  return true;
}

/// Parses the command line; the exit code when there is nothing to run.
std::optional<int> parseCommandLine(int argc, char **argv, RunOptions &options) {
  CommandLine commandLine("run", "[OPTIONS] [--] FILE.wasm [ARG...]", kAbout);
  describeOptions(commandLine);
  commandLine.acceptEngineOptions(options.config);
  commandLine.takePositionals(1, kAnyNumber, /*endOptions=*/true);
  if (std::optional<int> done = commandLine.parse(argc, argv))
    return done;
  // In the order given: the guest's descriptors for them are 3, 4, ...
  for (const auto &[name, dir] : commandLine.inOrder({"dir", "ro-dir"}))
    options.wasi.preopens.push_back(parsePreopen(dir, name == "ro-dir"));
  if (std::string error; !readEnvironment(commandLine, options, error))
    return commandLine.usageError(error);
  std::string profileError;
  options.profile = ProfileSession::fromCommandLine(commandLine, profileError);
  if (!profileError.empty())
    return commandLine.usageError(profileError);
  const po::variables_map &values = commandLine.values();
  if (values.count("stats")) {
    options.stats = true;
    options.statsFile = values["stats"].as<std::string>();
    options.config.engineOptions.settings["stats"] = "on";
  }
  const std::vector<std::string> &positionals = commandLine.positionals();
  options.path = positionals.front();
  std::string argv0 = values.count("argv0") ? values["argv0"].as<std::string>() : "";
  options.wasi.args.push_back(argv0.empty() ? options.path : argv0);
  options.wasi.args.insert(options.wasi.args.end(), positionals.begin() + 1, positionals.end());
  return std::nullopt;
}

/// A one-line reason why strata run cannot run `module`, or empty: an import it does not
/// provide, or no `_start` of type () -> ().
std::string checkCommand(const wasm::Module &module) {
  auto names = wasi::wasiFunctionNames();
  for (const wasm::Import &import : module.imports) {
    std::string what = "`" + import.module + "`.`" + import.name + "`";
    if (import.module != wasi::kModuleName) {
      if (import.module.rfind("wasi", 0) == 0)
        return "unsupported import " + what + ": only wasi_snapshot_preview1 is provided";
      return "missing import " + what + ": strata run provides only wasi_snapshot_preview1";
    }
    if (import.kind != wasm::ExternKind::Func)
      return "unsupported import " + what + ": wasi_snapshot_preview1 provides no " +
             wasm::toString(import.kind);
    if (std::find(names.begin(), names.end(), import.name) == names.end())
      return "unsupported import " + what + ": not a function of wasi_snapshot_preview1";
  }
  for (const wasm::Export &entry : module.exports) {
    if (entry.name != "_start")
      continue;
    if (entry.kind != wasm::ExternKind::Func)
      return std::string("not a WASI command: `_start` is a ") + wasm::toString(entry.kind);
    const wasm::FuncType &type = module.functionType(entry.index);
    if (!type.params.empty() || !type.results.empty())
      return "`_start` has type " + type.toString() + ", expected () -> ()";
    return {};
  }
  return "not a WASI command: no export named `_start`";
}

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

struct Timings {
  double compileMs = 0, instantiateMs = 0, runMs = 0;
};

void writeStats(const RunOptions &options, const api::Runtime &runtime, const Timings &timings,
                int exitCode) {
  auto ms = [](double value) { return std::round(value * 1e3) / 1e3; }; // to the microsecond
  boost::json::object fields{{"compile_ms", ms(timings.compileMs)},
                             {"instantiate_ms", ms(timings.instantiateMs)},
                             {"run_ms", ms(timings.runMs)},
                             {"exit_code", exitCode}};
  writeStatsLine(statsLine(runtime, fields), options.statsFile, "run");
}

/// The trap's message and Wasm stack trace; a deep trace (stack exhaustion) keeps its
/// innermost and outermost frames and says how many it leaves out.
std::string describeTrap(const runtime::Trap &trap) {
  constexpr size_t kInnermost = 20, kOutermost = 5;
  std::string text = trap.describe();
  std::vector<size_t> lineStarts;
  for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1))
    lineStarts.push_back(at);
  if (lineStarts.size() <= kInnermost + kOutermost + 1)
    return text;
  size_t cut = lineStarts[kInnermost], resume = lineStarts[lineStarts.size() - kOutermost];
  size_t omitted = lineStarts.size() - kInnermost - kOutermost;
  return text.substr(0, cut) + "\n  ... " + std::to_string(omitted) + " more frames" +
         text.substr(resume);
}

/// The exit code for a call or instantiation that ended in `trap`.
int exitCodeFor(const std::string &path, const runtime::Trap &trap) {
  if (trap.kind() == runtime::TrapKind::Exit) {
    if (!trap.detail().empty()) // a signal raised with proc_raise
      std::fprintf(stderr, "%s: %s\n", path.c_str(), trap.detail().c_str());
    return trap.exitCode();
  }
  std::fprintf(stderr, "%s: trap: %s\n", path.c_str(), describeTrap(trap).c_str());
  return kTrapped;
}

/// Reads, compiles and checks the module; prints why not and returns null when it cannot run.
std::optional<api::CompiledModule> load(const RunOptions &options, api::Runtime &runtime,
                                        Timings &timings) {
  std::vector<uint8_t> bytes;
  if (!readFile(options.path, bytes))
    return std::nullopt;
  auto start = std::chrono::steady_clock::now();
  auto compiled = runtime.compile(bytes, moduleLabel(options.path));
  timings.compileMs = millisecondsSince(start);
  if (!compiled) {
    std::fprintf(stderr, "%s: invalid module: %s\n", options.path.c_str(),
                 compiled.error().message().c_str());
    return std::nullopt;
  }
  if (std::string problem = checkCommand(compiled->module()); !problem.empty()) {
    std::fprintf(stderr, "%s: %s\n", options.path.c_str(), problem.c_str());
    return std::nullopt;
  }
  return std::move(*compiled);
}

/// Instantiates the module with WASI and calls `_start`; returns the exit code.
int start(const RunOptions &options, api::Runtime &runtime, const api::CompiledModule &module,
          wasi::WasiContext &context, Timings &timings) {
  const std::string &path = options.path;
  api::Imports imports;
  for (wasi::WasiFunction &function : wasi::wasiFunctions(context))
    imports.add(std::string(wasi::kModuleName), std::string(function.name),
                runtime.hostFunction(std::string(function.name), function.type,
                                     std::move(function.callback)));
  auto begin = std::chrono::steady_clock::now();
  std::unique_ptr<runtime::Trap> trap;
  auto instance = runtime.instantiate(module, imports, moduleLabel(path), &trap);
  timings.instantiateMs = millisecondsSince(begin);
  if (!instance && trap) // the start function trapped or exited
    return exitCodeFor(path, *trap);
  if (!instance) {
    std::fprintf(stderr, "%s: cannot instantiate: %s\n", path.c_str(),
                 instance.error().message().c_str());
    return kCannotRun;
  }
  auto entry = instance->function("_start"); // checked by checkCommand
  if (!entry) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), entry.error().message().c_str());
    return kCannotRun;
  }
  begin = std::chrono::steady_clock::now();
  api::CallResult result = entry->call({});
  timings.runMs = millisecondsSince(begin);
  if (const runtime::Trap *ended = result.trap())
    return exitCodeFor(path, *ended);
  if (!result) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), result.message().c_str());
    return kCannotRun;
  }
  return 0;
}

int runModule(const RunOptions &options) {
  auto runtime = api::Runtime::create(options.config);
  if (!runtime) {
    std::fprintf(stderr, "strata run: %s\n", runtime.error().message().c_str());
    return kUsageError;
  }
  Timings timings;
  std::optional<api::CompiledModule> module = load(options, **runtime, timings);
  if (!module)
    return kCannotRun;
  auto context = wasi::WasiContext::create(options.wasi);
  if (!context) {
    std::fprintf(stderr, "strata run: %s\n", context.error().message().c_str());
    return kCannotRun;
  }
  if (options.profile) // from instantiation on: the start function runs then
    options.profile->start((*runtime)->callContext());
  int exitCode = start(options, **runtime, *module, **context, timings);
  if (options.profile && !options.profile->finish(moduleLabel(options.path)) && exitCode == 0)
    exitCode = kCannotRun;
  if (options.stats)
    writeStats(options, **runtime, timings, exitCode);
  // The program is over: end the process now rather than wait, while the engines are
  // destroyed, for a background compilation that nothing needs any more. The guest's files
  // are plain descriptors, which the system closes.
  std::fflush(nullptr);
  std::_Exit(exitCode);
}

} // namespace

int runRun(int argc, char **argv) {
  RunOptions options;
  if (std::optional<int> done = parseCommandLine(argc, argv, options))
    return *done;
  return runModule(options);
}

} // namespace strata::tools
