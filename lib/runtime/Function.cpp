#include "strata/runtime/Function.h"

#include "strata/runtime/Instance.h"

namespace strata::runtime {

static uint32_t slotsOf(const std::vector<wasm::ValType> &types) {
  uint32_t slots = 0;
  for (wasm::ValType t : types)
    slots += wasm::slotCount(t);
  return slots;
}

FunctionInstance::FunctionInstance(const wasm::FuncType &type, uint32_t typeId,
                                   ModuleInstance &module, uint32_t index)
    : type_(type), module_(&module), index_(index), paramSlots_(slotsOf(type.params)),
      resultSlots_(slotsOf(type.results)) {
  entry_.typeId = typeId;
}

FunctionInstance::FunctionInstance(const wasm::FuncType &type, uint32_t typeId,
                                   HostCallback callback, std::string name)
    : type_(type), paramSlots_(slotsOf(type.params)), resultSlots_(slotsOf(type.results)),
      callback_(std::move(callback)), hostName_(std::move(name)) {
  entry_.typeId = typeId;
}

std::string FunctionInstance::displayName() const {
  if (isHost())
    return hostName_.empty() ? std::string("<host>") : hostName_;
  std::string name = module_->module().functionName(index_);
  if (name.empty())
    name = "func[" + std::to_string(index_) + "]";
  return module_->name().empty() ? name : module_->name() + "." + name;
}

MemoryInstance *HostCallContext::callerMemory() const {
  if (!caller || caller->memories().empty())
    return nullptr;
  return caller->memory(0);
}

} // namespace strata::runtime
