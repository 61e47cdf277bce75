// Helpers shared by the unit tests: WebAssembly text to binary through wat2wasm, and to a
// validated, shared Module.
#pragma once

#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <cstdint>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace strata::test {

/// Assembles WebAssembly text with wat2wasm (all 2.0 features); throws on a text error.
inline std::vector<uint8_t> wat(const std::string &text) {
  char dir[] = "/tmp/strata-wat-XXXXXX";
  if (!mkdtemp(dir))
    throw std::runtime_error("mkdtemp failed");
  std::string watPath = std::string(dir) + "/m.wat", wasmPath = std::string(dir) + "/m.wasm";
  std::ofstream(watPath) << text;
  std::string command = std::string(STRATA_WAT2WASM) + " --no-check " + watPath + " -o " +
                        wasmPath + " 2>" + dir + "/err";
  int status = std::system(command.c_str());
  std::ifstream in(wasmPath, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  std::ifstream errIn(std::string(dir) + "/err");
  std::string err((std::istreambuf_iterator<char>(errIn)), {});
  std::remove(watPath.c_str());
  std::remove(wasmPath.c_str());
  std::remove((std::string(dir) + "/err").c_str());
  rmdir(dir);
  if (status != 0)
    throw std::runtime_error("wat2wasm failed: " + err);
  return bytes;
}

/// Assembles, decodes and validates `text`; throws on any failure (the test then fails).
inline std::shared_ptr<const wasm::Module> loadModule(const std::string &text) {
  std::vector<uint8_t> bytes = wat(text);
  auto module = wasm::decodeModule(bytes);
  if (!module)
    throw std::runtime_error("decode failed: " + module.error().message());
  if (Status status = wasm::validateModule(**module); !status)
    throw std::runtime_error("validation failed: " + status.error().message());
  return std::shared_ptr<const wasm::Module>(std::move(*module));
}

} // namespace strata::test
