#include "strata/runtime/Instance.h"

namespace strata::runtime {

const Extern *ModuleInstance::findExport(std::string_view name) const {
  auto it = exports_.find(name);
  return it == exports_.end() ? nullptr : &it->second;
}

FunctionInstance *ModuleInstance::exportedFunction(std::string_view name) const {
  const Extern *e = findExport(name);
  return e ? e->function() : nullptr;
}

TableInstance *ModuleInstance::exportedTable(std::string_view name) const {
  const Extern *e = findExport(name);
  return e ? e->table() : nullptr;
}

MemoryInstance *ModuleInstance::exportedMemory(std::string_view name) const {
  const Extern *e = findExport(name);
  return e ? e->memory() : nullptr;
}

GlobalInstance *ModuleInstance::exportedGlobal(std::string_view name) const {
  const Extern *e = findExport(name);
  return e ? e->global() : nullptr;
}

void ModuleInstance::dropElementSegment(uint32_t index) {
  elementDropped_[index] = true;
  elements_[index] = {}; // a dropped segment reads as empty and frees its references
}

std::span<const uint8_t> ModuleInstance::dataSegment(uint32_t index) const {
  if (dataDropped_[index])
    return {};
  const wasm::DataSegment &segment = module_->data[index];
  return std::span<const uint8_t>(module_->bytes).subspan(segment.bytesOffset, segment.size);
}

} // namespace strata::runtime
