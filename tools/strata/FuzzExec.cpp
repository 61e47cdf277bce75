// strata fuzz-exec [ENGINE OPTIONS] FILE.wasm...: runs random modules (binaryen's `wasm-opt -ttf`)
// the way the differential fuzzer's reference runners do, and prints the same protocol
// (test/fuzz/diff/README.md): every exported function called with zero arguments, each call's
// logged values and results or trap kind and the exported memories' hashes, then the globals.
#include "CommandLine.h"
#include "Commands.h"

#include "strata/api/Runtime.h"
#include "strata/wasm/Module.h"

#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace strata::tools {
namespace {

const char kAbout[] =
    "Runs each module as the differential fuzzer's references do and prints, per module\n"
    "(after a 'module FILE' line when several are given):\n"
    "  call NAME / log VALUE... / result VALUE... or trap KIND   for each exported function,\n"
    "      called with zero arguments; `hangLimitInitializer`, when exported, runs before each\n"
    "  memory NAME PAGES FNV1A64    after each call, for each exported memory\n"
    "  global NAME VALUE            at the end, for each exported global\n"
    "Values print as i32:N, i64:N, f32:0xBITS, f64:0xBITS (any NaN as f32:nan / f64:nan),\n"
    "funcref:null|nonnull, externref:null|nonnull. The module may import only\n"
    "fuzzing-support.log-* functions, which print a log line with their arguments.\n";

std::string protocolValue(const runtime::Value &value) {
  char text[64];
  switch (value.type()) {
  case wasm::ValType::I32:
    std::snprintf(text, sizeof text, "i32:%" PRId32, value.i32());
    break;
  case wasm::ValType::I64:
    std::snprintf(text, sizeof text, "i64:%" PRId64, value.i64());
    break;
  case wasm::ValType::F32:
    if (std::isnan(value.f32()))
      return "f32:nan";
    std::snprintf(text, sizeof text, "f32:0x%08" PRIx32, uint32_t(value.bits()));
    break;
  case wasm::ValType::F64:
    if (std::isnan(value.f64()))
      return "f64:nan";
    std::snprintf(text, sizeof text, "f64:0x%016" PRIx64, value.bits());
    break;
  case wasm::ValType::V128: {
    runtime::V128 v = value.v128();
    std::snprintf(text, sizeof text, "v128:0x%016" PRIx64 "%016" PRIx64, v.high, v.low);
    break;
  }
  case wasm::ValType::FuncRef:
    return value.isNull() ? "funcref:null" : "funcref:nonnull";
  case wasm::ValType::ExternRef:
    return value.isNull() ? "externref:null" : "externref:nonnull";
  }
  return text;
}

/// The protocol's trap kinds. call_indirect through a null entry and with a wrong signature
/// are one kind, since V8 reports both with one message.
std::string protocolTrap(const runtime::Trap &trap) {
  using runtime::TrapKind;
  switch (trap.kind()) {
  case TrapKind::Unreachable:
    return "unreachable";
  case TrapKind::MemoryOutOfBounds:
    return "memory-out-of-bounds";
  case TrapKind::TableOutOfBounds:
  case TrapKind::UndefinedElement:
    return "table-out-of-bounds";
  case TrapKind::IndirectCallTypeMismatch:
  case TrapKind::UninitializedElement:
    return "indirect-call";
  case TrapKind::NullReference:
    return "null-reference";
  case TrapKind::IntegerDivideByZero:
    return "integer-divide-by-zero";
  case TrapKind::IntegerOverflow:
    return "integer-overflow";
  case TrapKind::InvalidConversion:
    return "invalid-conversion";
  case TrapKind::CallStackExhausted:
    return "call-stack-exhausted";
  default:
    return std::string("other:") + runtime::trapMessage(trap.kind());
  }
}

uint64_t fnv1a(const uint8_t *bytes, uint64_t size) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (uint64_t i = 0; i < size; ++i)
    hash = (hash ^ bytes[i]) * 0x100000001b3ull;
  return hash;
}

/// The fuzzing-support imports: each logs its arguments.
Expected<api::Imports> logImports(api::Runtime &runtime, const wasm::Module &module) {
  api::Imports imports;
  for (const wasm::Import &import : module.imports) {
    if (import.module != "fuzzing-support" || import.kind != wasm::ExternKind::Func ||
        import.name.rfind("log", 0) != 0)
      return Error("unsupported import " + import.module + "." + import.name);
    const wasm::FuncType &type = module.types[import.funcTypeIndex];
    auto log = [type](runtime::HostCallContext &, std::span<uint64_t> slots) {
      std::string line = "log";
      size_t slot = 0;
      for (wasm::ValType param : type.params) {
        line += " " + protocolValue(runtime::Value::fromSlots(param, &slots[slot]));
        slot += param == wasm::ValType::V128 ? 2 : 1;
      }
      std::printf("%s\n", line.c_str());
      return runtime::CallStatus();
    };
    imports.add(import.module, import.name, runtime.hostFunction(import.name, type, log));
  }
  return imports;
}

void printMemories(const api::Instance &instance) {
  for (const api::ExportInfo &info : instance.exports())
    if (info.kind == wasm::ExternKind::Memory) {
      api::Memory memory = *instance.memory(info.name);
      std::printf("memory %s %" PRIu32 " %016" PRIx64 "\n", info.name.c_str(), memory.pages(),
                  fnv1a(memory.data(), memory.size()));
    }
}

void callExports(const api::Instance &instance) {
  api::Function hangLimitInitializer;
  if (auto function = instance.function("hangLimitInitializer"))
    hangLimitInitializer = *function;
  for (const api::ExportInfo &info : instance.exports()) {
    if (info.kind != wasm::ExternKind::Func || info.name == "hangLimitInitializer")
      continue;
    auto function = instance.function(info.name);
    if (hangLimitInitializer.isValid())
      (void)hangLimitInitializer.call({});
    std::printf("call %s\n", info.name.c_str());
    std::fflush(stdout);
    std::vector<runtime::Value> args;
    for (wasm::ValType param : function->type().params)
      args.push_back(wasm::isRefType(param) ? runtime::Value::nullRef(param)
                                            : runtime::Value::zero(param));
    api::CallResult result = function->call(args);
    if (const runtime::Trap *trap = result.trap()) {
      std::printf("trap %s\n", protocolTrap(*trap).c_str());
    } else if (!result) {
      std::printf("trap other:%s\n", result.message().c_str());
    } else {
      std::string line = "result";
      for (const runtime::Value &value : result.values())
        line += " " + protocolValue(value);
      std::printf("%s\n", line.c_str());
    }
    // After every call, so that a store made too early or too late before a trap shows.
    printMemories(instance);
    std::fflush(stdout);
  }
}

void printGlobals(const api::Instance &instance) {
  for (const api::ExportInfo &info : instance.exports())
    if (info.kind == wasm::ExternKind::Global) {
      api::Global global = *instance.global(info.name);
      std::printf("global %s %s\n", info.name.c_str(), protocolValue(global.get()).c_str());
    }
}

/// One module, start to end. Returns false when it could not be read or compiled.
bool runModule(const api::RuntimeConfig &config, const char *path) {
  std::vector<uint8_t> bytes;
  if (!readFile(path, bytes))
    return false;
  auto runtime = api::Runtime::create(config);
  if (!runtime) {
    std::fprintf(stderr, "strata fuzz-exec: %s\n", runtime.error().message().c_str());
    return false;
  }
  auto compiled = (*runtime)->compile(bytes);
  if (!compiled) {
    std::fprintf(stderr, "%s: error: %s\n", path, compiled.error().message().c_str());
    return false;
  }
  auto imports = logImports(**runtime, compiled->module());
  if (!imports) {
    std::printf("unsupported %s\n", imports.error().message().c_str());
    return true;
  }
  std::unique_ptr<runtime::Trap> trap;
  auto instance = (*runtime)->instantiate(*compiled, *imports, "", &trap);
  if (!instance) {
    if (trap)
      std::printf("instantiate-trap %s\n", protocolTrap(*trap).c_str());
    else
      std::printf("instantiate-error\n");
    return true;
  }
  callExports(*instance);
  printGlobals(*instance);
  std::fflush(stdout);
  return true;
}

} // namespace

int runFuzzExec(int argc, char **argv) {
  api::RuntimeConfig config;
  CommandLine commandLine("fuzz-exec", "[ENGINE OPTIONS] FILE.wasm...", kAbout);
  commandLine.acceptEngineOptions(config);
  commandLine.takePositionals(1, kAnyNumber, /*endOptions=*/true);
  if (std::optional<int> done = commandLine.parse(argc, argv))
    return *done;
  const std::vector<std::string> &paths = commandLine.positionals();
  int failures = 0;
  for (const std::string &path : paths) {
    if (paths.size() > 1)
      std::printf("module %s\n", path.c_str());
    failures += !runModule(config, path.c_str());
  }
  return failures ? 1 : 0;
}

} // namespace strata::tools
