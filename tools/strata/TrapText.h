// The spec testsuite's assert_trap / assert_exhaustion / assert_uninstantiable texts and the
// trap kinds they name: the one table `strata spectest` checks traps against (docs/testing.md).
#pragma once

#include "strata/runtime/Trap.h"

#include <optional>
#include <span>
#include <string_view>

namespace strata::tools {

struct TrapText {
  const char *text; // the spec's wording
  runtime::TrapKind kind;
};

std::span<const TrapText> trapTexts();

/// The kind an expected text names: the row whose text starts it (so "uninitialized element 2"
/// names UninitializedElement), or nullopt for a text the table does not know.
std::optional<runtime::TrapKind> trapKindForText(std::string_view text);

} // namespace strata::tools
