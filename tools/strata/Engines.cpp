// strata engines [--names]: the engines built into this binary.
#include "CommandLine.h"
#include "Commands.h"

#include "strata/engine/BuiltinEngines.h"
#include "strata/engine/Registry.h"

#include <cstdio>

namespace strata::tools {

int runEngines(int argc, char **argv) {
  CommandLine commandLine("engines", "[--names]",
                          "Lists the engines built in, each with a line about it.\n");
  commandLine.addOptions()("names", "print only their names, one per line");
  if (std::optional<int> done = commandLine.parse(argc, argv))
    return *done;
  bool namesOnly = commandLine.values().count("names");
  engine::registerBuiltinEngines();
  for (const engine::EngineInfo &info : engine::registeredEngines()) {
    if (namesOnly)
      std::printf("%s\n", info.name.c_str());
    else
      std::printf("%-8s %s\n", info.name.c_str(), info.description.c_str());
  }
  return 0;
}

} // namespace strata::tools
