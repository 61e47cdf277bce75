// The Store owns every runtime instance (functions, tables, memories, globals, module
// instances) and the function type registry; instances refer to each other by plain pointers
// that stay valid as long as the store. It is not thread-safe, except for its TypeRegistry.
// Depends on support/ and wasm/ only.
#pragma once

#include "strata/runtime/Function.h"
#include "strata/runtime/Global.h"
#include "strata/runtime/Instance.h"
#include "strata/runtime/Memory.h"
#include "strata/runtime/Table.h"
#include "strata/runtime/TypeRegistry.h"
#include "strata/runtime/VMContext.h"
#include "strata/support/Error.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace strata::runtime {

struct StoreConfig {
  MemoryConfig memory;
  /// The embedder's cap on the number of elements of any table.
  uint64_t tableElementLimit = 10'000'000;
};

class Store {
public:
  explicit Store(StoreConfig config = {}) : config_(config) {}
  ~Store();
  Store(const Store &) = delete;
  Store &operator=(const Store &) = delete;

  const StoreConfig &config() const { return config_; }
  TypeRegistry &types() { return types_; }
  const TypeRegistry &types() const { return types_; }

  FunctionInstance &createHostFunction(const wasm::FuncType &type, HostCallback callback,
                                       std::string name = {});
  /// The function `index` of `module`, which must be a defined (not imported) function.
  FunctionInstance &createWasmFunction(ModuleInstance &module, uint32_t index);
  Expected<TableInstance *> createTable(const wasm::TableType &type, Ref init = kNullRef);
  Expected<MemoryInstance *> createMemory(const wasm::MemoryType &type);
  /// Fails when the value's type is not the global's.
  Expected<GlobalInstance *> createGlobal(const wasm::GlobalType &type, const Value &init);
  ModuleInstance &createModuleInstance(std::shared_ptr<const wasm::Module> module,
                                       std::string name);

  std::span<const std::unique_ptr<ModuleInstance>> instances() const { return instances_; }
  size_t numFunctions() const { return functions_.size(); }
  size_t numTables() const { return tables_.size(); }
  size_t numMemories() const { return memories_.size(); }
  size_t numGlobals() const { return globals_.size(); }

  /// What the store holds at a point in time, to undo a failed instantiation that nothing
  /// outside it can have seen yet.
  struct Checkpoint {
    size_t functions, tables, memories, globals, instances;
  };
  Checkpoint checkpoint() const;
  /// Destroys everything created after `mark`.
  void rollback(const Checkpoint &mark);

private:
  StoreConfig config_;
  TypeRegistry types_;
  // Destroyed bottom-up: instances (and their engine state) before what they point to.
  std::vector<std::unique_ptr<MemoryInstance>> memories_;
  std::vector<std::unique_ptr<TableInstance>> tables_;
  std::vector<std::unique_ptr<GlobalInstance>> globals_;
  std::vector<std::unique_ptr<FunctionInstance>> functions_;
  std::vector<std::unique_ptr<ModuleInstance>> instances_;
};

} // namespace strata::runtime
