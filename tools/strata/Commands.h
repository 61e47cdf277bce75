// The strata subcommands: a name, a one-line summary and an entry point taking the arguments
// after "strata" (argv[0] is the command name). Each parses them with a CommandLine.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace strata::api {
class Runtime;
}

namespace strata::tools {

struct Command {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);
};

std::span<const Command> allCommands();

/// What a module read from `path` is called: its file name without ".wasm".
std::string moduleLabel(const std::string &path);

/// Reads a whole file; on failure prints "strata: cannot read PATH: reason" and returns false.
bool readFile(const std::string &path, std::vector<uint8_t> &out);

/// The `--stats` JSON line: the engine's name, `fields` (may be empty) and the engine's own
/// statistics under "tiering" when it keeps any.
std::string statsLine(const api::Runtime &runtime, const boost::json::object &fields);
/// Writes `line` to `file`, or stderr when empty; false after an error (reported).
bool writeStatsLine(const std::string &line, const std::string &file, const char *command);

int runValidate(int argc, char **argv);
int runInspect(int argc, char **argv);
int runEngines(int argc, char **argv);
int runInvoke(int argc, char **argv);
int runSpecTest(int argc, char **argv);
int runCompile(int argc, char **argv);
int runRun(int argc, char **argv);
int runFuzzExec(int argc, char **argv);

} // namespace strata::tools
