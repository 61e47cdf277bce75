#include "strata/api/Runtime.h"

#include "strata/engine/BuiltinEngines.h"
#include "strata/engine/Engine.h"
#include "strata/engine/Instantiate.h"
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

namespace strata::api {

Expected<std::unique_ptr<Runtime>> Runtime::create(RuntimeConfig config) {
  engine::registerBuiltinEngines();
  auto engine = engine::createEngine(config.engine, config.engineOptions);
  if (!engine)
    return engine.takeError();
  return std::unique_ptr<Runtime>(new Runtime(std::move(config), std::move(*engine)));
}

Runtime::Runtime(RuntimeConfig config, std::unique_ptr<engine::Engine> engine)
    : config_(std::move(config)), engine_(std::move(engine)) {
  runtime::StoreConfig storeConfig;
  storeConfig.memory.pageLimit = config_.memoryPageLimit;
  storeConfig.memory.reserveGuardRegion = config_.memoryGuardRegions;
  store_ = std::make_unique<runtime::Store>(storeConfig);
  context_ = std::make_unique<runtime::CallContext>(*store_, config_.maxCallDepth);
}

// Instances hold engine state that refers to the engine: drop them before it.
Runtime::~Runtime() {
  context_.reset();
  store_.reset();
  engine_.reset();
}

std::unique_ptr<runtime::CallContext> Runtime::newCallContext() const {
  auto context = std::make_unique<runtime::CallContext>(*store_, config_.maxCallDepth);
  context->setEmbedderData(context_->embedderData());
  return context;
}

Expected<CompiledModule> Runtime::compile(std::span<const uint8_t> bytes,
                                         std::string label) const {
  auto module = wasm::decodeModule(bytes, config_.features);
  if (!module)
    return module.takeError();
  (*module)->label = std::move(label);
  if (Status status = wasm::validateModule(**module); !status)
    return status.takeError();
  std::shared_ptr<const wasm::Module> shared(std::move(*module));
  if (Status status = engine_->compileModule(shared); !status)
    return status.takeError();
  return CompiledModule(std::move(shared));
}

Expected<Instance> Runtime::instantiate(const CompiledModule &module, const Imports &imports,
                                        std::string name, std::unique_ptr<runtime::Trap> *trapOut) {
  engine::InstantiateOptions options;
  options.name = std::move(name);
  options.context = context_.get();
  options.trapOut = trapOut;
  auto instance = engine::instantiate(*store_, *engine_, module.shared(), imports.map(), options);
  if (!instance)
    return instance.takeError();
  return Instance(this, *instance);
}

Function Runtime::hostFunction(std::string name, const wasm::FuncType &type,
                               runtime::HostCallback callback) {
  runtime::FunctionInstance &function =
      store_->createHostFunction(type, std::move(callback), std::move(name));
  return Function(this, &function);
}

Expected<Memory> Runtime::createMemory(const wasm::MemoryType &type) {
  auto memory = store_->createMemory(type);
  if (!memory)
    return memory.takeError();
  return Memory(*memory);
}

Expected<Table> Runtime::createTable(const wasm::TableType &type, const Value &init) {
  if (init.type() != type.elemType)
    return Error(std::string("table initializer must be a ") + wasm::toString(type.elemType));
  auto table = store_->createTable(type, init.ref());
  if (!table)
    return table.takeError();
  return Table(*table);
}

Expected<Global> Runtime::createGlobal(const wasm::GlobalType &type, const Value &init) {
  auto global = store_->createGlobal(type, init);
  if (!global)
    return global.takeError();
  return Global(*global);
}

Imports &Imports::add(std::string module, std::string name, const Function &function) {
  map_.define(std::move(module), std::move(name), runtime::Extern(function.instance()));
  return *this;
}
Imports &Imports::add(std::string module, std::string name, const Memory &memory) {
  map_.define(std::move(module), std::move(name), runtime::Extern(memory.instance()));
  return *this;
}
Imports &Imports::add(std::string module, std::string name, const Table &table) {
  map_.define(std::move(module), std::move(name), runtime::Extern(table.instance()));
  return *this;
}
Imports &Imports::add(std::string module, std::string name, const Global &global) {
  map_.define(std::move(module), std::move(name), runtime::Extern(global.instance()));
  return *this;
}
Imports &Imports::addInstance(const std::string &module, const Instance &instance) {
  map_.defineInstance(module, *instance.instance());
  return *this;
}

} // namespace strata::api
