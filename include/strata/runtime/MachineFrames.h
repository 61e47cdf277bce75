// Walking the machine frames of the calling thread with libgcc's unwinder, innermost first:
// for a trap's stack trace (from a runtime function or a fault handler's signal frame) and for
// a profiler's sample. Depends on the standard library and libgcc.
#pragma once

#include <cstdint>
#include <unwind.h>

namespace strata::runtime {

/// Calls `visit(address, cfa)` for each frame whose canonical frame address is at most `limit`
/// until it returns false. `address` lies in the frame's function: a return address minus one,
/// or the faulting instruction of a signal frame. Allocates nothing itself.
template <typename Visit> void walkMachineFrames(uintptr_t limit, Visit &&visit) {
  struct State {
    uintptr_t limit;
    Visit &visit;
  } state{limit, visit};
  auto step = [](struct _Unwind_Context *context, void *argument) -> _Unwind_Reason_Code {
    auto &state = *static_cast<State *>(argument);
    uintptr_t cfa = _Unwind_GetCFA(context);
    if (cfa > state.limit)
      return _URC_END_OF_STACK;
    int beforeCall = 0;
    uintptr_t ip = _Unwind_GetIPInfo(context, &beforeCall);
    return state.visit(beforeCall ? ip : ip - 1, cfa) ? _URC_NO_REASON : _URC_END_OF_STACK;
  };
  _Unwind_Backtrace(step, &state);
}

} // namespace strata::runtime
