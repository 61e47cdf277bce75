#include "SpecTest.h"

#include "strata/wasm/Instruction.h"

#include <map>
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

bool probe(const api::RuntimeConfig &config) {
  auto runtime = api::Runtime::create(config);
  if (!runtime)
    return false;
  auto compiled = (*runtime)->compile(kSimdProbe);
  if (!compiled)
    return false;
  auto instance = (*runtime)->instantiate(*compiled);
  if (!instance)
    return false;
  auto function = instance->function("f");
  if (!function)
    return false;
  api::CallResult result = function->call({});
  return result && result.values().size() == 1 && result.values()[0].i32() == 7;
}

} // namespace

bool engineRunsSimd(const api::RuntimeConfig &config) {
  static std::mutex mutex;
  static std::map<std::string, bool> known;
  std::string key = config.engine;
  for (const auto &[name, value] : config.engineOptions.settings)
    key += " " + name + "=" + value;
  std::lock_guard lock(mutex);
  auto found = known.find(key);
  if (found == known.end())
    found = known.emplace(key, probe(config)).first;
  return found->second;
}

} // namespace strata::tools::spec
