#include "strata/support/Error.h"

#include <cstdio>

namespace strata {

std::string Error::message() const {
  std::string text = reason_;
  if (offset_ == kNoOffset && function_ == kNoFunction)
    return text;
  text += " (";
  if (offset_ != kNoOffset) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "at byte 0x%llx",
                  static_cast<unsigned long long>(offset_));
    text += buffer;
  }
  if (function_ != kNoFunction) {
    if (offset_ != kNoOffset)
      text += ", ";
    text += "function " + std::to_string(function_);
  }
  text += ")";
  return text;
}

} // namespace strata
