#include "SpecTest.h"
#include "ValueText.h"

#include <boost/json.hpp>

#include <cstring>

namespace strata::tools::spec {
namespace json = boost::json;
using runtime::Value;
using wasm::ValType;

namespace {

std::optional<ValType> typeNamed(std::string_view name) {
  static const std::pair<const char *, ValType> types[] = {{"i32", ValType::I32},
                                                           {"i64", ValType::I64},
                                                           {"f32", ValType::F32},
                                                           {"f64", ValType::F64},
                                                           {"v128", ValType::V128},
                                                           {"funcref", ValType::FuncRef},
                                                           {"externref", ValType::ExternRef}};
  for (const auto &[text, type] : types)
    if (name == text)
      return type;
  return std::nullopt;
}

std::string_view stringAt(const json::object &object, std::string_view key) {
  const json::value *value = object.if_contains(key);
  return value && value->is_string() ? std::string_view(value->get_string()) : "";
}

Expected<uint64_t> parseBits(std::string_view text) {
  uint64_t bits = 0;
  if (text.empty())
    return Error("missing value");
  for (char c : text) {
    if (c < '0' || c > '9' || bits > (~uint64_t(0) - (c - '0')) / 10)
      return Error("bad value '" + std::string(text) + "'");
    bits = bits * 10 + (c - '0');
  }
  return bits;
}

// A float result pattern of wast2json; `bits` is a 32- or 64-bit pattern.
bool matchesNan(std::string_view pattern, uint64_t bits, bool is64, bool &isPattern) {
  isPattern = pattern == "nan:canonical" || pattern == "nan:arithmetic";
  if (!isPattern)
    return false;
  uint64_t magnitude = bits & (is64 ? 0x7fffffffffffffff : 0x7fffffff);
  uint64_t canonical = is64 ? 0x7ff8000000000000 : 0x7fc00000;
  if (pattern == "nan:canonical")
    return magnitude == canonical;
  uint64_t exponent = is64 ? 0x7ff0000000000000 : 0x7f800000;
  return (magnitude & canonical) == canonical && (magnitude & exponent) == exponent;
}

struct LaneShape {
  unsigned bits = 0;
  bool isFloat = false;
};

std::optional<LaneShape> laneShape(std::string_view laneType) {
  if (laneType.size() < 2 || (laneType[0] != 'i' && laneType[0] != 'f'))
    return std::nullopt;
  unsigned bits = unsigned(std::atoi(std::string(laneType.substr(1)).c_str()));
  if (bits != 8 && bits != 16 && bits != 32 && bits != 64)
    return std::nullopt;
  if (laneType[0] == 'f' && bits < 32)
    return std::nullopt;
  return LaneShape{bits, laneType[0] == 'f'};
}

uint64_t laneBits(const runtime::V128 &v, unsigned lane, unsigned bits) {
  uint8_t bytes[16];
  std::memcpy(bytes, &v.low, 8);
  std::memcpy(bytes + 8, &v.high, 8);
  uint64_t result = 0;
  for (unsigned byte = 0; byte < bits / 8; ++byte)
    result |= uint64_t(bytes[lane * bits / 8 + byte]) << (8 * byte);
  return result;
}

std::string laneText(LaneShape shape, uint64_t bits) {
  if (!shape.isFloat)
    return std::to_string(bits);
  return formatValue(Value::fromBits(shape.bits == 64 ? ValType::F64 : ValType::F32, bits));
}

std::string v128Text(LaneShape shape, const runtime::V128 &v) {
  std::string text = (shape.isFloat ? "f" : "i") + std::to_string(shape.bits) + "x" +
                     std::to_string(128 / shape.bits);
  for (unsigned lane = 0; lane < 128 / shape.bits; ++lane)
    text += " " + laneText(shape, laneBits(v, lane, shape.bits));
  return text;
}

std::string checkV128(const json::object &expected, const Value &got) {
  auto shape = laneShape(stringAt(expected, "lane_type"));
  const json::value *lanes = expected.if_contains("value");
  if (!shape || !lanes || !lanes->is_array() || lanes->get_array().size() != 128 / shape->bits)
    return "malformed v128 expectation";
  std::string wanted = (shape->isFloat ? "f" : "i") + std::to_string(shape->bits) + "x" +
                       std::to_string(128 / shape->bits);
  bool ok = true;
  for (unsigned lane = 0; lane < 128 / shape->bits; ++lane) {
    const json::value &laneValue = lanes->get_array()[lane];
    std::string_view text =
        laneValue.is_string() ? std::string_view(laneValue.get_string()) : std::string_view();
    uint64_t bits = laneBits(got.v128(), lane, shape->bits);
    bool isPattern = false;
    bool nan = shape->isFloat && matchesNan(text, bits, shape->bits == 64, isPattern);
    if (isPattern) {
      ok &= nan;
      wanted += " " + std::string(text);
      continue;
    }
    auto expectedBits = parseBits(text);
    if (!expectedBits)
      return "malformed v128 expectation";
    ok &= *expectedBits == bits;
    wanted += " " + laneText(*shape, *expectedBits);
  }
  return ok ? "" : "expected " + wanted + ", got " + v128Text(*shape, got.v128());
}

} // namespace

Expected<Value> parseJsonValue(const json::object &value) {
  std::string_view typeName = stringAt(value, "type");
  auto type = typeNamed(typeName);
  if (!type)
    return Error("unknown value type '" + std::string(typeName) + "'");
  if (*type == ValType::V128) {
    auto shape = laneShape(stringAt(value, "lane_type"));
    const json::value *lanes = value.if_contains("value");
    if (!shape || !lanes || !lanes->is_array() || lanes->get_array().size() != 128 / shape->bits)
      return Error("malformed v128 value");
    uint8_t bytes[16] = {};
    for (unsigned lane = 0; lane < 128 / shape->bits; ++lane) {
      const json::value &laneValue = lanes->get_array()[lane];
      auto bits = parseBits(laneValue.is_string() ? std::string_view(laneValue.get_string())
                                                  : std::string_view());
      if (!bits)
        return bits.takeError();
      for (unsigned byte = 0; byte < shape->bits / 8; ++byte)
        bytes[lane * shape->bits / 8 + byte] = uint8_t(*bits >> (8 * byte));
    }
    runtime::V128 v;
    std::memcpy(&v.low, bytes, 8);
    std::memcpy(&v.high, bytes + 8, 8);
    return Value::v128(v);
  }
  std::string_view text = stringAt(value, "value");
  if (wasm::isRefType(*type)) {
    if (text == "null")
      return Value::nullRef(*type);
    if (*type == ValType::FuncRef)
      return Error("a funcref argument other than null");
  }
  auto bits = parseBits(text);
  if (!bits)
    return bits.takeError();
  if (*type == ValType::ExternRef)
    return externRefValue(*bits);
  if ((*type == ValType::I32 || *type == ValType::F32) && *bits > 0xffffffff)
    return Error("value out of range: " + std::string(text));
  return Value::fromBits(*type, *bits);
}

std::string checkResult(const json::object &expected, const Value &got) {
  std::string_view typeName = stringAt(expected, "type");
  auto type = typeNamed(typeName);
  if (!type)
    return "unknown result type '" + std::string(typeName) + "'";
  if (*type != got.type())
    return "expected a " + std::string(typeName) + ", got " + got.toString();
  if (*type == ValType::V128)
    return checkV128(expected, got);
  std::string_view text = stringAt(expected, "value");
  if (wasm::isRefType(*type)) {
    // A funcref result names no particular function: any non-null one matches.
    bool anyNonNull = text.empty() || *type == ValType::FuncRef;
    bool ok = text == "null" ? got.isNull()
              : anyNonNull   ? !got.isNull()
                             : parseBits(text) && externRefValue(*parseBits(text)) == got;
    std::string wanted = text == "null" ? "null"
                         : anyNonNull   ? std::string(typeName) + " (non-null)"
                                        : "externref:" + std::string(text);
    return ok ? "" : "expected " + wanted + ", got " + formatValue(got);
  }
  bool isPattern = false;
  bool nan = matchesNan(text, got.bits(), *type == ValType::F64, isPattern);
  if (isPattern)
    return nan ? "" : "expected " + std::string(text) + ", got " + formatValue(got);
  auto wanted = parseJsonValue(expected);
  if (!wanted)
    return wanted.error().message();
  return *wanted == got ? "" : "expected " + formatValue(*wanted) + ", got " + formatValue(got);
}

} // namespace strata::tools::spec
