// Private to lib/profile: the file a sink writes to.
#pragma once

#include "strata/support/Error.h"

#include <cstdio>
#include <string>

namespace strata::profile {

/// Creates or truncates `path`; fails with "cannot open <what> file '<path>': why".
Expected<std::FILE *> openOutput(const std::string &path, const char *what);

} // namespace strata::profile
