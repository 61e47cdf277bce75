// The module the front-end benchmarks read: $STRATA_BENCH_MODULE, or the generated
// decode-bench.wasm the build names in STRATA_BENCH_MODULE.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

namespace strata::bench {

inline const std::vector<uint8_t> &moduleBytes() {
  static const std::vector<uint8_t> bytes = [] {
    const char *path = std::getenv("STRATA_BENCH_MODULE");
    if (!path)
      path = STRATA_BENCH_MODULE;
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)), {});
    if (data.empty()) {
      std::fprintf(stderr, "cannot read benchmark module %s\n", path);
      std::exit(2);
    }
    return data;
  }();
  return bytes;
}

} // namespace strata::bench
