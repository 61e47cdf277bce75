#include "Commands.h"

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

} // namespace strata::tools
