// The linker: named externs by (module name, field name), and import resolution with the spec's
// import matching (function types equal, table element types equal and limits a subtype,
// memory limits a subtype, global types and mutability equal). Depends on support/ and wasm/.
#pragma once

#include "strata/runtime/Extern.h"
#include "strata/runtime/TypeRegistry.h"
#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::runtime {

class ModuleInstance;

/// What a module may import: externs by (module name, field name).
class ImportMap {
public:
  /// Defines one extern, replacing an earlier one of the same names.
  void define(std::string module, std::string name, Extern value);
  /// Defines every export of `instance` under `module` (the spec test's `register`).
  void defineInstance(const std::string &module, const ModuleInstance &instance);
  const Extern *find(std::string_view module, std::string_view name) const;
  size_t size() const { return externs_.size(); }

private:
  std::map<std::pair<std::string, std::string>, Extern, std::less<>> externs_;
};

/// A module's imports, resolved, per index space and in import order.
struct ResolvedImports {
  std::vector<FunctionInstance *> functions;
  std::vector<TableInstance *> tables;
  std::vector<MemoryInstance *> memories;
  std::vector<GlobalInstance *> globals;
};

/// Resolves every import of `module` or fails with "unknown import `m`.`f`" or
/// "incompatible import type for `m`.`f`: expected ..., got ...".
Expected<ResolvedImports> resolveImports(const wasm::Module &module, const ImportMap &imports,
                                         TypeRegistry &types);

/// Import matching for one import against one extern; the reason on failure.
Status matchImport(const wasm::Module &module, const wasm::Import &import, const Extern &value,
                   TypeRegistry &types);

/// "func (i32) -> ()" and so on, as the import requires it.
std::string describeImportType(const wasm::Module &module, const wasm::Import &import);

} // namespace strata::runtime
