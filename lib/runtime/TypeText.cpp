#include "strata/runtime/TypeText.h"

namespace strata::runtime {

static std::string describe(const wasm::Limits &limits) {
  std::string text = "min " + std::to_string(limits.min);
  if (limits.max)
    text += " max " + std::to_string(*limits.max);
  return text;
}

std::string describe(const wasm::FuncType &type) { return "func " + type.toString(); }

std::string describe(const wasm::TableType &type) {
  return std::string("table ") + wasm::toString(type.elemType) + " " + describe(type.limits);
}

std::string describe(const wasm::MemoryType &type) { return "memory " + describe(type.limits); }

std::string describe(const wasm::GlobalType &type) {
  return std::string("global ") + (type.isMutable ? "mut " : "") + wasm::toString(type.type);
}

} // namespace strata::runtime
