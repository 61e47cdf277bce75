#include "JsonValues.h"

#include <cmath>
#include <cstdint>

namespace strata::profile {

namespace {

/// Length of the valid UTF-8 sequence at `text[i]`, or 0 when it is not one.
size_t utf8Length(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  size_t length;
  uint32_t min;
  if (lead < 0x80)
    return 1;
  if ((lead & 0xe0) == 0xc0) {
    length = 2;
    min = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3;
    min = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size())
    return 0;
  uint32_t code = lead & (0x7f >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80)
      return 0;
    code = (code << 6) | (byte(i + k) & 0x3f);
  }
  // Overlong forms, surrogates and code points past Unicode are not UTF-8.
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
    return 0;
  return length;
}

} // namespace

boost::json::string validUtf8(std::string_view text, boost::json::storage_ptr storage) {
  boost::json::string out(std::move(storage));
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t valid = i;
    while (valid < text.size())
      if (size_t length = utf8Length(text, valid))
        valid += length;
      else
        break;
    out.append(text.substr(i, valid - i));
    if (valid == text.size())
      break;
    out.append("\xef\xbf\xbd"); // U+FFFD
    i = valid + 1;
  }
  return out;
}

double finiteNumber(double value) { return std::isfinite(value) ? value : 0; }

boost::json::object stagesObject(const StageSeconds &stages, boost::json::storage_ptr storage) {
  return boost::json::object({{"frontend_s", finiteNumber(stages.frontend)},
                              {"mlir_passes_s", finiteNumber(stages.mlirPasses)},
                              {"to_llvm_ir_s", finiteNumber(stages.toLlvmIr)},
                              {"llvm_opt_s", finiteNumber(stages.llvmOpt)},
                              {"codegen_s", finiteNumber(stages.codegen)},
                              {"stencils_s", finiteNumber(stages.stencils)},
                              {"total_s", finiteNumber(stages.total())}},
                             std::move(storage));
}

} // namespace strata::profile
