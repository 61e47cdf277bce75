// One script's commands, in order, against one runtime (a fresh store per script).
#include "SpecTest.h"
#include "TrapText.h"

#include "strata/engine/Instantiate.h"
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>

namespace strata::tools::spec {
namespace json = boost::json;
using runtime::Trap;
using runtime::Value;

namespace {

constexpr const char *kTextModule = "text module";

std::string stringAt(const json::object &object, std::string_view key) {
  const json::value *value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : "";
}

/// A module of the script: an instance, or the reason its commands are skipped.
struct ModuleSlot {
  runtime::ModuleInstance *instance = nullptr;
  std::string skipReason;
  std::string failure; // why it could not be instantiated
};

/// A module read from the script's directory: decoded and validated, or the error.
struct LoadedModule {
  std::shared_ptr<const wasm::Module> module;
  std::optional<Error> error;
  std::string skipReason;
};

/// What an action (or instantiation) led to.
struct Outcome {
  std::vector<Value> values;
  std::unique_ptr<Trap> trap;
  std::optional<std::string> error; // neither values nor a trap: a broken command
  std::string skipReason;
};

class Script {
public:
  Script(const std::string &jsonPath, const Options &options, api::Runtime &runtime)
      : options_(options), runtime_(runtime), jsonPath_(jsonPath) {
    size_t slash = jsonPath.rfind('/');
    dir_ = slash == std::string::npos ? "." : jsonPath.substr(0, slash);
    defineSpectestModule(runtime_, imports_);
  }

  Counts run(const json::object &root) {
    file_ = stringAt(root, "source_filename");
    if (file_.empty())
      file_ = jsonPath_;
    const json::value *commands = root.if_contains("commands");
    if (!commands || !commands->is_array()) {
      std::printf("%s: no commands\n", file_.c_str());
      ++counts_.failed;
      return counts_;
    }
    for (const json::value &command : commands->get_array())
      if (command.is_object())
        runCommand(command.get_object());
    return counts_;
  }

private:
  void pass() { ++counts_.passed; }
  void skip() { ++counts_.skipped; }
  /// Skips a command for a module; says why unless it is a text module (there are hundreds).
  void skipModule(const LoadedModule &loaded) {
    ++counts_.skipped;
    if (loaded.skipReason != kTextModule)
      std::printf("%s:%lld: skipped: %s\n", file_.c_str(), line_, loaded.skipReason.c_str());
  }
  void fail(const std::string &reason) {
    ++counts_.failed;
    std::printf("%s:%lld: %s\n", file_.c_str(), (long long)line_, reason.c_str());
  }

  void runCommand(const json::object &command) {
    std::string type = stringAt(command, "type");
    const json::value *line = command.if_contains("line");
    line_ = line && line->is_int64() ? line->get_int64() : 0;
    if (type == "module")
      defineModule(command);
    else if (type == "register")
      registerModule(command);
    else if (type == "action")
      checkAction(command);
    else if (type == "assert_return")
      checkReturn(command);
    else if (type == "assert_trap" || type == "assert_exhaustion")
      checkTrap(command, type == "assert_exhaustion");
    else if (type == "assert_invalid" || type == "assert_malformed")
      checkRejected(command);
    else if (type == "assert_unlinkable")
      checkUnlinkable(command);
    else if (type == "assert_uninstantiable")
      checkTrap(command, false);
    else
      skip(); // a command this runner does not know (none in WebAssembly 2.0's suite)
  }

  LoadedModule load(const json::object &command) {
    LoadedModule loaded;
    if (stringAt(command, "module_type") == "text") {
      loaded.skipReason = kTextModule;
      return loaded;
    }
    std::string path = dir_ + "/" + stringAt(command, "filename");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      loaded.error = Error("cannot read " + path);
      return loaded;
    }
    std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(in), {});
    auto decoded = wasm::decodeModule(bytes, options_.config.features);
    if (!decoded) {
      loaded.error = decoded.takeError();
      return loaded;
    }
    if (Status valid = wasm::validateModule(**decoded); !valid) {
      loaded.error = valid.takeError();
      return loaded;
    }
    if (usesSimd(**decoded) && !engineRunsSimd(options_.config))
      loaded.skipReason = "the module uses SIMD, which engine " + options_.config.engine +
                          " does not run; its commands are skipped";
    else if (usesV128Values(**decoded) && !engineCarriesV128(options_.config))
      loaded.skipReason = "the module has v128 values, which engine " + options_.config.engine +
                          " does not carry; its commands are skipped";
    for (const wasm::Import &import : (*decoded)->imports)
      if (auto skipped = skippedRegistrations_.find(import.module);
          skipped != skippedRegistrations_.end())
        loaded.skipReason = skipped->second;
    loaded.module = std::move(*decoded);
    return loaded;
  }

  /// Instantiates a loaded module; the outcome's trap or error says why it failed.
  runtime::ModuleInstance *instantiate(const LoadedModule &loaded, const std::string &name,
                                       Outcome &outcome) {
    engine::InstantiateOptions instantiateOptions;
    instantiateOptions.name = name;
    instantiateOptions.context = &runtime_.callContext();
    instantiateOptions.trapOut = &outcome.trap;
    auto instance = engine::instantiate(runtime_.store(), runtime_.engine(), loaded.module,
                                        imports_, instantiateOptions);
    if (instance)
      return *instance;
    if (!outcome.trap)
      outcome.error = instance.error().message();
    return nullptr;
  }

  void defineModule(const json::object &command) {
    std::string name = stringAt(command, "name");
    ModuleSlot slot;
    LoadedModule loaded = load(command);
    if (!loaded.skipReason.empty()) {
      slot.skipReason = loaded.skipReason;
      skipModule(loaded);
    } else if (loaded.error) {
      slot.failure = loaded.error->message();
      fail("module failed to compile: " + slot.failure);
    } else {
      Outcome outcome;
      slot.instance = instantiate(loaded, name, outcome);
      if (slot.instance) {
        pass();
      } else {
        slot.failure = outcome.trap ? "trapped: " + outcome.trap->message() : *outcome.error;
        fail("module failed to instantiate: " + slot.failure);
      }
    }
    current_ = slot;
    if (!name.empty())
      named_[name] = slot;
  }

  void registerModule(const json::object &command) {
    std::string name = stringAt(command, "name");
    std::string as = stringAt(command, "as");
    const ModuleSlot *slot = &current_;
    if (!name.empty()) {
      auto found = named_.find(name);
      if (found == named_.end())
        return fail("register: no module " + name);
      slot = &found->second;
    }
    if (!slot->skipReason.empty()) {
      skippedRegistrations_[as] = slot->skipReason;
      return skip();
    }
    if (!slot->instance)
      return fail("register: the module failed: " + slot->failure);
    skippedRegistrations_.erase(as);
    imports_.defineInstance(as, *slot->instance);
    pass();
  }

  Outcome act(const json::object &command) {
    Outcome outcome;
    const json::value *actionValue = command.if_contains("action");
    if (!actionValue || !actionValue->is_object()) {
      outcome.error = "no action";
      return outcome;
    }
    const json::object &action = actionValue->get_object();
    const ModuleSlot *slot = &current_;
    if (std::string name = stringAt(action, "module"); !name.empty()) {
      auto found = named_.find(name);
      if (found == named_.end()) {
        outcome.error = "no module " + name;
        return outcome;
      }
      slot = &found->second;
    }
    if (!slot->skipReason.empty()) {
      outcome.skipReason = slot->skipReason;
      return outcome;
    }
    if (!slot->instance) {
      outcome.error = slot->failure.empty() ? "no module" : "the module failed: " + slot->failure;
      return outcome;
    }
    std::string field = stringAt(action, "field");
    if (stringAt(action, "type") == "get") {
      if (runtime::GlobalInstance *global = slot->instance->exportedGlobal(field))
        outcome.values.push_back(global->value());
      else
        outcome.error = "no exported global \"" + field + "\"";
      return outcome;
    }
    runtime::FunctionInstance *function = slot->instance->exportedFunction(field);
    if (!function) {
      outcome.error = "no exported function \"" + field + "\"";
      return outcome;
    }
    std::vector<Value> args;
    if (const json::value *list = action.if_contains("args"); list && list->is_array())
      for (const json::value &arg : list->get_array()) {
        auto value = arg.is_object() ? parseJsonValue(arg.get_object())
                                     : Expected<Value>(Error("malformed argument"));
        if (!value) {
          outcome.error = field + ": " + value.error().message();
          return outcome;
        }
        args.push_back(*value);
      }
    auto callEngine = engine::newCallEngine(*function);
    if (!callEngine) {
      outcome.error = callEngine.error().message();
      return outcome;
    }
    auto results = (*callEngine)->callValues(runtime_.callContext(), args, &outcome.trap);
    if (results)
      outcome.values = std::move(*results);
    else if (!outcome.trap)
      outcome.error = field + ": " + results.error().message();
    return outcome;
  }

  static std::string field(const json::object &command) {
    const json::value *action = command.if_contains("action");
    return action && action->is_object() ? stringAt(action->get_object(), "field") + ": " : "";
  }

  /// Fails and returns true when the outcome is a skip, an error or an unexpected trap.
  bool unexpected(const json::object &command, const Outcome &outcome) {
    if (!outcome.skipReason.empty()) {
      skip();
      return true;
    }
    if (outcome.error) {
      fail(*outcome.error);
      return true;
    }
    if (outcome.trap) {
      fail(field(command) + "unexpected trap: " + outcome.trap->message());
      return true;
    }
    return false;
  }

  void checkAction(const json::object &command) {
    if (!unexpected(command, act(command)))
      pass();
  }

  void checkReturn(const json::object &command) {
    Outcome outcome = act(command);
    if (unexpected(command, outcome))
      return;
    const json::value *expected = command.if_contains("expected");
    if (!expected || !expected->is_array())
      return fail("no expected results");
    const json::array &wanted = expected->get_array();
    if (wanted.size() != outcome.values.size())
      return fail(field(command) + "expected " + std::to_string(wanted.size()) + " results, got " +
                  std::to_string(outcome.values.size()));
    for (size_t i = 0; i < wanted.size(); ++i) {
      std::string why = wanted[i].is_object()
                            ? checkResult(wanted[i].get_object(), outcome.values[i])
                            : "malformed expected result";
      if (!why.empty())
        return fail(field(command) +
                    (wanted.size() > 1 ? "result " + std::to_string(i) + ": " : "") + why);
    }
    pass();
  }

  /// assert_trap on an action or a module, assert_exhaustion, assert_uninstantiable.
  void checkTrap(const json::object &command, bool exhaustion) {
    std::string text = stringAt(command, "text");
    Outcome outcome;
    if (command.contains("action")) {
      outcome = act(command);
    } else {
      LoadedModule loaded = load(command);
      if (!loaded.skipReason.empty())
        return skipModule(loaded);
      if (loaded.error)
        return fail("module failed to compile: " + loaded.error->message());
      instantiate(loaded, "", outcome);
      if (!outcome.trap && !outcome.error)
        return fail("expected trap \"" + text + "\", but the module instantiated");
    }
    if (!outcome.skipReason.empty())
      return skip();
    if (outcome.error)
      return fail(*outcome.error);
    if (!outcome.trap)
      return fail(field(command) + "expected trap \"" + text + "\", got results");
    auto kind =
        exhaustion ? std::optional(runtime::TrapKind::CallStackExhausted) : trapKindForText(text);
    if (options_.anyTrap || (kind && *kind == outcome.trap->kind()))
      return pass();
    fail(field(command) + "expected trap \"" + text + "\"" +
         (kind ? "" : " (not in the trap-text table)") + ", got \"" + outcome.trap->message() +
         "\"");
  }

  void checkRejected(const json::object &command) {
    LoadedModule loaded = load(command);
    if (loaded.skipReason == kTextModule)
      return skip();
    if (loaded.error)
      return pass();
    fail("expected the module to be rejected (\"" + stringAt(command, "text") +
         "\"), but it is valid");
  }

  void checkUnlinkable(const json::object &command) {
    std::string text = stringAt(command, "text");
    LoadedModule loaded = load(command);
    if (!loaded.skipReason.empty())
      return skipModule(loaded);
    if (loaded.error)
      return fail("module failed to compile: " + loaded.error->message());
    Outcome outcome;
    if (instantiate(loaded, "", outcome))
      return fail("expected a link error \"" + text + "\", but the module instantiated");
    if (outcome.trap)
      return fail("expected a link error \"" + text + "\", got trap \"" + outcome.trap->message() +
                  "\"");
    if (outcome.error->rfind(text, 0) != 0)
      return fail("expected a link error \"" + text + "\", got \"" + *outcome.error + "\"");
    pass();
  }

  const Options &options_;
  api::Runtime &runtime_;
  std::string jsonPath_;
  std::string dir_;
  std::string file_;
  long long line_ = 0;
  Counts counts_;
  runtime::ImportMap imports_;
  ModuleSlot current_;
  std::map<std::string, ModuleSlot> named_;
  std::map<std::string, std::string, std::less<>> skippedRegistrations_; // as -> reason
};

} // namespace

Counts runScript(const std::string &jsonPath, const Options &options) {
  Counts failure;
  failure.failed = 1;
  std::ifstream in(jsonPath);
  if (!in) {
    std::printf("%s: cannot read the script\n", jsonPath.c_str());
    return failure;
  }
  std::string text(std::istreambuf_iterator<char>(in), {});
  boost::system::error_code parseError;
  json::value root = json::parse(text, parseError);
  if (parseError || !root.is_object()) {
    std::printf("%s: not a wast2json script: %s\n", jsonPath.c_str(),
                parseError ? parseError.message().c_str() : "not an object");
    return failure;
  }
  auto runtime = api::Runtime::create(options.config);
  if (!runtime) {
    std::printf("%s: %s\n", jsonPath.c_str(), runtime.error().message().c_str());
    return failure;
  }
  Script script(jsonPath, options, **runtime);
  return script.run(root.get_object());
}

} // namespace strata::tools::spec
