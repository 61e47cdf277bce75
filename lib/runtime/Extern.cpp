#include "strata/runtime/Extern.h"

#include "strata/runtime/Function.h"
#include "strata/runtime/Global.h"
#include "strata/runtime/Memory.h"
#include "strata/runtime/Table.h"
#include "strata/runtime/TypeText.h"

namespace strata::runtime {

std::string Extern::describeType() const {
  switch (kind()) {
  case wasm::ExternKind::Func:
    return describe(function()->type());
  case wasm::ExternKind::Table:
    return describe(table()->currentType());
  case wasm::ExternKind::Memory:
    return describe(memory()->currentType());
  case wasm::ExternKind::Global:
    return describe(global()->type());
  }
  return "<bad extern>";
}

} // namespace strata::runtime
