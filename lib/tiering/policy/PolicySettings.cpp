// Parsing of policy specs ("NAME[:key=value,...]") and of their knobs, and the table of
// built-in policies.
#include "Builtins.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace strata::tiering {
namespace {

struct Builtin {
  std::string_view name;
  PolicyFactory::result_type (*create)(PolicySettings &);
  std::string_view description;
};

constexpr Builtin kBuiltins[] = {
#define POLICY(name, factory, description) {name, detail::factory, description},
#include "Policies.def"
};

std::string knownNames() {
  std::string names;
  for (const Builtin &builtin : kBuiltins)
    names += (names.empty() ? "" : ", ") + std::string(builtin.name);
  return names;
}

const Builtin *findBuiltin(std::string_view name) {
  for (const Builtin &builtin : kBuiltins)
    if (builtin.name == name)
      return &builtin;
  return nullptr;
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

std::vector<PolicyInfo> policies() {
  std::vector<PolicyInfo> result;
  for (const Builtin &builtin : kBuiltins)
    result.push_back({std::string(builtin.name), std::string(builtin.description)});
  std::sort(result.begin(), result.end(),
            [](const PolicyInfo &a, const PolicyInfo &b) { return a.name < b.name; });
  return result;
}

std::string_view defaultPolicy() { return "costbenefit"; }

Expected<std::unique_ptr<TieringPolicy>> createPolicy(std::string_view spec) {
  size_t colon = spec.find(':');
  std::string_view name = spec.substr(0, colon);
  if (name.empty())
    return Error("policy: empty name in `" + std::string(spec) + "` (known: " + knownNames() + ")");
  const Builtin *builtin = findBuiltin(name);
  if (!builtin)
    return Error("unknown policy `" + std::string(name) + "` (known: " + knownNames() + ")");
  PolicySettings settings{std::string(name)};
  if (colon != std::string_view::npos)
    if (Status parsed = parseSettings(spec.substr(colon + 1), settings, name); !parsed)
      return parsed.takeError();
  auto policy = builtin->create(settings);
  if (!policy)
    return policy;
  if (Status allUsed = settings.checkAllUsed(); !allUsed)
    return allUsed.takeError();
  return policy;
}

} // namespace strata::tiering
