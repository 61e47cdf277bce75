// What the interpreter asks of a tier above it. Every function entry and loop back-edge
// decrements a countdown in the CompiledFunction (Code.h); when one runs out, the interpreter
// calls the hooks of the callee's InstanceContext, which may run the call or the rest of the
// activation elsewhere (native code, OSR) or re-arm the countdown. Without hooks the
// interpreter re-arms it itself. Depends on interp/Code.h and runtime/.
#pragma once

#include "strata/interp/Code.h"
#include "strata/runtime/CallContext.h"
#include "strata/runtime/Trap.h"

#include <cstdint>
#include <memory>

namespace strata::interp {

struct InstanceContext;

class TierHooks {
public:
  enum class Outcome {
    Interpret, // go on in the interpreter
    Finished,  // the call, or the rest of the activation, ran elsewhere; results are in place
    Trapped,   // it ran elsewhere and trapped; the trap is handed back
  };

  virtual ~TierHooks() = default;

  /// `function` is being called with its arguments in `slots`, which has room for its results
  /// too. `context` counts the caller's frames, not the callee's.
  virtual Outcome onCall(runtime::CallContext &context, const CompiledFunction &function,
                         InstanceContext &instance, uint64_t *slots,
                         std::unique_ptr<runtime::Trap> &trap) = 0;

  /// `function` takes a back-edge to `loop` with its frame at `frame`. The loops inside the
  /// function's osrRoot reach this only after kInnerBackEdgeWait back-edges (Code.h). ([locals | operands], the
  /// operands live at the header in place). Finished leaves the function's results at
  /// frame[0..]. `context` counts this frame and those below it.
  virtual Outcome onBackEdge(runtime::CallContext &context, const CompiledFunction &function,
                             InstanceContext &instance, const LoopHeader &loop, uint64_t *frame,
                             std::unique_ptr<runtime::Trap> &trap) = 0;
};

} // namespace strata::interp
