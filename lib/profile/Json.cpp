#include "Json.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <cmath>

namespace strata::profile::json {

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

void appendString(std::string &out, std::string_view text) {
  out += '"';
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        static const char hex[] = "0123456789abcdef";
        out += "\\u00";
        out += hex[(c >> 4) & 0xf];
        out += hex[c & 0xf];
        break;
      }
      if (size_t length = utf8Length(text, i)) {
        out.append(text, i, length);
        i += length;
        continue;
      }
      // Names come from modules and messages from anywhere: a stray byte must not make the
      // whole line unreadable, so it becomes U+FFFD.
      out += "\\ufffd";
    }
    ++i;
  }
  out += '"';
}

void appendNumber(std::string &out, double value) {
  if (!std::isfinite(value)) {
    out += '0';
    return;
  }
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc())
    out += '0';
  else
    out.append(buffer, end);
}

void appendNumber(std::string &out, uint64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void appendNumber(std::string &out, int64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void appendStages(std::string &out, const StageSeconds &stages) {
  out += "{\"frontend_s\":";
  appendNumber(out, stages.frontend);
  out += ",\"mlir_passes_s\":";
  appendNumber(out, stages.mlirPasses);
  out += ",\"to_llvm_ir_s\":";
  appendNumber(out, stages.toLlvmIr);
  out += ",\"llvm_opt_s\":";
  appendNumber(out, stages.llvmOpt);
  out += ",\"codegen_s\":";
  appendNumber(out, stages.codegen);
  out += ",\"total_s\":";
  appendNumber(out, stages.total());
  out += '}';
}

Expected<std::FILE *> openOutput(const std::string &path, const char *what) {
  std::FILE *file = std::fopen(path.c_str(), "w");
  if (!file)
    return Error(std::string("cannot open ") + what + " file '" + path + "': " +
                 std::strerror(errno));
  return file;
}

} // namespace strata::profile::json
