// An external value: a function, table, memory or global instance, as exports give them and
// imports take them. Depends on wasm/Types.h only.
#pragma once

#include "strata/wasm/Types.h"

#include <string>
#include <variant>

namespace strata::runtime {

class FunctionInstance;
class TableInstance;
class MemoryInstance;
class GlobalInstance;

class Extern {
public:
  Extern(FunctionInstance *function) : value_(function) {}
  Extern(TableInstance *table) : value_(table) {}
  Extern(MemoryInstance *memory) : value_(memory) {}
  Extern(GlobalInstance *global) : value_(global) {}

  /// The variant's alternatives follow ExternKind's numbering.
  wasm::ExternKind kind() const { return wasm::ExternKind(value_.index()); }
  /// The instance when it is of that kind, else null.
  FunctionInstance *function() const { return get<FunctionInstance>(); }
  TableInstance *table() const { return get<TableInstance>(); }
  MemoryInstance *memory() const { return get<MemoryInstance>(); }
  GlobalInstance *global() const { return get<GlobalInstance>(); }

  bool operator==(const Extern &) const = default;

  /// "func (i32) -> ()", "table funcref min 1 max 10", "memory min 1", "global mut i64".
  std::string describeType() const;

private:
  template <typename T> T *get() const {
    auto *p = std::get_if<T *>(&value_);
    return p ? *p : nullptr;
  }
  std::variant<FunctionInstance *, TableInstance *, MemoryInstance *, GlobalInstance *> value_;
};

} // namespace strata::runtime
