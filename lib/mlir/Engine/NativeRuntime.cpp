#include "strata/mlir/Compiler.h"
#include "strata/native/GuardPages.h"
#include "strata/native/RuntimeFunctions.h"

#include <mutex>

namespace strata::mlirtier {

void prepareNativeRuntime(bool guardPages) {
  static std::once_flag bound;
  std::call_once(bound, [] { bindRuntimeFunctions(native::runtimeFunctionSymbols()); });
  if (guardPages)
    native::installGuardPageHandler();
}

} // namespace strata::mlirtier
