#include "strata/engine/Registry.h"

namespace strata::engine {

std::string EngineOptions::get(std::string_view key, std::string_view fallback) const {
  read_.emplace(key);
  auto it = settings.find(key);
  return it == settings.end() ? std::string(fallback) : it->second;
}

std::vector<std::string> EngineOptions::readKeys() const {
  return std::vector<std::string>(read_.begin(), read_.end());
}

std::vector<std::string> EngineOptions::unreadKeys() const {
  std::vector<std::string> keys;
  for (const auto &[key, value] : settings)
    if (key != "stats" && !read_.contains(key))
      keys.push_back(key);
  return keys;
}

EngineRegistry &EngineRegistry::global() {
  static EngineRegistry registry; // built on first use, so any initializer may register
  return registry;
}

void EngineRegistry::add(std::string name, std::string description, EngineFactory factory) {
  std::lock_guard lock(mutex_);
  engines_.insert_or_assign(std::move(name), Entry{std::move(description), std::move(factory)});
}

bool EngineRegistry::remove(std::string_view name) {
  std::lock_guard lock(mutex_);
  auto it = engines_.find(name);
  if (it == engines_.end())
    return false;
  engines_.erase(it);
  return true;
}

bool EngineRegistry::contains(std::string_view name) const {
  std::lock_guard lock(mutex_);
  return engines_.find(name) != engines_.end();
}

static std::string joinNames(const std::vector<std::string> &names,
                             const std::string &quote = "") {
  if (names.empty())
    return "none";
  std::string text;
  for (const std::string &name : names)
    text += (text.empty() ? "" : ", ") + quote + name + quote;
  return text;
}

Expected<std::unique_ptr<Engine>> EngineRegistry::create(std::string_view name,
                                                         const EngineOptions &options) const {
  EngineFactory factory;
  {
    std::lock_guard lock(mutex_);
    if (auto it = engines_.find(name); it != engines_.end())
      factory = it->second.factory;
  }
  if (!factory) {
    bool isTier = name == kInterpEngine || name == kBaselineEngine || name == kJitEngine ||
                  name == kTieredEngine;
    return Error(std::string(isTier ? "engine `" : "unknown engine `") + std::string(name) +
                 (isTier ? "` is not registered in this program" : "`") +
                 "; registered engines: " + joinNames(names()));
  }
  // Outside the lock: a factory may itself consult the registry. A copy of the options notes
  // what this factory reads.
  EngineOptions read;
  read.settings = options.settings;
  auto engine = factory(read);
  if (!engine)
    return engine;
  if (std::vector<std::string> unknown = read.unreadKeys(); !unknown.empty())
    return Error(std::string(name) + ": unknown option" + (unknown.size() > 1 ? "s " : " ") +
                 joinNames(unknown, "`") + "; it reads " + joinNames(read.readKeys(), "`"));
  return engine;
}

std::vector<std::string> EngineRegistry::names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> result;
  for (const auto &entry : engines_)
    result.push_back(entry.first);
  return result;
}

std::vector<EngineInfo> EngineRegistry::engines() const {
  std::lock_guard lock(mutex_);
  std::vector<EngineInfo> result;
  for (const auto &[name, entry] : engines_)
    result.push_back({name, entry.description});
  return result;
}

void registerEngine(std::string name, std::string description, EngineFactory factory) {
  EngineRegistry::global().add(std::move(name), std::move(description), std::move(factory));
}
bool unregisterEngine(std::string_view name) { return EngineRegistry::global().remove(name); }
Expected<std::unique_ptr<Engine>> createEngine(std::string_view name,
                                               const EngineOptions &options) {
  return EngineRegistry::global().create(name, options);
}
std::vector<std::string> engineNames() { return EngineRegistry::global().names(); }
std::vector<EngineInfo> registeredEngines() { return EngineRegistry::global().engines(); }
bool isEngineRegistered(std::string_view name) {
  return EngineRegistry::global().contains(name);
}

} // namespace strata::engine
