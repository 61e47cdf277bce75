// libFuzzer entry point for execution: what decodes and validates is instantiated (every import
// satisfied by a stub of its type) and every exported function is called with zero arguments,
// once on interp and once on jit, each call under a deadline so no input can hang. The two
// engines must agree on every call's results (any NaN equal to any NaN) and trap kind, until
// one of them hits a limit (call stack exhausted, deadline) that the other need not hit at the
// same point. Beyond that disagreement, the failures are the sanitizers' (address, undefined,
// leaks) and the run's time and memory limits.
#include "strata/api/Runtime.h"
#include "strata/runtime/Trap.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

using namespace strata;

namespace {

constexpr auto kCallDeadline = std::chrono::milliseconds(200);
constexpr uint32_t kMemoryPageLimit = 256; // 16 MiB per memory
constexpr size_t kMaxCalls = 16;

/// What one call came to: the results, or the trap's kind.
struct Outcome {
  std::optional<runtime::TrapKind> trap;
  std::vector<runtime::Value> values;
  bool error = false; // neither results nor a trap (an engine error)
};

bool limitReached(const Outcome &outcome) {
  return outcome.error || (outcome.trap && (*outcome.trap == runtime::TrapKind::CallStackExhausted ||
                                            *outcome.trap == runtime::TrapKind::Interrupted));
}

bool sameValue(const runtime::Value &a, const runtime::Value &b) {
  if (a.type() != b.type())
    return false;
  if (a.type() == wasm::ValType::F32 && std::isnan(a.f32()))
    return std::isnan(b.f32());
  if (a.type() == wasm::ValType::F64 && std::isnan(a.f64()))
    return std::isnan(b.f64());
  if (wasm::isRefType(a.type()))
    return a.isNull() == b.isNull();
  return a.bits() == b.bits();
}

bool sameOutcome(const Outcome &a, const Outcome &b) {
  if (a.trap || b.trap)
    return a.trap == b.trap;
  if (a.values.size() != b.values.size())
    return false;
  for (size_t i = 0; i < a.values.size(); ++i)
    if (!sameValue(a.values[i], b.values[i]))
      return false;
  return true;
}

/// A stub for every import: functions return zeros, memories, tables and globals are created
/// with the imported type. Empty when one cannot be made (the input is then skipped).
std::optional<api::Imports> stubImports(api::Runtime &runtime, const wasm::Module &module) {
  api::Imports imports;
  for (const wasm::Import &import : module.imports) {
    switch (import.kind) {
    case wasm::ExternKind::Func: {
      const wasm::FuncType &type = module.types[import.funcTypeIndex];
      auto zeros = [](runtime::HostCallContext &, std::span<uint64_t> slots) {
        std::fill(slots.begin(), slots.end(), 0);
        return runtime::CallStatus();
      };
      imports.add(import.module, import.name, runtime.hostFunction(import.name, type, zeros));
      break;
    }
    case wasm::ExternKind::Memory: {
      auto memory = runtime.createMemory(import.memory);
      if (!memory)
        return std::nullopt;
      imports.add(import.module, import.name, *memory);
      break;
    }
    case wasm::ExternKind::Table: {
      auto table = runtime.createTable(import.table,
                                       runtime::Value::nullRef(import.table.elemType));
      if (!table)
        return std::nullopt;
      imports.add(import.module, import.name, *table);
      break;
    }
    case wasm::ExternKind::Global: {
      wasm::ValType type = import.global.type;
      auto global = runtime.createGlobal(import.global, wasm::isRefType(type)
                                                            ? runtime::Value::nullRef(type)
                                                            : runtime::Value::zero(type));
      if (!global)
        return std::nullopt;
      imports.add(import.module, import.name, *global);
      break;
    }
    }
  }
  return imports;
}

/// Runs the module on `engine`: the outcome of instantiation (no values, or the start
/// function's trap), then of each exported function's call in export order; nothing when the
/// module does not compile or link.
std::optional<std::vector<Outcome>> run(std::span<const uint8_t> bytes, const char *engine) {
  api::RuntimeConfig config;
  config.engine = engine;
  config.memoryPageLimit = kMemoryPageLimit;
  auto runtime = api::Runtime::create(config);
  if (!runtime)
    std::abort(); // every engine this fuzzer names is registered
  auto compiled = (*runtime)->compile(bytes);
  if (!compiled)
    return std::nullopt;
  std::optional<api::Imports> imports = stubImports(**runtime, compiled->module());
  if (!imports)
    return std::nullopt;
  runtime::CallContext &context = (*runtime)->callContext();
  context.setDeadline(runtime::CallContext::Clock::now() + kCallDeadline);
  std::unique_ptr<runtime::Trap> startTrap;
  auto instance = (*runtime)->instantiate(*compiled, *imports, "", &startTrap);
  std::vector<Outcome> outcomes(1);
  if (!instance) {
    if (!startTrap)
      return std::nullopt;
    outcomes[0].trap = startTrap->kind();
    return outcomes;
  }
  for (const api::ExportInfo &info : instance->exports()) {
    if (info.kind != wasm::ExternKind::Func || outcomes.size() > kMaxCalls)
      continue;
    auto function = instance->function(info.name);
    std::vector<runtime::Value> args;
    for (wasm::ValType param : function->type().params)
      args.push_back(wasm::isRefType(param) ? runtime::Value::nullRef(param)
                                            : runtime::Value::zero(param));
    context.setDeadline(runtime::CallContext::Clock::now() + kCallDeadline);
    api::CallResult result = function->call(args);
    Outcome outcome;
    if (const runtime::Trap *trap = result.trap())
      outcome.trap = trap->kind();
    else if (!result)
      outcome.error = true;
    else
      outcome.values = result.values();
    outcomes.push_back(std::move(outcome));
    if (limitReached(outcomes.back()))
      break;
  }
  return outcomes;
}

std::string describe(const Outcome &outcome) {
  if (outcome.error)
    return "error";
  if (outcome.trap)
    return std::string("trap: ") + runtime::trapMessage(*outcome.trap);
  std::string text = "results";
  for (const runtime::Value &value : outcome.values)
    text += " " + std::to_string(value.bits());
  return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  std::optional<std::vector<Outcome>> interp = run(bytes, "interp");
  std::optional<std::vector<Outcome>> jit = run(bytes, "jit");
  if (interp.has_value() != jit.has_value()) {
    std::fprintf(stderr, "interp and jit disagree on whether the module links\n");
    std::abort();
  }
  if (!interp)
    return 0;
  for (size_t i = 0; i < interp->size() && i < jit->size(); ++i) {
    const Outcome &a = (*interp)[i], &b = (*jit)[i];
    if (limitReached(a) || limitReached(b))
      break;
    if (!sameOutcome(a, b)) {
      std::fprintf(stderr, "%s %zu: interp gave %s, jit gave %s\n",
                   i == 0 ? "instantiation" : "export call", i,
                   describe(a).c_str(), describe(b).c_str());
      std::abort();
    }
  }
  return 0;
}
