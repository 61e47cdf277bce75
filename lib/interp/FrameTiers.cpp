#include "strata/interp/FrameTiers.h"

#include <map>
#include <mutex>

namespace strata::interp {
namespace {

struct Tiers {
  std::mutex mutex;
  std::map<std::string, std::pair<std::string, FrameTierFactory>, std::less<>> byName;
};

Tiers &tiers() {
  static Tiers registered;
  return registered;
}

} // namespace

std::string frameTierNames() {
  std::string names;
  for (const FrameTierInfo &info : frameTiers())
    names += (names.empty() ? "" : ", ") + info.name;
  return names.empty() ? "none" : names;
}

Status registerFrameTier(FrameTierInfo info, FrameTierFactory factory) {
  if (info.name.empty() || info.name == "interp" || info.name == "optimizing" ||
      info.name.find_first_of(",:=") != std::string::npos)
    return Error("frame tier name `" + info.name +
                 "` is empty, `interp`, `optimizing`, or holds `,`, `:` or `=`");
  if (!factory)
    return Error("frame tier " + info.name + ": no factory");
  std::lock_guard lock(tiers().mutex);
  auto [entry, added] =
      tiers().byName.try_emplace(info.name, std::move(info.description), std::move(factory));
  if (!added)
    return Error("frame tier " + info.name + " is registered already");
  return Status::ok();
}

std::vector<FrameTierInfo> frameTiers() {
  std::lock_guard lock(tiers().mutex);
  std::vector<FrameTierInfo> result;
  for (const auto &[name, entry] : tiers().byName)
    result.push_back({name, entry.first});
  return result;
}

Expected<std::shared_ptr<FrameCompiler>> createFrameCompiler(std::string_view name,
                                                             const FrameTierSettings &settings) {
  FrameTierFactory factory;
  {
    std::lock_guard lock(tiers().mutex);
    if (auto it = tiers().byName.find(name); it != tiers().byName.end())
      factory = it->second.second;
  }
  if (!factory)
    return Error("unknown frame tier `" + std::string(name) +
                 "` (registered: " + frameTierNames() + ")");
  auto compiler = factory(settings);
  if (compiler && !*compiler)
    return Error("frame tier " + std::string(name) + ": its factory made no compiler");
  return compiler;
}

} // namespace strata::interp
