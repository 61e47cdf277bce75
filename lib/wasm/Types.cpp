#include "strata/wasm/Types.h"

namespace strata::wasm {

bool isValTypeByte(uint8_t byte) {
  switch (byte) {
  case 0x7f: case 0x7e: case 0x7d: case 0x7c: case 0x7b: case 0x70: case 0x6f:
    return true;
  default:
    return false;
  }
}

const char *toString(ValType t) {
  switch (t) {
  case ValType::I32: return "i32";
  case ValType::I64: return "i64";
  case ValType::F32: return "f32";
  case ValType::F64: return "f64";
  case ValType::V128: return "v128";
  case ValType::FuncRef: return "funcref";
  case ValType::ExternRef: return "externref";
  }
  return "<bad type>";
}

const char *toString(ExternKind kind) {
  switch (kind) {
  case ExternKind::Func: return "func";
  case ExternKind::Table: return "table";
  case ExternKind::Memory: return "memory";
  case ExternKind::Global: return "global";
  }
  return "<bad kind>";
}

static std::string typeList(const std::vector<ValType> &types) {
  std::string text = "(";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i)
      text += ", ";
    text += toString(types[i]);
  }
  return text + ")";
}

std::string FuncType::toString() const {
  return typeList(params) + " -> " + typeList(results);
}

bool Limits::isSubtypeOf(const Limits &required) const {
  if (min < required.min)
    return false;
  if (!required.max)
    return true;
  return max && *max <= *required.max;
}

} // namespace strata::wasm
