#include "Profiling.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace strata::tools {

void describeProfileOptions(CommandLine &commandLine) {
  po::options_description_easy_init add = commandLine.addOptions();
  add("profile", po::value<std::string>()->value_name("FILE"),
      "sample the Wasm call stack and write the profile to FILE (speedscope's format)");
  add("profile-rate", po::value<unsigned>()->value_name("HZ"),
      "samples per second (1 to 100000, default 1000)");
  add("profile-top", po::value<size_t>()->value_name("N"),
      "print the N heaviest functions at the end (default 10, 0: none)");
}

std::unique_ptr<ProfileSession> ProfileSession::fromCommandLine(const CommandLine &commandLine,
                                                                std::string &error) {
  const po::variables_map &values = commandLine.values();
  if (!values.count("profile")) {
    if (values.count("profile-rate") || values.count("profile-top"))
      error = "--profile-rate and --profile-top need --profile=FILE";
    return nullptr;
  }
  std::string path = values["profile"].as<std::string>();
  if (path.empty()) {
    error = "--profile needs a file name";
    return nullptr;
  }
  unsigned rate = values.count("profile-rate") ? values["profile-rate"].as<unsigned>() : 1000;
  if (rate < 1 || rate > 100000) {
    error = "--profile-rate takes 1 to 100000 samples per second, got " + std::to_string(rate);
    return nullptr;
  }
  size_t top = values.count("profile-top") ? values["profile-top"].as<size_t>() : 10;
  return std::unique_ptr<ProfileSession>(new ProfileSession(std::move(path), rate, top));
}

void ProfileSession::start(runtime::CallContext &context) {
  context_ = &context;
  profiler_.attach(context);
  profiler_.start();
}

bool ProfileSession::finish(const std::string &name) {
  profiler_.stop();
  if (context_)
    profiler_.detach(*context_);
  std::ofstream out(path_, std::ios::binary | std::ios::trunc);
  out << profiler_.speedscopeJson(name) << '\n';
  out.close();
  if (!out) {
    std::fprintf(stderr, "strata: cannot write the profile to %s: %s\n", path_.c_str(),
                 std::strerror(errno));
    return false;
  }
  std::fprintf(stderr, "profile: %llu samples at %u Hz (%.3f s) in %s\n",
               static_cast<unsigned long long>(profiler_.sampledWeight()), profiler_.rate(),
               double(profiler_.sampledWeight()) / profiler_.rate(), path_.c_str());
  if (top_ > 0)
    std::fputs(profiler_.topTable(top_).c_str(), stderr);
  return true;
}

} // namespace strata::tools
