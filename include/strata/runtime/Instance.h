// Module instances: a validated Module together with its index spaces (functions, tables,
// memories, globals: pointers to instances the Store owns), its exports, its element and data
// segments with their dropped flags, and the engine state that runs its code. The engine state
// is held type-erased, since the runtime must not depend on engine/. Depends on support/, wasm/.
#pragma once

#include "strata/runtime/Extern.h"
#include "strata/runtime/Function.h"
#include "strata/runtime/Global.h"
#include "strata/runtime/Memory.h"
#include "strata/runtime/Table.h"
#include "strata/runtime/Value.h"
#include "strata/wasm/Module.h"

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace strata::engine {
class ModuleEngine;
} // namespace strata::engine

namespace strata::runtime {

class Instantiator;
class Store;

class ModuleInstance {
public:
  ModuleInstance(Store &store, std::shared_ptr<const wasm::Module> module, std::string name)
      : store_(store), module_(std::move(module)), name_(std::move(name)) {}
  ModuleInstance(const ModuleInstance &) = delete;
  ModuleInstance &operator=(const ModuleInstance &) = delete;

  const wasm::Module &module() const { return *module_; }
  const std::shared_ptr<const wasm::Module> &sharedModule() const { return module_; }
  const std::string &name() const { return name_; }
  /// The store that owns this instance and everything it refers to.
  Store &store() const { return store_; }

  // Index spaces, imports first.
  std::span<FunctionInstance *const> functions() const { return functions_; }
  std::span<TableInstance *const> tables() const { return tables_; }
  std::span<MemoryInstance *const> memories() const { return memories_; }
  std::span<GlobalInstance *const> globals() const { return globals_; }
  FunctionInstance *function(uint32_t index) const { return functions_[index]; }
  TableInstance *table(uint32_t index) const { return tables_[index]; }
  MemoryInstance *memory(uint32_t index) const { return memories_[index]; }
  GlobalInstance *global(uint32_t index) const { return globals_[index]; }

  /// The canonical id of the module's type `typeIndex`, for call_indirect's check.
  uint32_t typeId(uint32_t typeIndex) const { return typeIds_[typeIndex]; }

  /// Exports by name.
  const std::map<std::string, Extern, std::less<>> &exports() const { return exports_; }
  const Extern *findExport(std::string_view name) const;
  FunctionInstance *exportedFunction(std::string_view name) const;
  TableInstance *exportedTable(std::string_view name) const;
  MemoryInstance *exportedMemory(std::string_view name) const;
  GlobalInstance *exportedGlobal(std::string_view name) const;

  // Element segments hold their references, evaluated at instantiation; data segments point
  // into the module's bytes. A dropped segment reads as empty.
  uint32_t numElementSegments() const { return uint32_t(elements_.size()); }
  std::span<const Ref> elementSegment(uint32_t index) const { return elements_[index]; }
  bool isElementSegmentDropped(uint32_t index) const { return elementDropped_[index]; }
  void dropElementSegment(uint32_t index);
  uint32_t numDataSegments() const { return uint32_t(dataDropped_.size()); }
  std::span<const uint8_t> dataSegment(uint32_t index) const;
  bool isDataSegmentDropped(uint32_t index) const { return dataDropped_[index]; }
  void dropDataSegment(uint32_t index) { dataDropped_[index] = true; }

  /// The engine state that runs this instance's code; null until the engine is hooked up.
  engine::ModuleEngine *moduleEngine() const { return engine_.get(); }
  void setModuleEngine(std::shared_ptr<engine::ModuleEngine> engine) {
    engine_ = std::move(engine);
  }

private:
  friend class Instantiator;

  Store &store_;
  std::shared_ptr<const wasm::Module> module_;
  std::string name_;
  std::vector<FunctionInstance *> functions_;
  std::vector<TableInstance *> tables_;
  std::vector<MemoryInstance *> memories_;
  std::vector<GlobalInstance *> globals_;
  std::vector<uint32_t> typeIds_;
  std::map<std::string, Extern, std::less<>> exports_;
  std::vector<std::vector<Ref>> elements_;
  std::vector<bool> elementDropped_;
  std::vector<bool> dataDropped_;
  // shared_ptr, unlike unique_ptr, may be destroyed where ModuleEngine is incomplete.
  std::shared_ptr<engine::ModuleEngine> engine_;
};

} // namespace strata::runtime
