// Walking past unreachable code (after br, br_table, return or unreachable) in a validated
// body, as every translator of function bodies does: blocks opened inside it are counted to
// find the else or end where live code resumes, and its loops are counted so loop numbers stay
// aligned with the validator's loop table. Depends on wasm/Opcode.h only.
#pragma once

#include "strata/wasm/Opcode.h"

#include <cstdint>

namespace strata::wasm {

class DeadCode {
public:
  enum class Resume { No, AtElse, AtEnd };

  /// Feeds the next instruction of dead code: says whether live code resumes at it (the else
  /// or end of the block whose body went dead), and bumps `loopCount` for each loop.
  Resume skip(Opcode op, uint32_t &loopCount) {
    switch (op) {
    case Opcode::Loop:
      ++loopCount;
      [[fallthrough]];
    case Opcode::Block:
    case Opcode::If:
      ++depth_;
      return Resume::No;
    case Opcode::Else:
      return depth_ == 0 ? Resume::AtElse : Resume::No;
    case Opcode::End:
      if (depth_ == 0)
        return Resume::AtEnd;
      --depth_;
      return Resume::No;
    default:
      return Resume::No;
    }
  }

  void reset() { depth_ = 0; }

private:
  uint32_t depth_ = 0; // blocks opened inside the dead code
};

} // namespace strata::wasm
