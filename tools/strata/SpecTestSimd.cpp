#include "SpecTest.h"

#include "strata/wasm/Instruction.h"

#include <algorithm>
#include <map>
#include <span>
#include <mutex>

namespace strata::tools::spec {

bool usesSimd(const wasm::Module &module) {
  for (uint32_t i = module.numImportedFunctions; i < module.numFunctions(); ++i) {
    const wasm::FunctionBody &body = module.body(i);
    ByteReader reader(module.bytes.data() + body.codeOffset, module.bytes.data() + body.codeEnd,
                      body.codeOffset);
    wasm::Instruction instruction;
    while (!reader.atEnd() && wasm::readInstruction(reader, instruction, wasm::Features{}))
      if (wasm::info(instruction.op).prefix == 0xfd)
        return true;
  }
  return false;
}

bool usesV128Values(const wasm::Module &module) {
  auto isV128 = [](wasm::ValType type) { return type == wasm::ValType::V128; };
  for (const wasm::FuncType &type : module.types)
    if (std::any_of(type.params.begin(), type.params.end(), isV128) ||
        std::any_of(type.results.begin(), type.results.end(), isV128))
      return true;
  for (const wasm::Global &global : module.globals)
    if (isV128(global.type.type))
      return true;
  for (const wasm::FunctionInfo &info : module.functionInfo)
    if (std::any_of(info.localTypes.begin(), info.localTypes.end(), isV128))
      return true;
  return false;
}

namespace {

// (func (export "f") (result i32) (i32x4.extract_lane 0 (v128.const i32x4 7 0 0 0)))
// clang-format off
const uint8_t kSimdProbe[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,       // type: () -> (i32)
    0x03, 0x02, 0x01, 0x00,                         // function: type 0
    0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,        // export "f"
    0x0a, 0x19, 0x01, 0x17, 0x00,                   // code: one body of 23 bytes, no locals
    0xfd, 0x0c, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // v128.const i32x4 7 0 0 0
    0xfd, 0x1b, 0x00,                               // i32x4.extract_lane 0
    0x0b};                                          // end
// clang-format on

// (func (export "f") (param v128) (result v128) (local.get 0))
// clang-format off
const uint8_t kV128Probe[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7b, 0x01, 0x7b, // type: (v128) -> (v128)
    0x03, 0x02, 0x01, 0x00,                         // function: type 0
    0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,        // export "f"
    0x0a, 0x06, 0x01, 0x04, 0x00, 0x20, 0x00, 0x0b  // code: local.get 0, end
};
// clang-format on

/// Runs the probe module's export "f" with `args` on the engine; true when it returns exactly
/// `expected`.
bool runProbe(const api::RuntimeConfig &config, std::span<const uint8_t> bytes,
              std::initializer_list<api::Value> args, const api::Value &expected) {
  auto runtime = api::Runtime::create(config);
  if (!runtime)
    return false;
  auto compiled = (*runtime)->compile(bytes);
  if (!compiled)
    return false;
  auto instance = (*runtime)->instantiate(*compiled);
  if (!instance)
    return false;
  auto function = instance->function("f");
  if (!function)
    return false;
  api::CallResult result = function->call(args);
  return result && result.values().size() == 1 && result.values()[0] == expected;
}

bool probeV128(const api::RuntimeConfig &config) {
  api::Value value = api::Value::v128({0x0123456789abcdef, 0xfedcba9876543210});
  return runProbe(config, kV128Probe, {value}, value);
}

bool probe(const api::RuntimeConfig &config) {
  return runProbe(config, kSimdProbe, {}, api::Value::i32(7));
}

} // namespace

/// Runs `probe` once per engine configuration and remembers the answer.
static bool probeOnce(const api::RuntimeConfig &config, bool (*probe)(const api::RuntimeConfig &),
                      std::map<std::string, bool> &known) {
  static std::mutex mutex;
  std::string key = config.engine;
  for (const auto &[name, value] : config.engineOptions.settings)
    key += " " + name + "=" + value;
  std::lock_guard lock(mutex);
  auto found = known.find(key);
  if (found == known.end())
    found = known.emplace(key, probe(config)).first;
  return found->second;
}

bool engineRunsSimd(const api::RuntimeConfig &config) {
  static std::map<std::string, bool> known;
  return probeOnce(config, probe, known);
}

bool engineCarriesV128(const api::RuntimeConfig &config) {
  static std::map<std::string, bool> known;
  return probeOnce(config, probeV128, known);
}

} // namespace strata::tools::spec
