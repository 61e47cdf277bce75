// strata engines [--names]: the engines built into this binary.
#include "Commands.h"

#include "strata/engine/BuiltinEngines.h"
#include "strata/engine/Registry.h"

#include <cstdio>
#include <cstring>

namespace strata::tools {

int runEngines(int argc, char **argv) {
  bool namesOnly = argc > 1 && !std::strcmp(argv[1], "--names");
  if (argc > 1 && !namesOnly) {
    std::printf("usage: strata engines [--names]\nLists the registered engines.\n");
    return std::strcmp(argv[1], "--help") ? 2 : 0;
  }
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
