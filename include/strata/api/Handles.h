// Handles the embedder holds: Function, Memory, Table, Global and Instance. Each is a small
// non-owning view of an instance the Runtime's store owns, valid as long as that Runtime.
// Depends on runtime/ and engine/.
#pragma once

#include "strata/runtime/Instance.h"
#include "strata/runtime/Trap.h"
#include "strata/runtime/Value.h"
#include "strata/support/Error.h"

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace strata::engine {
class CallEngine;
}

namespace strata::api {

using runtime::Value;
class Runtime;

/// The outcome of Function::call: the results, or a trap, or an error in the call itself
/// (wrong argument count or types).
class CallResult {
public:
  explicit operator bool() const { return !trap_ && !error_; }
  const std::vector<Value> &values() const { return values_; }
  /// The trap that ended the call, or null.
  const runtime::Trap *trap() const { return trap_.get(); }
  /// One line: the trap's message or the error's; empty on success.
  std::string message() const;

private:
  friend class Function;
  std::vector<Value> values_;
  std::shared_ptr<runtime::Trap> trap_;
  std::optional<Error> error_;
};

class Function {
public:
  Function() = default;
  bool isValid() const { return function_ != nullptr; }
  const wasm::FuncType &type() const { return function_->type(); }
  runtime::FunctionInstance *instance() const { return function_; }

  /// Calls the function in the Runtime's call context. A handle reuses one call engine: give
  /// each thread its own handle (copies start without one) and, for calls that may run at the
  /// same time, its own context (Runtime::newCallContext()).
  CallResult call(std::span<const Value> params) const;
  CallResult call(std::span<const Value> params, runtime::CallContext &context) const;
  CallResult call(std::initializer_list<Value> params) const {
    return call(std::span<const Value>(params.begin(), params.size()));
  }
  CallResult call(std::initializer_list<Value> params, runtime::CallContext &context) const {
    return call(std::span<const Value>(params.begin(), params.size()), context);
  }

  Function(const Function &other) : runtime_(other.runtime_), function_(other.function_) {}
  Function &operator=(const Function &other);
  Function(Function &&) noexcept;
  Function &operator=(Function &&) noexcept;
  ~Function();

private:
  friend class Runtime;
  friend class Instance;
  Function(Runtime *runtime, runtime::FunctionInstance *function)
      : runtime_(runtime), function_(function) {}
  Runtime *runtime_ = nullptr;
  runtime::FunctionInstance *function_ = nullptr;
  mutable std::unique_ptr<engine::CallEngine> callEngine_;
};

class Memory {
public:
  Memory() = default;
  explicit Memory(runtime::MemoryInstance *memory) : memory_(memory) {}
  bool isValid() const { return memory_ != nullptr; }
  runtime::MemoryInstance *instance() const { return memory_; }

  uint32_t pages() const { return memory_->pages(); }
  uint64_t size() const { return memory_->size(); }
  /// The bytes; the pointer stays valid when the memory grows.
  uint8_t *data() const { return memory_->base(); }
  /// The old size in pages, or an error when growth would pass a limit.
  Expected<uint32_t> grow(uint32_t deltaPages) const;
  /// Copies out of / into the memory; fails without copying when the range is out of bounds.
  Status read(uint64_t offset, std::span<uint8_t> out) const;
  Status write(uint64_t offset, std::span<const uint8_t> bytes) const;

private:
  runtime::MemoryInstance *memory_ = nullptr;
};

class Table {
public:
  Table() = default;
  explicit Table(runtime::TableInstance *table) : table_(table) {}
  bool isValid() const { return table_ != nullptr; }
  runtime::TableInstance *instance() const { return table_; }

  uint32_t size() const { return table_->size(); }
  wasm::ValType elemType() const { return table_->elemType(); }
  Expected<Value> get(uint32_t index) const;
  Status set(uint32_t index, const Value &value) const;
  /// The old size, or an error when growth would pass the maximum.
  Expected<uint32_t> grow(uint32_t delta, const Value &init) const;

private:
  runtime::TableInstance *table_ = nullptr;
};

class Global {
public:
  Global() = default;
  explicit Global(runtime::GlobalInstance *global) : global_(global) {}
  bool isValid() const { return global_ != nullptr; }
  runtime::GlobalInstance *instance() const { return global_; }

  const wasm::GlobalType &type() const { return global_->type(); }
  Value get() const { return global_->value(); }
  /// Fails for an immutable global or a value of another type.
  Status set(const Value &value) const;

private:
  runtime::GlobalInstance *global_ = nullptr;
};

struct ExportInfo {
  std::string name;
  wasm::ExternKind kind;
};

class Instance {
public:
  Instance() = default;
  bool isValid() const { return instance_ != nullptr; }
  runtime::ModuleInstance *instance() const { return instance_; }
  const std::string &name() const { return instance_->name(); }

  std::vector<ExportInfo> exports() const;
  /// The export of that name and kind, or an error naming what is there instead.
  Expected<Function> function(std::string_view name) const;
  Expected<Memory> memory(std::string_view name) const;
  Expected<Table> table(std::string_view name) const;
  Expected<Global> global(std::string_view name) const;

private:
  friend class Runtime;
  Instance(Runtime *runtime, runtime::ModuleInstance *instance)
      : runtime_(runtime), instance_(instance) {}
  Expected<const runtime::Extern *> findExport(std::string_view name,
                                               wasm::ExternKind kind) const;
  Runtime *runtime_ = nullptr;
  runtime::ModuleInstance *instance_ = nullptr;
};

} // namespace strata::api
