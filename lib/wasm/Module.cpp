#include "strata/wasm/Module.h"

namespace strata::wasm {

const char *toString(SectionId id) {
  switch (id) {
  case SectionId::Custom: return "custom";
  case SectionId::Type: return "type";
  case SectionId::Import: return "import";
  case SectionId::Function: return "function";
  case SectionId::Table: return "table";
  case SectionId::Memory: return "memory";
  case SectionId::Global: return "global";
  case SectionId::Export: return "export";
  case SectionId::Start: return "start";
  case SectionId::Element: return "element";
  case SectionId::Code: return "code";
  case SectionId::Data: return "data";
  case SectionId::DataCount: return "datacount";
  }
  return "<unknown section>";
}

std::string Module::functionName(uint32_t index) const {
  auto it = names.functions.find(index);
  return it == names.functions.end() ? std::string() : it->second;
}

const Export *Module::findExport(std::string_view name) const {
  for (const Export &e : exports)
    if (e.name == name)
      return &e;
  return nullptr;
}

uint64_t Module::codeSize() const {
  uint64_t total = 0;
  for (const FunctionBody &body : code)
    total += body.codeEnd - body.bodyOffset;
  return total;
}

} // namespace strata::wasm
