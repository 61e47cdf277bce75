#include "strata/runtime/Instantiate.h"

#include "strata/runtime/ConstExpr.h"
#include "strata/runtime/Store.h"

namespace strata::runtime {

/// Builds a ModuleInstance in the order of the spec's module allocation.
class Instantiator {
public:
  Instantiator(Store &store, ModuleInstance &instance)
      : store_(store), instance_(instance), module_(instance.module()) {}

  Status allocate(const ImportMap &imports);

private:
  Status allocateFunctions(const ResolvedImports &imports);
  Status allocateTables(const ResolvedImports &imports);
  Status allocateMemories(const ResolvedImports &imports);
  Status allocateGlobals(const ResolvedImports &imports);
  void collectExports();
  Status evaluateElements();
  Status checkOffsets();

  Store &store_;
  ModuleInstance &instance_;
  const wasm::Module &module_;
};

Status Instantiator::allocate(const ImportMap &imports) {
  auto resolved = resolveImports(module_, imports, store_.types());
  if (!resolved)
    return resolved.takeError();
  for (const wasm::FuncType &type : module_.types)
    instance_.typeIds_.push_back(store_.types().intern(type));
  if (Status s = allocateFunctions(*resolved); !s)
    return s;
  if (Status s = allocateTables(*resolved); !s)
    return s;
  if (Status s = allocateMemories(*resolved); !s)
    return s;
  if (Status s = allocateGlobals(*resolved); !s)
    return s;
  collectExports();
  if (Status s = evaluateElements(); !s)
    return s;
  if (Status s = checkOffsets(); !s)
    return s;
  instance_.dataDropped_.assign(module_.data.size(), false);
  return Status::ok();
}

Status Instantiator::allocateFunctions(const ResolvedImports &imports) {
  instance_.functions_ = imports.functions;
  for (uint32_t i = module_.numImportedFunctions; i < module_.numFunctions(); ++i)
    instance_.functions_.push_back(&store_.createWasmFunction(instance_, i));
  return Status::ok();
}

Status Instantiator::allocateTables(const ResolvedImports &imports) {
  instance_.tables_ = imports.tables;
  for (size_t i = module_.numImportedTables; i < module_.tables.size(); ++i) {
    auto table = store_.createTable(module_.tables[i]);
    if (!table)
      return table.takeError();
    instance_.tables_.push_back(*table);
  }
  return Status::ok();
}

Status Instantiator::allocateMemories(const ResolvedImports &imports) {
  instance_.memories_ = imports.memories;
  for (size_t i = module_.numImportedMemories; i < module_.memories.size(); ++i) {
    auto memory = store_.createMemory(module_.memories[i]);
    if (!memory)
      return memory.takeError();
    instance_.memories_.push_back(*memory);
  }
  return Status::ok();
}

Status Instantiator::allocateGlobals(const ResolvedImports &imports) {
  instance_.globals_ = imports.globals;
  // One at a time, so an initializer may read any global before it.
  for (size_t i = module_.numImportedGlobals; i < module_.globals.size(); ++i) {
    const wasm::Global &global = module_.globals[i];
    auto value = evaluateConstExpr(global.init, global.type.type, instance_);
    if (!value)
      return value.takeError();
    auto instance = store_.createGlobal(global.type, *value);
    if (!instance)
      return instance.takeError();
    instance_.globals_.push_back(*instance);
  }
  return Status::ok();
}

void Instantiator::collectExports() {
  for (const wasm::Export &e : module_.exports) {
    Extern value = [&]() -> Extern {
      switch (e.kind) {
      case wasm::ExternKind::Func: return instance_.function(e.index);
      case wasm::ExternKind::Table: return instance_.table(e.index);
      case wasm::ExternKind::Memory: return instance_.memory(e.index);
      case wasm::ExternKind::Global: return instance_.global(e.index);
      }
      return instance_.function(e.index);
    }();
    instance_.exports_.insert_or_assign(e.name, value);
  }
}

Status Instantiator::evaluateElements() {
  for (const wasm::ElemSegment &segment : module_.elements) {
    std::vector<Ref> refs;
    refs.reserve(segment.items.size());
    for (const wasm::ConstExpr &item : segment.items) {
      auto value = evaluateConstExpr(item, segment.elemType, instance_);
      if (!value)
        return value.takeError();
      refs.push_back(value->ref());
    }
    instance_.elements_.push_back(std::move(refs));
  }
  instance_.elementDropped_.assign(module_.elements.size(), false);
  return Status::ok();
}

/// Offsets read only constants and immutable globals, so evaluating them now gives the value
/// initialization will see; a malformed one fails instantiation before anything is written.
Status Instantiator::checkOffsets() {
  auto check = [&](const wasm::ConstExpr &offset) -> Status {
    auto value = evaluateConstExpr(offset, wasm::ValType::I32, instance_);
    return value ? Status::ok() : Status(value.takeError());
  };
  for (const wasm::ElemSegment &segment : module_.elements)
    if (segment.mode == wasm::SegmentMode::Active)
      if (Status s = check(segment.offset); !s)
        return s;
  for (const wasm::DataSegment &segment : module_.data)
    if (segment.mode == wasm::SegmentMode::Active)
      if (Status s = check(segment.offset); !s)
        return s;
  return Status::ok();
}

/// Allocation has checked that the offset evaluates; the failure path is only defensive.
static Expected<uint32_t> evaluateOffset(const wasm::ConstExpr &offset,
                                         const ModuleInstance &instance) {
  auto value = evaluateConstExpr(offset, wasm::ValType::I32, instance);
  if (!value)
    return value.takeError();
  return uint32_t(value->i32());
}

/// An active segment runs as table.init then elem.drop; a declarative one is only dropped.
static CallStatus initializeElement(ModuleInstance &instance, uint32_t index) {
  const wasm::ElemSegment &segment = instance.module().elements[index];
  if (segment.mode == wasm::SegmentMode::Passive)
    return {};
  if (segment.mode == wasm::SegmentMode::Active) {
    auto offset = evaluateOffset(segment.offset, instance);
    if (!offset)
      return Trap(TrapKind::HostError, offset.error().message());
    std::span<const Ref> refs = instance.elementSegment(index);
    TableInstance *table = instance.table(segment.tableIndex);
    if (!table->init(*offset, refs, 0, uint32_t(refs.size())))
      return Trap(TrapKind::TableOutOfBounds);
  }
  instance.dropElementSegment(index);
  return {};
}

/// An active segment runs as memory.init then data.drop.
static CallStatus initializeData(ModuleInstance &instance, uint32_t index) {
  const wasm::DataSegment &segment = instance.module().data[index];
  if (segment.mode != wasm::SegmentMode::Active)
    return {};
  auto offset = evaluateOffset(segment.offset, instance);
  if (!offset)
    return Trap(TrapKind::HostError, offset.error().message());
  std::span<const uint8_t> bytes = instance.dataSegment(index);
  MemoryInstance *memory = instance.memory(segment.memoryIndex);
  if (!memory->init(*offset, bytes, 0, bytes.size()))
    return Trap(TrapKind::MemoryOutOfBounds);
  instance.dropDataSegment(index);
  return {};
}

Expected<ModuleInstance *> allocateModule(Store &store,
                                          std::shared_ptr<const wasm::Module> module,
                                          const ImportMap &imports, std::string name) {
  if (!module->validated)
    return Error("cannot instantiate a module that has not been validated");
  Store::Checkpoint mark = store.checkpoint();
  ModuleInstance &instance = store.createModuleInstance(std::move(module), std::move(name));
  if (Status status = Instantiator(store, instance).allocate(imports); !status) {
    store.rollback(mark); // nothing outside the new instance has seen it yet
    return status.takeError();
  }
  return &instance;
}

CallStatus initializeModule(ModuleInstance &instance) {
  for (uint32_t i = 0; i < instance.numElementSegments(); ++i)
    if (CallStatus status = initializeElement(instance, i); !status)
      return status;
  for (uint32_t i = 0; i < instance.numDataSegments(); ++i)
    if (CallStatus status = initializeData(instance, i); !status)
      return status;
  return {};
}

Expected<ModuleInstance *> instantiateModule(Store &store,
                                             std::shared_ptr<const wasm::Module> module,
                                             const ImportMap &imports, std::string name,
                                             std::unique_ptr<Trap> *trapOut) {
  auto instance = allocateModule(store, std::move(module), imports, std::move(name));
  if (!instance)
    return instance;
  if (CallStatus status = initializeModule(**instance); !status) {
    Error error(status.trap().message());
    if (trapOut)
      *trapOut = status.takeTrap();
    return error;
  }
  return *instance;
}

} // namespace strata::runtime
