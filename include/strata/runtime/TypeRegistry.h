// The store's function type registry: every distinct function type gets one canonical id, so
// call_indirect and import matching compare types across modules by a single integer.
// Thread-safe, since background compilations look types up. Depends on wasm/Types.h only.
#pragma once

#include "strata/wasm/Types.h"

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace strata::runtime {

class TypeRegistry {
public:
  /// The canonical id of `type`, registering it when it is new.
  uint32_t intern(const wasm::FuncType &type);
  /// The type of a canonical id; the reference stays valid as long as the registry.
  const wasm::FuncType &type(uint32_t id) const;
  size_t size() const;

private:
  mutable std::mutex mutex_;
  std::deque<wasm::FuncType> types_; // a deque keeps references stable as it grows
  std::unordered_map<std::string, uint32_t> ids_; // keyed by the type's encoding
};

} // namespace strata::runtime
