// The command line of one strata subcommand, parsed by Boost.program_options: the command's own
// options, -h/--help, the engine options several commands share (EngineOptions.h) and the
// positional arguments. Every usage error is one line on stderr and exit code 2.
#pragma once

#include <boost/program_options.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::api {
struct RuntimeConfig;
}

namespace strata::tools {

namespace po = boost::program_options;

/// The exit code of strata for a bad command line.
constexpr int kUsageError = 2;
/// CommandLine::takePositionals' `max` for any number of arguments.
constexpr size_t kAnyNumber = SIZE_MAX;

class CommandLine {
public:
  /// `synopsis` follows "usage: strata COMMAND "; `about` (lines ending in '\n') follows the
  /// usage line in --help.
  CommandLine(std::string command, std::string synopsis, std::string about);

  /// Adds the command's own options: addOptions()("name", po::value<T>()->value_name("X"),
  /// "one line"). Values are given as --name=X (or -n X for one-letter options).
  po::options_description_easy_init addOptions() { return own_.add_options(); }

  /// Accepts the engine options too; parse() applies them to `config` in command-line order,
  /// so that a later one overrides an earlier one (scripts append to flags they were given).
  void acceptEngineOptions(api::RuntimeConfig &config) { engineConfig_ = &config; }

  /// How many positional arguments the command takes. With `endOptions`, the first of them
  /// ends the options: all that follow are positional even when they start with '-' (a WASI
  /// program's arguments, negative numbers). Without it, options and arguments may mix.
  void takePositionals(size_t min, size_t max, bool endOptions = false);

  /// Parses argv (argv[0] is the command's name). Returns the exit code when the command is
  /// done: 0 after printing --help, kUsageError after printing why the command line is bad.
  std::optional<int> parse(int argc, char **argv);

  const po::variables_map &values() const { return values_; }
  const std::vector<std::string> &positionals() const { return positionals_; }
  /// The options among `names` as given, in command-line order: (name, value) pairs.
  std::vector<std::pair<std::string, std::string>>
  inOrder(std::initializer_list<std::string_view> names) const;

  /// Prints "strata COMMAND: message" to stderr and returns kUsageError.
  int usageError(const std::string &message) const;

private:
  po::options_description allOptions() const;
  void printHelp() const;
  void printUsage(FILE *out) const;
  std::string optionNames() const;
  std::optional<int> take(po::parsed_options &parsed);

  std::string command_, synopsis_, about_;
  po::options_description own_;
  api::RuntimeConfig *engineConfig_ = nullptr;
  size_t minPositionals_ = 0, maxPositionals_ = 0;
  bool endOptions_ = false;
  po::variables_map values_;
  std::vector<std::string> positionals_;
  std::vector<std::pair<std::string, std::string>> given_;
};

} // namespace strata::tools
