#include "SpecTest.h"

namespace strata::tools::spec {

using runtime::Value;
using wasm::ValType;

// The printing functions print nothing: their output would only clutter the report.
void defineSpectestModule(api::Runtime &runtime, runtime::ImportMap &imports) {
  auto function = [&](const char *name, api::Function function) {
    imports.define("spectest", name, runtime::Extern(function.instance()));
  };
  // The slot form: the typed binding of a callable without parameters warns on some compilers.
  function("print", runtime.hostFunction("print", wasm::FuncType{},
                                         [](runtime::HostCallContext &, std::span<uint64_t>) {
                                           return runtime::CallStatus();
                                         }));
  function("print_i32", runtime.hostFunction("print_i32", [](int32_t) {}));
  function("print_i64", runtime.hostFunction("print_i64", [](int64_t) {}));
  function("print_f32", runtime.hostFunction("print_f32", [](float) {}));
  function("print_f64", runtime.hostFunction("print_f64", [](double) {}));
  function("print_i32_f32", runtime.hostFunction("print_i32_f32", [](int32_t, float) {}));
  function("print_f64_f64", runtime.hostFunction("print_f64_f64", [](double, double) {}));

  auto global = [&](const char *name, const Value &value) {
    auto created = runtime.createGlobal({value.type(), false}, value);
    if (created)
      imports.define("spectest", name, runtime::Extern(created->instance()));
  };
  global("global_i32", Value::i32(666));
  global("global_i64", Value::i64(666));
  global("global_f32", Value::f32(666.6f));
  global("global_f64", Value::f64(666.6));

  wasm::TableType tableType{ValType::FuncRef, {10, 20}};
  if (auto table = runtime.createTable(tableType, Value::nullRef(ValType::FuncRef)))
    imports.define("spectest", "table", runtime::Extern(table->instance()));
  wasm::MemoryType memoryType{{1, 2}};
  if (auto memory = runtime.createMemory(memoryType))
    imports.define("spectest", "memory", runtime::Extern(memory->instance()));
}

} // namespace strata::tools::spec
