#include "OutputFile.h"

#include <cerrno>
#include <cstring>

namespace strata::profile {

Expected<std::FILE *> openOutput(const std::string &path, const char *what) {
  std::FILE *file = std::fopen(path.c_str(), "w");
  if (!file)
    return Error(std::string("cannot open ") + what + " file '" + path + "': " +
                 std::strerror(errno));
  return file;
}

} // namespace strata::profile
