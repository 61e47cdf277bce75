#include "TrapText.h"

namespace strata::tools {

using runtime::TrapKind;

std::span<const TrapText> trapTexts() {
  // Keep in step with the table in docs/testing.md.
  static const TrapText table[] = {
      {"unreachable", TrapKind::Unreachable},
      {"out of bounds memory access", TrapKind::MemoryOutOfBounds},
      {"out of bounds table access", TrapKind::TableOutOfBounds},
      {"undefined element", TrapKind::UndefinedElement},
      {"uninitialized element", TrapKind::UninitializedElement},
      {"indirect call type mismatch", TrapKind::IndirectCallTypeMismatch},
      {"null reference", TrapKind::NullReference},
      {"integer divide by zero", TrapKind::IntegerDivideByZero},
      {"integer overflow", TrapKind::IntegerOverflow},
      {"invalid conversion to integer", TrapKind::InvalidConversion},
      {"call stack exhausted", TrapKind::CallStackExhausted},
  };
  return table;
}

std::optional<TrapKind> trapKindForText(std::string_view text) {
  for (const TrapText &row : trapTexts())
    if (text.substr(0, std::string_view(row.text).size()) == row.text)
      return row.kind;
  return std::nullopt;
}

} // namespace strata::tools
