// Wasm names for gdb. gdb names a JIT frame by the symbols of the object registered through
// the GDB JIT interface, so with the debugger on, the functions carry their Wasm names as
// symbols; the JIT resolves them under the new names and keeps the usual ones for lookups.
#include "Pipeline.h"

#include <set>

namespace strata::mlirtier::pipeline {

SymbolRenames nameFunctionsForDebugger(llvm::Module &llvmModule, const wasm::Module &module) {
  SymbolRenames renames;
  std::set<std::string> used;
  const std::string &moduleName = module.displayName();
  for (llvm::Function &function : llvmModule) {
    if (function.isDeclaration())
      continue;
    llvm::StringRef variant = function.getName();
    uint32_t index = 0;
    if (!variant.consume_front("wasm_f") || variant.consumeInteger(10, index))
      continue;
    std::string name = module.functionName(index);
    if (name.empty())
      name = "f" + std::to_string(index);
    std::string wasmName =
        "wasm:" + (moduleName.empty() ? name : moduleName + "!" + name) + variant.str();
    // Name sections may repeat a name: the index tells the functions apart.
    if (!used.insert(wasmName).second) {
      wasmName += "#" + std::to_string(index);
      used.insert(wasmName);
    }
    std::string symbol = function.getName().str();
    function.setName(wasmName);
    renames[symbol] = function.getName().str(); // as LLVM made it unique
  }
  return renames;
}

} // namespace strata::mlirtier::pipeline
