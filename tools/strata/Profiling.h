// --profile=FILE, --profile-rate=HZ and --profile-top=N for strata run and invoke: the sampling
// profiler (strata/sampling) over the calls of one command, its profile written in
// speedscope's format and its heaviest functions printed to stderr at the end.
#pragma once

#include "CommandLine.h"

#include "strata/sampling/SamplingProfiler.h"

#include <memory>
#include <optional>
#include <string>

namespace strata::tools {

void describeProfileOptions(CommandLine &commandLine);

class ProfileSession {
public:
  /// A session when the command line asks for one; null without --profile. Sets `error`
  /// (and returns null) when a profile option is bad.
  static std::unique_ptr<ProfileSession> fromCommandLine(const CommandLine &commandLine,
                                                         std::string &error);

  /// Samples the calls made with `context` from now on.
  void start(runtime::CallContext &context);
  /// Stops sampling, writes the profile named `name` and prints the table; false after an
  /// error writing the file (reported).
  bool finish(const std::string &name);

private:
  ProfileSession(std::string path, unsigned rate, size_t top)
      : path_(std::move(path)), top_(top), profiler_(rate) {}

  std::string path_;
  size_t top_;
  sampling::SamplingProfiler profiler_;
  runtime::CallContext *context_ = nullptr;
};

} // namespace strata::tools
