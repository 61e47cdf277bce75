// Frame tiers as plug-ins (DESIGN decision 12): a tier whose code runs on the interpreter's
// frames, made by an interp::FrameCompiler, registered by name. The tiered engine's chain names
// one between the interpreter and the MLIR tier (`tiers=interp,NAME,optimizing`), and OSR
// enters the MLIR tier's continuations from its frames as from the interpreter's. The baseline
// tier registers itself as `baseline` (lib/baseline); a research tier needs a folder with its
// FrameCompiler and one registerFrameTier call. Thread-safe. Depends on interp/Code.h.
#pragma once

#include "strata/interp/Code.h"
#include "strata/support/Error.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace strata::interp {

/// What an engine asks of a frame tier's compiler.
struct FrameTierSettings {
  /// Loads and stores leave bounds to the memories' guard regions (the engine's
  /// `bounds-checks=guard-pages`), or compare.
  bool guardPages = true;
  /// A tier above runs hot code (the tiered engine): the code counts calls and back-edges
  /// down in the functions' countdowns for the tier hooks. Without, it need not count.
  bool tierAbove = true;
};

using FrameTierFactory =
    std::function<Expected<std::shared_ptr<FrameCompiler>>(const FrameTierSettings &settings)>;

struct FrameTierInfo {
  std::string name;
  std::string description;
};

/// Adds a frame tier for every engine created afterwards. Errors when the name is taken, is
/// empty, is `interp` or `optimizing`, or holds `,`, `:` or `=`.
Status registerFrameTier(FrameTierInfo info, FrameTierFactory factory);
/// The registered frame tiers, sorted by name.
std::vector<FrameTierInfo> frameTiers();
/// Their names, comma-separated, or `none`: for error messages.
std::string frameTierNames();
/// The named tier's compiler, or an error naming the registered tiers.
Expected<std::shared_ptr<FrameCompiler>> createFrameCompiler(std::string_view name,
                                                             const FrameTierSettings &settings);

} // namespace strata::interp
