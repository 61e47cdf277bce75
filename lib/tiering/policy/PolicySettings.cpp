// Parsing of policy specs ("NAME[:key=value,...]") and of their knobs, and the table of
// policies: the built-in ones and those registered from outside.
#include "Builtins.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>

namespace strata::tiering {
namespace {

struct Entry {
  std::string description;
  PolicyFactory create;
};

/// Every policy by name: the built-in ones, then those registered.
class Registry {
public:
  static Registry &get() {
    static Registry registry;
    return registry;
  }

  Status add(PolicyInfo info, PolicyFactory factory) {
    if (info.name.empty() || info.name.find_first_of(":,=") != std::string::npos)
      return Error("policy name `" + info.name + "` is empty or holds `:`, `,` or `=`");
    if (!factory)
      return Error("policy " + info.name + ": no factory");
    std::lock_guard lock(mutex_);
    if (!entries_.try_emplace(info.name, Entry{std::move(info.description), std::move(factory)})
             .second)
      return Error("policy " + info.name + " is registered already");
    return Status::ok();
  }

  std::optional<Entry> find(std::string_view name) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(name);
    return it == entries_.end() ? std::nullopt : std::optional<Entry>(it->second);
  }

  std::vector<PolicyInfo> list() const {
    std::lock_guard lock(mutex_);
    std::vector<PolicyInfo> result;
    for (const auto &[name, entry] : entries_) // a map: sorted by name
      result.push_back({name, entry.description});
    return result;
  }

private:
  Registry() {
#define POLICY(name, factory, description) entries_.try_emplace(name, Entry{description, detail::factory});
#include "Policies.def"
  }

  mutable std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> entries_;
};

std::string knownNames() {
  std::string names;
  for (const PolicyInfo &info : Registry::get().list())
    names += (names.empty() ? "" : ", ") + info.name;
  return names;
}

/// Splits "k=v,k=v" into `settings`; an empty list is no settings.
Status parseSettings(std::string_view list, PolicySettings &settings, std::string_view policy) {
  auto fail = [&](const std::string &what) {
    return Error("policy " + std::string(policy) + ": " + what);
  };
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (comma != std::string_view::npos && list.empty())
      return fail("empty setting after the last `,`");
    size_t equals = item.find('=');
    if (item.empty())
      return fail("empty setting (expected key=value)");
    if (equals == std::string_view::npos)
      return fail("setting `" + std::string(item) + "` has no value (expected key=value)");
    std::string key(item.substr(0, equals));
    if (key.empty())
      return fail("setting `" + std::string(item) + "` has no key (expected key=value)");
    if (!settings.values.emplace(key, std::string(item.substr(equals + 1))).second)
      return fail("setting `" + key + "` given twice");
  }
  return Status::ok();
}

} // namespace

namespace detail {
std::string formatNumber(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, ec == std::errc() ? end : buffer);
}
} // namespace detail

Expected<int64_t> PolicySettings::integer(std::string_view key, int64_t fallback) {
  used_[std::string(key)] = true;
  auto it = values.find(key);
  if (it == values.end())
    return fallback;
  const std::string &text = it->second;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0)
    return Error("policy " + policy_ + ": " + std::string(key) +
                 " must be a non-negative integer, got `" + text + "`");
  return value;
}

Expected<double> PolicySettings::number(std::string_view key, double fallback) {
  used_[std::string(key)] = true;
  auto it = values.find(key);
  if (it == values.end())
    return fallback;
  const std::string &text = it->second;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value) || value < 0)
    return Error("policy " + policy_ + ": " + std::string(key) +
                 " must be a non-negative number, got `" + text + "`");
  return value;
}

Expected<bool> PolicySettings::flag(std::string_view key, bool fallback) {
  used_[std::string(key)] = true;
  auto it = values.find(key);
  if (it == values.end())
    return fallback;
  if (it->second == "on")
    return true;
  if (it->second == "off")
    return false;
  return Error("policy " + policy_ + ": " + std::string(key) + " must be `on` or `off`, got `" +
               it->second + "`");
}

Status PolicySettings::checkAllUsed() const {
  for (const auto &[key, value] : values) {
    if (used_.count(key))
      continue;
    std::string known;
    for (const auto &[name, used] : used_)
      known += (known.empty() ? "" : ", ") + name;
    return Error("policy " + policy_ + ": unknown setting `" + key + "` (" +
                 (known.empty() ? "it takes none" : "known: " + known) + ")");
  }
  return Status::ok();
}

std::vector<PolicyInfo> policies() { return Registry::get().list(); }

Status registerPolicy(PolicyInfo info, PolicyFactory factory) {
  return Registry::get().add(std::move(info), std::move(factory));
}

std::string_view defaultPolicy() { return "costbenefit"; }

Expected<std::unique_ptr<TieringPolicy>> createPolicy(std::string_view spec) {
  size_t colon = spec.find(':');
  std::string_view name = spec.substr(0, colon);
  if (name.empty())
    return Error("policy: empty name in `" + std::string(spec) + "` (known: " + knownNames() + ")");
  std::optional<Entry> entry = Registry::get().find(name);
  if (!entry)
    return Error("unknown policy `" + std::string(name) + "` (known: " + knownNames() + ")");
  PolicySettings settings{std::string(name)};
  if (colon != std::string_view::npos)
    if (Status parsed = parseSettings(spec.substr(colon + 1), settings, name); !parsed)
      return parsed.takeError();
  auto policy = entry->create(settings);
  if (!policy)
    return policy;
  if (!*policy)
    return Error("policy " + std::string(name) + ": its factory made no policy");
  if (Status allUsed = settings.checkAllUsed(); !allUsed)
    return allUsed.takeError();
  return policy;
}

} // namespace strata::tiering
