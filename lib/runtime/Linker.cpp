#include "strata/runtime/Linker.h"

#include "strata/runtime/Function.h"
#include "strata/runtime/Global.h"
#include "strata/runtime/Instance.h"
#include "strata/runtime/Memory.h"
#include "strata/runtime/Table.h"
#include "strata/runtime/TypeText.h"

namespace strata::runtime {

void ImportMap::define(std::string module, std::string name, Extern value) {
  externs_.insert_or_assign({std::move(module), std::move(name)}, value);
}

void ImportMap::defineInstance(const std::string &module, const ModuleInstance &instance) {
  for (const auto &[name, value] : instance.exports())
    define(module, name, value);
}

const Extern *ImportMap::find(std::string_view module, std::string_view name) const {
  // The key holds strings; a lookup by views would need a transparent pair comparison.
  auto it = externs_.find(std::pair<std::string, std::string>(module, name));
  return it == externs_.end() ? nullptr : &it->second;
}

std::string describeImportType(const wasm::Module &module, const wasm::Import &import) {
  switch (import.kind) {
  case wasm::ExternKind::Func:
    return describe(module.types[import.funcTypeIndex]);
  case wasm::ExternKind::Table:
    return describe(import.table);
  case wasm::ExternKind::Memory:
    return describe(import.memory);
  case wasm::ExternKind::Global:
    return describe(import.global);
  }
  return "<bad import>";
}

/// Whether `value` matches the import's type, after the spec's extern type matching; tables
/// and memories are compared by their current size.
static bool matches(const wasm::Module &module, const wasm::Import &import, const Extern &value,
                    TypeRegistry &types) {
  if (value.kind() != import.kind)
    return false;
  switch (import.kind) {
  case wasm::ExternKind::Func:
    return value.function()->typeId() == types.intern(module.types[import.funcTypeIndex]);
  case wasm::ExternKind::Table: {
    wasm::TableType actual = value.table()->currentType();
    return actual.elemType == import.table.elemType &&
           actual.limits.isSubtypeOf(import.table.limits);
  }
  case wasm::ExternKind::Memory:
    return value.memory()->currentType().limits.isSubtypeOf(import.memory.limits);
  case wasm::ExternKind::Global:
    return value.global()->type() == import.global;
  }
  return false;
}

Status matchImport(const wasm::Module &module, const wasm::Import &import, const Extern &value,
                   TypeRegistry &types) {
  if (matches(module, import, value, types))
    return Status::ok();
  return Error("incompatible import type for `" + import.module + "`.`" + import.name +
                   "`: expected " + describeImportType(module, import) + ", got " +
                   value.describeType(),
               import.offset);
}

Expected<ResolvedImports> resolveImports(const wasm::Module &module, const ImportMap &imports,
                                         TypeRegistry &types) {
  ResolvedImports resolved;
  for (const wasm::Import &import : module.imports) {
    const Extern *value = imports.find(import.module, import.name);
    if (!value)
      return Error("unknown import `" + import.module + "`.`" + import.name + "`",
                   import.offset);
    if (Status status = matchImport(module, import, *value, types); !status)
      return status.takeError();
    switch (import.kind) {
    case wasm::ExternKind::Func:
      resolved.functions.push_back(value->function());
      break;
    case wasm::ExternKind::Table:
      resolved.tables.push_back(value->table());
      break;
    case wasm::ExternKind::Memory:
      resolved.memories.push_back(value->memory());
      break;
    case wasm::ExternKind::Global:
      resolved.globals.push_back(value->global());
      break;
    }
  }
  return resolved;
}

} // namespace strata::runtime
