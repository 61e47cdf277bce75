// Test helpers for the runtime and engine tests: WebAssembly text to a validated, shared Module.
#pragma once

#include "TestUtil.h"

#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <memory>
#include <stdexcept>
#include <string>

namespace strata::test {

/// Assembles, decodes and validates `text`; throws on any failure.
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
