// strata: the command-line driver. Each subcommand lives in its own file (Command*.cpp).
#include "Commands.h"

#include <cstdio>
#include <string>

using namespace strata::tools;

static void printUsage(FILE *out) {
  std::fprintf(out, "usage: strata <command> [options]\n\ncommands:\n");
  for (const Command &command : allCommands())
    std::fprintf(out, "  %-10s %s\n", command.name, command.summary);
  std::fprintf(out, "\n'strata <command> --help' describes a command.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    printUsage(stderr);
    return 2;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    printUsage(stdout);
    return 0;
  }
  for (const Command &command : allCommands())
    if (name == command.name)
      return command.run(argc - 1, argv + 1);
  std::fprintf(stderr, "strata: unknown command '%s'\n", name.c_str());
  printUsage(stderr);
  return 2;
}
