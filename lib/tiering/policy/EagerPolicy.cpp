// `eager`: every defined function is compiled, as one unit, when the module is first
// instantiated; the interpreter runs only what executes before the code is installed.
#include "Builtins.h"

namespace strata::tiering::detail {
namespace {

class EagerPolicy final : public TieringPolicy {
public:
  explicit EagerPolicy(bool background) : background_(background) {}

  std::string describe() const override {
    return std::string("eager:background=") + formatFlag(background_);
  }
  Decision initial(const FunctionProfile &) override { return rearm(kNever, kNever); }
  Decision onCall(const FunctionProfile &, const CompilerState &) override {
    return rearm(kNever, kNever);
  }
  Decision onBackEdge(const FunctionProfile &, const LoopProfile &,
                      const CompilerState &) override {
    return rearm(kNever, kNever);
  }

  std::vector<ModuleRequest> onModule(const wasm::Module &module) override {
    if (module.numDefinedFunctions() == 0)
      return {};
    ModuleRequest request;
    for (uint32_t index = module.numImportedFunctions; index < module.numFunctions(); ++index)
      request.functions.push_back(index);
    request.background = background_;
    request.reason = "eager";
    return {std::move(request)};
  }

private:
  bool background_;
};

} // namespace

Expected<std::unique_ptr<TieringPolicy>> createEagerPolicy(PolicySettings &settings) {
  auto background = settings.flag("background", false);
  if (!background)
    return background.takeError();
  return std::unique_ptr<TieringPolicy>(std::make_unique<EagerPolicy>(*background));
}

} // namespace strata::tiering::detail
