// Private to lib/profile: the few JSON writing helpers both sinks share. Output is always
// valid JSON: strings are escaped and made valid UTF-8, non-finite numbers become 0.
#pragma once

#include "strata/profile/Events.h"
#include "strata/support/Error.h"

#include <cstdio>
#include <cstdint>
#include <string>
#include <string_view>

namespace strata::profile::json {

/// Appends `text` as a quoted JSON string.
void appendString(std::string &out, std::string_view text);
/// Appends the shortest text that reads back as `value`.
void appendNumber(std::string &out, double value);
void appendNumber(std::string &out, uint64_t value);
void appendNumber(std::string &out, int64_t value);
/// Appends {"frontend_s":..,"mlir_passes_s":..,...,"total_s":..}.
void appendStages(std::string &out, const StageSeconds &stages);

/// Creates or truncates `path` for a sink; fails with "cannot open <what> file '<path>': why".
Expected<std::FILE *> openOutput(const std::string &path, const char *what);

} // namespace strata::profile::json
