// Private to lib/profile: what the sinks add to Boost.JSON, which escapes strings but passes
// their bytes through as they are, and writes infinities and NaN as no JSON reader accepts.
#pragma once

#include "strata/profile/Events.h"

#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include <string_view>

namespace strata::profile {

/// `text` as valid UTF-8, each stray byte replaced by U+FFFD: names come from modules and
/// messages from anywhere, and one bad byte must not make a whole document unreadable.
boost::json::string validUtf8(std::string_view text, boost::json::storage_ptr storage = {});

/// `value`, or 0 when it is infinite or NaN.
double finiteNumber(double value);

/// {"frontend_s":..,"mlir_passes_s":..,"to_llvm_ir_s":..,"llvm_opt_s":..,"codegen_s":..,
/// "total_s":..}
boost::json::object stagesObject(const StageSeconds &stages, boost::json::storage_ptr storage = {});

} // namespace strata::profile
