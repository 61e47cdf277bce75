#include "strata/runtime/TypeRegistry.h"

namespace strata::runtime {

/// Value type bytes, with a separator between parameters and results: equal keys, equal types.
static std::string encode(const wasm::FuncType &type) {
  std::string key;
  key.reserve(type.params.size() + type.results.size() + 1);
  for (wasm::ValType t : type.params)
    key.push_back(char(t));
  key.push_back('\0');
  for (wasm::ValType t : type.results)
    key.push_back(char(t));
  return key;
}

uint32_t TypeRegistry::intern(const wasm::FuncType &type) {
  std::string key = encode(type);
  std::lock_guard lock(mutex_);
  auto [it, inserted] = ids_.try_emplace(std::move(key), uint32_t(types_.size()));
  if (inserted)
    types_.push_back(type);
  return it->second;
}

const wasm::FuncType &TypeRegistry::type(uint32_t id) const {
  std::lock_guard lock(mutex_);
  return types_.at(id);
}

size_t TypeRegistry::size() const {
  std::lock_guard lock(mutex_);
  return types_.size();
}

} // namespace strata::runtime
