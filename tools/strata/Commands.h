// The strata subcommands: a name, a one-line summary and an entry point taking the arguments
// after "strata" (argv[0] is the command name).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace strata::api {
struct RuntimeConfig;
}

namespace strata::tools {

struct Command {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);
};

std::span<const Command> allCommands();

/// Reads a whole file; on failure prints "strata: cannot read PATH: reason" and returns false.
bool readFile(const std::string &path, std::vector<uint8_t> &out);

/// Reads `--engine=NAME` or `--option=KEY=VALUE` into `config`. Returns false when `arg` is
/// neither, and sets `error` when it is one of them but malformed.
bool parseEngineArgument(const char *arg, api::RuntimeConfig &config, std::string &error);

int runValidate(int argc, char **argv);
int runInspect(int argc, char **argv);
int runEngines(int argc, char **argv);
int runInvoke(int argc, char **argv);
int runSpecTest(int argc, char **argv);
int runCompile(int argc, char **argv);
int runRun(int argc, char **argv);

} // namespace strata::tools
