// strata validate FILE.wasm...: decode + validate; exit 0 when all are valid, else 1.
#include "CommandLine.h"
#include "Commands.h"

#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <cstdio>

namespace strata::tools {

int runValidate(int argc, char **argv) {
  CommandLine commandLine(
      "validate", "FILE.wasm...",
      "Decodes and validates each module (WebAssembly 2.0). Prints nothing for a valid module\n"
      "and 'FILE: error: REASON (at byte 0xN, function F)' otherwise; exit 1 if any is bad.\n");
  commandLine.takePositionals(1, kAnyNumber);
  if (std::optional<int> done = commandLine.parse(argc, argv))
    return *done;
  int status = 0;
  for (const std::string &path : commandLine.positionals()) {
    std::vector<uint8_t> bytes;
    if (!readFile(path, bytes)) {
      status = 1;
      continue;
    }
    auto module = wasm::decodeModule(bytes);
    Status valid = module ? wasm::validateModule(**module) : Status(module.error());
    if (!valid) {
      std::fprintf(stderr, "%s: error: %s\n", path.c_str(), valid.error().message().c_str());
      status = 1;
    }
  }
  return status;
}

} // namespace strata::tools
