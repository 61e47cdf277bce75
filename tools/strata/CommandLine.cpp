#include "CommandLine.h"
#include "EngineOptions.h"

#include <climits>

namespace strata::tools {
namespace {

namespace style = po::command_line_style;

// No abbreviations: a new option must not change what an existing command line means.
constexpr int kStyle = style::unix_style & ~style::allow_guessing;

// --help aligns descriptions after this many columns of option spellings.
constexpr int kSpellingWidth = 22;

std::string shortName(const po::option_description &option) {
  std::string name = option.canonical_display_name(style::allow_dash_for_short);
  return name.size() == 2 && name[0] == '-' ? name : "";
}

/// How --help writes an option: "--name=VALUE", "--name[=VALUE]", "--name", "-o VALUE" or
/// "-h, --help".
std::string spelling(const po::option_description &option) {
  const po::value_semantic &value = *option.semantic();
  if (option.long_name().empty())
    return shortName(option) + (value.max_tokens() ? " " + value.name() : "");
  std::string text = shortName(option);
  text += (text.empty() ? "--" : ", --") + option.long_name();
  if (value.max_tokens() == 0)
    return text;
  return text + (value.min_tokens() ? "=" + value.name() : "[=" + value.name() + "]");
}

/// The style parser strata puts before Boost's own. It keeps positional arguments positional:
/// Boost would give one that follows an option with an optional value (`--stats FILE.wasm`) to
/// that option. With `rest`, the first positional argument takes all the arguments after it.
/// A long option's value must follow '=': Boost would take `--engine FILE.wasm` as the
/// engine's name.
std::vector<po::option> parseStrataStyle(std::vector<std::string> &args,
                                         const po::options_description &options, bool rest) {
  std::vector<po::option> taken;
  if (args.empty())
    return taken;
  const std::string &first = args[0];
  if (first.size() > 2 && first.starts_with("--") && first.find('=') == std::string::npos) {
    const po::option_description *option = options.find_nothrow(first.substr(2), false);
    if (option && option->semantic()->min_tokens() > 0)
      throw po::error(first + " needs a value: " + spelling(*option));
  }
  if (first.size() > 1 && first[0] == '-')
    return taken;
  size_t count = rest ? args.size() : 1;
  for (size_t i = 0; i < count; ++i) {
    po::option positional;
    positional.value = {args[i]};
    positional.original_tokens = {args[i]};
    positional.position_key = INT_MAX; // Boost's mark for arguments after "--"
    taken.push_back(positional);
  }
  args.erase(args.begin(), args.begin() + ptrdiff_t(count));
  return taken;
}

void printOptions(const po::options_description &options, const char *heading) {
  std::printf("\n%s:\n", heading);
  for (const auto &option : options.options()) {
    std::string name = spelling(*option);
    if (name.size() > size_t(kSpellingWidth))
      std::printf("  %s\n  %*s", name.c_str(), kSpellingWidth, "");
    else
      std::printf("  %-*s", kSpellingWidth, name.c_str());
    std::printf("  %s\n", option->description().c_str());
  }
}

} // namespace

CommandLine::CommandLine(std::string command, std::string synopsis, std::string about)
    : command_(std::move(command)), synopsis_(std::move(synopsis)), about_(std::move(about)) {
  own_.add_options()("help,h", "print this help and exit");
}

void CommandLine::takePositionals(size_t min, size_t max, bool endOptions) {
  minPositionals_ = min;
  maxPositionals_ = max;
  endOptions_ = endOptions;
}

std::optional<int> CommandLine::parse(int argc, char **argv) {
  po::options_description options = allOptions();
  bool rest = endOptions_;
  try {
    po::parsed_options parsed =
        po::command_line_parser(argc, argv)
            .options(options)
            .style(kStyle)
            .extra_style_parser([&options, rest](std::vector<std::string> &args) {
              return parseStrataStyle(args, options, rest);
            })
            .run();
    return take(parsed);
  } catch (const po::unknown_option &error) {
    std::string name = error.get_option_name();
    return usageError("unknown option " + name.substr(0, name.find('=')) + "; the options are " +
                      optionNames());
  } catch (po::error_with_option_name &error) {
    // Boost names a one-letter option with the long prefix ("--O").
    std::string name = error.get_option_name();
    if (name.size() == 3 && name.starts_with("--"))
      error.set_prefix(style::allow_dash_for_short);
    return usageError(error.what());
  } catch (const po::error &error) {
    return usageError(error.what());
  }
}

/// Stores what `parsed` holds; the exit code when the command is done.
std::optional<int> CommandLine::take(po::parsed_options &parsed) {
  // The engine options stay out of the map, where a repeated option is an error.
  std::vector<po::option> engineGiven;
  if (engineConfig_)
    std::erase_if(parsed.options, [&](const po::option &option) {
      if (!isEngineOption(option.string_key))
        return false;
      engineGiven.push_back(option);
      return true;
    });
  po::store(parsed, values_);
  if (values_.count("help")) {
    printHelp();
    return 0;
  }
  po::notify(values_);
  for (const po::option &option : engineGiven)
    applyEngineOption(option, *engineConfig_);
  for (const po::option &option : parsed.options) {
    std::string value = option.value.empty() ? "" : option.value.front();
    if (option.string_key.empty())
      positionals_.push_back(value);
    else
      given_.emplace_back(option.string_key, value);
  }
  if (positionals_.size() < minPositionals_ || positionals_.size() > maxPositionals_) {
    printUsage(stderr);
    return kUsageError;
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>>
CommandLine::inOrder(std::initializer_list<std::string_view> names) const {
  std::vector<std::pair<std::string, std::string>> found;
  for (const auto &[name, value] : given_)
    for (std::string_view wanted : names)
      if (name == wanted)
        found.emplace_back(name, value);
  return found;
}

int CommandLine::usageError(const std::string &message) const {
  std::fprintf(stderr, "strata %s: %s\n", command_.c_str(), message.c_str());
  return kUsageError;
}

po::options_description CommandLine::allOptions() const {
  po::options_description options;
  options.add(own_);
  if (engineConfig_)
    options.add(engineOptions());
  return options;
}

void CommandLine::printUsage(FILE *out) const {
  std::fprintf(out, "usage: strata %s %s\n", command_.c_str(), synopsis_.c_str());
  if (out == stderr)
    std::fprintf(out, "'strata %s --help' describes the options.\n", command_.c_str());
}

void CommandLine::printHelp() const {
  printUsage(stdout);
  std::printf("%s", about_.c_str());
  printOptions(own_, "options");
  if (engineConfig_)
    printOptions(engineOptions(), "engine options");
}

std::string CommandLine::optionNames() const {
  std::string names;
  po::options_description options = allOptions();
  for (const auto &option : options.options()) {
    names += names.empty() ? "" : ", ";
    names += option->long_name().empty() ? shortName(*option) : "--" + option->long_name();
  }
  return names;
}

} // namespace strata::tools
