#include "strata/runtime/Store.h"

namespace strata::runtime {

Store::~Store() {
  // Engine state may refer to anything else the store holds: let it go first.
  while (!instances_.empty())
    instances_.pop_back();
}

FunctionInstance &Store::createHostFunction(const wasm::FuncType &type, HostCallback callback,
                                            std::string name) {
  uint32_t id = types_.intern(type);
  functions_.push_back(std::make_unique<FunctionInstance>(types_.type(id), id,
                                                          std::move(callback), std::move(name)));
  return *functions_.back();
}

FunctionInstance &Store::createWasmFunction(ModuleInstance &module, uint32_t index) {
  uint32_t id = types_.intern(module.module().functionType(index));
  functions_.push_back(std::make_unique<FunctionInstance>(types_.type(id), id, module, index));
  return *functions_.back();
}

Expected<TableInstance *> Store::createTable(const wasm::TableType &type, Ref init) {
  auto table = TableInstance::create(type, init, config_.tableElementLimit);
  if (!table)
    return table.takeError();
  tables_.push_back(std::move(*table));
  return tables_.back().get();
}

Expected<MemoryInstance *> Store::createMemory(const wasm::MemoryType &type) {
  auto memory = MemoryInstance::create(type, config_.memory);
  if (!memory)
    return memory.takeError();
  memories_.push_back(std::move(*memory));
  return memories_.back().get();
}

Expected<GlobalInstance *> Store::createGlobal(const wasm::GlobalType &type, const Value &init) {
  if (init.type() != type.type)
    return Error(std::string("global of type ") + wasm::toString(type.type) +
                 " initialized with a value of type " + wasm::toString(init.type()));
  globals_.push_back(std::make_unique<GlobalInstance>(type, init));
  return globals_.back().get();
}

ModuleInstance &Store::createModuleInstance(std::shared_ptr<const wasm::Module> module,
                                            std::string name) {
  instances_.push_back(std::make_unique<ModuleInstance>(*this, std::move(module), std::move(name)));
  return *instances_.back();
}

Store::Checkpoint Store::checkpoint() const {
  return {functions_.size(), tables_.size(), memories_.size(), globals_.size(),
          instances_.size()};
}

void Store::rollback(const Checkpoint &mark) {
  // Instances first: their engine state may point at the rest.
  instances_.resize(mark.instances);
  functions_.resize(mark.functions);
  globals_.resize(mark.globals);
  tables_.resize(mark.tables);
  memories_.resize(mark.memories);
}

} // namespace strata::runtime
