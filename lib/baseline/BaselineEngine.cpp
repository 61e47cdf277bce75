#include "strata/baseline/BaselineEngine.h"

#include "StencilCompiler.h"

#include "strata/engine/Registry.h"
#include "strata/interp/FrameTiers.h"
#include "strata/native/PerfSupport.h"

namespace strata::baseline {

std::shared_ptr<interp::FrameCompiler> createStencilCompiler(bool guardPages, bool tierAbove) {
  return std::make_shared<StencilCompiler>(guardPages, tierAbove);
}

Expected<std::unique_ptr<engine::Engine>>
createBaselineEngine(const engine::EngineOptions &options) {
  auto parsed = interp::parseInterpOptions(options);
  if (!parsed)
    return parsed.takeError();
  // perf's files list each function's code as it is compiled (parseInterpOptions checked the
  // values); `gdb` stays accepted and writes nothing, as for the interpreter.
  const std::pair<const char *, Status (*)()> outputs[] = {{"perf-map", native::writePerfMap},
                                                           {"jitdump", native::writeJitDump}};
  for (auto [key, start] : outputs)
    if (options.get(key, "off") == "on")
      if (Status status = start(); !status)
        return status.takeError();
  std::string bounds = options.get("bounds-checks", "guard-pages");
  if (bounds != "guard-pages" && bounds != "explicit")
    return Error("baseline: bounds-checks must be `guard-pages` or `explicit`, got `" + bounds +
                 "`");
  parsed->name = std::string(engine::kBaselineEngine);
  // No tier above: back-edges and calls need not count down.
  parsed->frameCompiler = createStencilCompiler(bounds == "guard-pages", false);
  return interp::createInterpEngine(std::move(*parsed));
}

} // namespace strata::baseline

namespace strata::engine {

void registerBaselineEngine() {
  registerEngine(std::string(kBaselineEngine),
                 "baseline native tier: copy-and-patch stencils over the interpreter's frames",
                 baseline::createBaselineEngine);
  // Also the tiered engine's frame tier `baseline`; a second call finds it registered.
  (void)interp::registerFrameTier(
      {std::string(kBaselineEngine), "copy-and-patch native code, compiled in one pass"},
      [](const interp::FrameTierSettings &settings)
          -> Expected<std::shared_ptr<interp::FrameCompiler>> {
        return baseline::createStencilCompiler(settings.guardPages, settings.tierAbove);
      });
}

} // namespace strata::engine
