// strata validate FILE.wasm...: decode + validate; exit 0 when all are valid, else 1.
#include "Commands.h"

#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <cstdio>
#include <cstring>

namespace strata::tools {

int runValidate(int argc, char **argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help")) {
    std::fprintf(argc < 2 ? stderr : stdout,
                 "usage: strata validate FILE.wasm...\n"
                 "Decodes and validates each module (WebAssembly 2.0). Prints nothing for a "
                 "valid module\nand 'FILE: error: REASON (at byte 0xN, function F)' otherwise; "
                 "exit 1 if any is bad.\n");
    return argc < 2 ? 2 : 0;
  }
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    std::vector<uint8_t> bytes;
    if (!readFile(argv[i], bytes)) {
      status = 1;
      continue;
    }
    auto module = wasm::decodeModule(bytes);
    Status valid = module ? wasm::validateModule(**module) : Status(module.error());
    if (!valid) {
      std::fprintf(stderr, "%s: error: %s\n", argv[i], valid.error().message().c_str());
      status = 1;
    }
  }
  return status;
}

} // namespace strata::tools
