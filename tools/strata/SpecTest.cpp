// strata spectest [--engine=NAME] [--option=K=V...] [--any-trap] FILE.json...: runs spec test
// scripts converted by wast2json and reports what passed, failed and was skipped.
#include "SpecTest.h"
#include "Commands.h"

#include <cstdio>
#include <cstring>

namespace strata::tools {

static const char kSpecTestUsage[] =
    "usage: strata spectest [--engine=NAME] [--option=KEY=VALUE...] [--any-trap] FILE.json...\n";

int runSpecTest(int argc, char **argv) {
  spec::Options options;
  std::vector<std::string> scripts;
  for (int i = 1; i < argc; ++i) {
    std::string error;
    if (!std::strcmp(argv[i], "--help")) {
      std::printf("%s", kSpecTestUsage);
      std::printf(
          "Runs scripts converted by wast2json (FILE.json and the .wasm files beside it), one\n"
          "fresh store per script. Text-format modules, and modules with SIMD instructions on\n"
          "an engine that does not run SIMD, are skipped. Traps are checked against the\n"
          "expected text through the trap-text table (docs/testing.md); --any-trap accepts\n"
          "any trap. Prints 'FILE:LINE: reason' per failed command, a count line per file and\n"
          "a total; exits 1 when anything failed.\n");
      return 0;
    }
    if (!std::strcmp(argv[i], "--any-trap"))
      options.anyTrap = true;
    else if (parseEngineArgument(argv[i], options.config, error)) {
      if (!error.empty()) {
        std::fprintf(stderr, "strata spectest: %s\n", error.c_str());
        return 2;
      }
    } else if (argv[i][0] == '-' && argv[i][1] == '-') {
      std::fprintf(stderr, "strata spectest: unknown option %s\n", argv[i]);
      return 2;
    } else
      scripts.push_back(argv[i]);
  }
  if (scripts.empty()) {
    std::fprintf(stderr, "%s", kSpecTestUsage);
    return 2;
  }
  spec::Counts total;
  for (const std::string &script : scripts) {
    spec::Counts counts = spec::runScript(script, options);
    std::printf("%s: %u passed, %u failed, %u skipped\n", script.c_str(), counts.passed,
                counts.failed, counts.skipped);
    std::fflush(stdout);
    total += counts;
  }
  std::printf("%u passed, %u failed, %u skipped\n", total.passed, total.failed, total.skipped);
  return total.failed ? 1 : 0;
}

} // namespace strata::tools
