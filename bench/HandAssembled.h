// Modules the benchmarks assemble by hand, so that they need no toolchain.
#pragma once

#include <cstdint>
#include <vector>

namespace strata::bench {

/// A module whose functions all take an i32 and return one, with the given bodies (each its
/// locals declaration, code and `end`), exporting function `exported` as the one-letter `name`.
/// Every section must stay under 128 bytes (its size is one LEB128 byte).
inline std::vector<uint8_t> i32FunctionsModule(const std::vector<std::vector<uint8_t>> &bodies,
                                               char name, uint8_t exported) {
  std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  auto section = [&](uint8_t id, const std::vector<uint8_t> &content) {
    bytes.push_back(id);
    bytes.push_back(uint8_t(content.size()));
    bytes.insert(bytes.end(), content.begin(), content.end());
  };
  section(1, {0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f}); // type 0: (i32) -> i32
  std::vector<uint8_t> functions = {uint8_t(bodies.size())};
  functions.insert(functions.end(), bodies.size(), 0x00);
  section(3, functions);
  section(7, {0x01, 0x01, uint8_t(name), 0x00, exported});
  std::vector<uint8_t> code = {uint8_t(bodies.size())};
  for (const std::vector<uint8_t> &body : bodies) {
    code.push_back(uint8_t(body.size()));
    code.insert(code.end(), body.begin(), body.end());
  }
  section(10, code);
  return bytes;
}

} // namespace strata::bench
