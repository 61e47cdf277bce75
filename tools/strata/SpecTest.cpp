// strata spectest [ENGINE OPTIONS] [--any-trap] FILE.json...: runs spec test
// scripts converted by wast2json and reports what passed, failed and was skipped.
#include "SpecTest.h"
#include "CommandLine.h"
#include "Commands.h"

#include <cstdio>

namespace strata::tools {

int runSpecTest(int argc, char **argv) {
  spec::Options options;
  CommandLine commandLine(
      "spectest", "[OPTIONS] FILE.json...",
      "Runs scripts converted by wast2json (FILE.json and the .wasm files beside it), one\n"
      "fresh store per script. Text-format modules, and modules with SIMD instructions on\n"
      "an engine that does not run SIMD, are skipped. Traps are checked against the\n"
      "expected text through the trap-text table (docs/testing.md). Prints\n"
      "'FILE:LINE: reason' per failed command, a count line per file and a total; exits 1\n"
      "when anything failed.\n");
  commandLine.addOptions()("any-trap", "accept any trap where a script expects a particular one");
  commandLine.acceptEngineOptions(options.config);
  commandLine.takePositionals(1, kAnyNumber);
  if (std::optional<int> done = commandLine.parse(argc, argv))
    return *done;
  options.anyTrap = commandLine.values().count("any-trap");
  const std::vector<std::string> &scripts = commandLine.positionals();
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
