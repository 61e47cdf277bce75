#include "ValueText.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace strata::tools {
namespace {

using runtime::Value;
using wasm::ValType;

/// An integer of `bits` bits: accepts the signed and the unsigned range, returns the bits.
Expected<uint64_t> parseInteger(std::string_view text, unsigned bits) {
  std::string_view digits = text;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  unsigned base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
    digits.remove_prefix(2);
  }
  if (digits.empty())
    return Error("not an integer: '" + std::string(text) + "'");
  uint64_t magnitude = 0;
  for (char c : digits) {
    if (c == '_')
      continue; // the text format's digit separator
    unsigned digit = c >= '0' && c <= '9'   ? c - '0'
                     : c >= 'a' && c <= 'f' ? c - 'a' + 10
                     : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : 99;
    if (digit >= base)
      return Error("not an integer: '" + std::string(text) + "'");
    if (magnitude > (~uint64_t(0) - digit) / base)
      return Error("integer out of range: '" + std::string(text) + "'");
    magnitude = magnitude * base + digit;
  }
  uint64_t mask = bits == 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  uint64_t signLimit = uint64_t(1) << (bits - 1);
  if (negative ? magnitude > signLimit : magnitude > mask)
    return Error("integer out of range for i" + std::to_string(bits) + ": '" + std::string(text) +
                 "'");
  return (negative ? uint64_t(0) - magnitude : magnitude) & mask;
}

/// A float of 32 or 64 bits, returned as its bit pattern.
Expected<uint64_t> parseFloat(std::string_view text, bool is64) {
  std::string body(text);
  bool negative = !body.empty() && body[0] == '-';
  if (!body.empty() && (body[0] == '-' || body[0] == '+'))
    body.erase(0, 1);
  uint64_t sign = negative ? (is64 ? uint64_t(1) << 63 : uint64_t(1) << 31) : 0;
  uint64_t exponentBits = is64 ? 0x7ff0000000000000 : 0x7f800000;
  uint64_t payloadMask = is64 ? 0x000fffffffffffff : 0x007fffff;
  if (body == "nan")
    return sign | exponentBits | (is64 ? 0x0008000000000000 : 0x00400000);
  if (body.rfind("nan:", 0) == 0) {
    auto payload = parseInteger(body.substr(4), 64);
    if (!payload || *payload == 0 || (*payload & ~payloadMask))
      return Error("bad NaN payload: '" + std::string(text) + "'");
    return sign | exponentBits | *payload;
  }
  if (body == "inf" || body == "infinity")
    return sign | exponentBits;
  std::string clean;
  for (char c : body)
    if (c != '_')
      clean += c;
  const char *begin = clean.c_str();
  char *end = nullptr;
  uint64_t bits;
  if (is64) {
    double value = std::strtod(begin, &end);
    std::memcpy(&bits, &value, 8);
  } else {
    float value = std::strtof(begin, &end);
    uint32_t narrow;
    std::memcpy(&narrow, &value, 4);
    bits = narrow;
  }
  // strtod also reads "nan(...)" and "inf" spellings; those are handled above.
  if (clean.empty() || *end || (!std::isdigit(uint8_t(clean[0])) && clean[0] != '.'))
    return Error("not a number: '" + std::string(text) + "'");
  return sign | bits;
}

struct Shape {
  const char *name;
  unsigned laneBits;
  bool isFloat;
};
constexpr Shape kShapes[] = {{"i8x16", 8, false},  {"i16x8", 16, false}, {"i32x4", 32, false},
                             {"i64x2", 64, false}, {"f32x4", 32, true},  {"f64x2", 64, true}};

Expected<Value> parseV128(std::string_view text) {
  std::vector<std::string> words;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find(' ', at);
    if (end == std::string_view::npos)
      end = text.size();
    if (end > at)
      words.emplace_back(text.substr(at, end - at));
    at = end + 1;
  }
  const Shape *shape = nullptr;
  for (const Shape &candidate : kShapes)
    if (!words.empty() && words[0] == candidate.name)
      shape = &candidate;
  if (!shape)
    return Error("a v128 is a shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2) and its lanes");
  unsigned lanes = 128 / shape->laneBits;
  if (words.size() != lanes + 1)
    return Error(std::string(shape->name) + " needs " + std::to_string(lanes) + " lanes");
  uint8_t bytes[16];
  for (unsigned lane = 0; lane < lanes; ++lane) {
    auto bits = shape->isFloat ? parseFloat(words[lane + 1], shape->laneBits == 64)
                               : parseInteger(words[lane + 1], shape->laneBits);
    if (!bits)
      return bits.takeError();
    for (unsigned byte = 0; byte < shape->laneBits / 8; ++byte)
      bytes[lane * shape->laneBits / 8 + byte] = uint8_t(*bits >> (8 * byte));
  }
  runtime::V128 v;
  std::memcpy(&v.low, bytes, 8);
  std::memcpy(&v.high, bytes + 8, 8);
  return Value::v128(v);
}

} // namespace

std::string formatValue(const Value &value) {
  switch (value.type()) {
  case ValType::FuncRef:
    return value.isNull() ? "null" : "funcref";
  case ValType::ExternRef:
    return value.isNull() ? "null" : "externref:" + std::to_string(value.bits() - 1);
  default: {
    // Value::toString already prints numbers and v128s the way we want, after "type:".
    std::string text = value.toString();
    return text.substr(text.find(':') + 1);
  }
  }
}

Expected<Value> parseValue(ValType type, std::string_view text) {
  switch (type) {
  case ValType::I32:
  case ValType::I64: {
    auto bits = parseInteger(text, type == ValType::I32 ? 32 : 64);
    if (!bits)
      return bits.takeError();
    return Value::fromBits(type, *bits);
  }
  case ValType::F32:
  case ValType::F64: {
    auto bits = parseFloat(text, type == ValType::F64);
    if (!bits)
      return bits.takeError();
    return Value::fromBits(type, *bits);
  }
  case ValType::V128:
    return parseV128(text);
  case ValType::FuncRef:
    if (text == "null")
      return Value::nullRef(type);
    return Error("a funcref argument can only be null");
  case ValType::ExternRef: {
    if (text == "null")
      return Value::nullRef(type);
    if (text.rfind("externref:", 0) == 0)
      text.remove_prefix(10);
    auto n = parseInteger(text, 64);
    if (!n || *n == ~uint64_t(0))
      return Error("an externref argument is null or a number: '" + std::string(text) + "'");
    return externRefValue(*n);
  }
  }
  return Error("unknown value type");
}

} // namespace strata::tools
