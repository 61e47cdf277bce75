// Module-level validation: the rules on function types, tables, memories, globals, exports, the
// start function and segments; then every function body, after which the module is validated.
#include "strata/wasm/Validator.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace strata::wasm {

namespace {

std::string unknown(const char *space, uint32_t index) {
  return std::string("unknown ") + space + " " + std::to_string(index);
}

/// The payload offset of the first section with `id`, to point at entities that keep no offset.
uint64_t sectionOffset(const Module &module, SectionId id) {
  for (const SectionInfo &section : module.sections)
    if (section.id == id)
      return section.payloadOffset;
  return Error::kNoOffset;
}

/// Where entity `index` of an index space is defined: its import, or its section.
uint64_t entityOffset(const Module &module, ExternKind kind, uint32_t index) {
  for (const Import &import : module.imports)
    if (import.kind == kind && index-- == 0)
      return import.offset;
  switch (kind) {
  case ExternKind::Func: return sectionOffset(module, SectionId::Function);
  case ExternKind::Table: return sectionOffset(module, SectionId::Table);
  case ExternKind::Memory: return sectionOffset(module, SectionId::Memory);
  case ExternKind::Global: return sectionOffset(module, SectionId::Global);
  }
  return Error::kNoOffset;
}

Status checkLimits(const Limits &limits, uint64_t bound, const char *tooLarge, uint64_t offset) {
  if (limits.min > bound || (limits.max && *limits.max > bound))
    return Error(tooLarge, offset);
  if (limits.max && limits.min > *limits.max)
    return Error("size minimum must not be greater than maximum", offset);
  return Status::ok();
}

Status checkFunctionTypes(const Module &module) {
  for (uint32_t i = 0; i < module.numFunctions(); ++i)
    if (module.functionTypes[i] >= module.types.size())
      return Error(unknown("type", module.functionTypes[i]),
                   entityOffset(module, ExternKind::Func, i));
  if (module.numFunctions() - module.numImportedFunctions != module.code.size())
    return Error("function and code section have inconsistent lengths",
                 sectionOffset(module, SectionId::Code));
  return Status::ok();
}

Status checkTablesAndMemories(const Module &module) {
  for (uint32_t i = 0; i < module.tables.size(); ++i)
    if (Status status =
            checkLimits(module.tables[i].limits, kMaxTableSize, "table size must be at most 2^32-1",
                        entityOffset(module, ExternKind::Table, i));
        !status)
      return status;
  if (module.memories.size() > 1 && !module.features.multiMemory)
    return Error("multiple memories", entityOffset(module, ExternKind::Memory, 1));
  for (uint32_t i = 0; i < module.memories.size(); ++i)
    if (Status status = checkLimits(module.memories[i].limits, kMaxPages,
                                    "memory size must be at most 65536 pages (4GiB)",
                                    entityOffset(module, ExternKind::Memory, i));
        !status)
      return status;
  return Status::ok();
}

Status checkGlobals(const Module &module) {
  for (uint32_t i = module.numImportedGlobals; i < module.globals.size(); ++i)
    if (Status status =
            validateConstExpr(module, module.globals[i].init, module.globals[i].type.type);
        !status)
      return status;
  return Status::ok();
}

Status checkExports(const Module &module) {
  uint64_t offset = sectionOffset(module, SectionId::Export);
  std::vector<std::string_view> names;
  names.reserve(module.exports.size());
  for (const Export &e : module.exports) {
    names.push_back(e.name);
    size_t bound = e.kind == ExternKind::Func     ? module.numFunctions()
                   : e.kind == ExternKind::Table  ? module.tables.size()
                   : e.kind == ExternKind::Memory ? module.memories.size()
                                                  : module.globals.size();
    if (e.index >= bound)
      return Error(unknown(e.kind == ExternKind::Func ? "function" : toString(e.kind), e.index),
                   offset);
  }
  std::sort(names.begin(), names.end());
  auto duplicate = std::adjacent_find(names.begin(), names.end());
  if (duplicate != names.end())
    return Error("duplicate export name \"" + std::string(*duplicate) + "\"", offset);
  return Status::ok();
}

Status checkStart(const Module &module) {
  if (!module.start)
    return Status::ok();
  uint64_t offset = sectionOffset(module, SectionId::Start);
  if (*module.start >= module.numFunctions())
    return Error(unknown("function", *module.start), offset);
  const FuncType &type = module.functionType(*module.start);
  if (!type.params.empty() || !type.results.empty())
    return Error("start function must have type [] -> [], not " + type.toString(), offset);
  return Status::ok();
}

Status checkElements(const Module &module) {
  for (const ElemSegment &segment : module.elements) {
    for (const ConstExpr &item : segment.items)
      if (Status status = validateConstExpr(module, item, segment.elemType); !status)
        return status;
    if (segment.mode != SegmentMode::Active)
      continue;
    if (segment.tableIndex >= module.tables.size())
      return Error(unknown("table", segment.tableIndex), segment.byteOffset);
    if (Status status = validateConstExpr(module, segment.offset, ValType::I32); !status)
      return status;
    ValType tableType = module.tables[segment.tableIndex].elemType;
    if (tableType != segment.elemType)
      return Error(std::string("type mismatch: ") + toString(segment.elemType) + " segment for a " +
                       toString(tableType) + " table",
                   segment.byteOffset);
  }
  return Status::ok();
}

Status checkData(const Module &module) {
  for (const DataSegment &segment : module.data) {
    if (segment.mode != SegmentMode::Active)
      continue;
    if (segment.memoryIndex >= module.memories.size())
      return Error(unknown("memory", segment.memoryIndex), segment.byteOffset);
    if (Status status = validateConstExpr(module, segment.offset, ValType::I32); !status)
      return status;
  }
  return Status::ok();
}

} // namespace

Status validateModule(Module &module) {
  module.validated = false;
  for (Status (*check)(const Module &) : {checkFunctionTypes, checkTablesAndMemories, checkGlobals,
                                          checkExports, checkStart, checkElements, checkData})
    if (Status status = check(module); !status)
      return status;

  std::vector<bool> declared = collectDeclaredFunctions(module);
  std::vector<FunctionInfo> infos(module.numDefinedFunctions());
  FunctionValidator validator(module, declared);
  for (uint32_t i = 0; i < infos.size(); ++i)
    if (Status status = validator.validate(module.numImportedFunctions + i, infos[i]); !status)
      return status;
  module.functionInfo = std::move(infos);
  module.validated = true;
  return Status::ok();
}

} // namespace strata::wasm
