// The dispatch loop: direct threaded code with GCC's labels-as-values. Every instruction
// starts with its handler's address, so dispatch is one load and one indirect jump, replicated
// at the end of every handler for better branch prediction. The handlers live in per-group
// files under handlers/, generated from the instruction tables where they can be.

#include "Dispatch.h"
#include "Op.h"
#include "Semantics.h"
#include "SimdSemantics.h"
#include "Slots.h"

#include "strata/interp/Interpreter.h"
#include "strata/runtime/Memory.h"
#include "strata/runtime/Table.h"

#include <algorithm>
#include <cstring>

namespace strata::interp {

struct Dispatch {
  /// Runs `func` in frame `fp` until it returns (true) or traps (false). With m == null, only
  /// stores the label table in `labels`.
  static bool run(Machine *m, const CompiledFunction *func, InstanceContext *ctx, uint64_t *fp,
                  const void *const **labels);
};

TierHooks::Outcome tierCallFromNativeCode(NativeCalls &calls, const CompiledFunction &callee,
                                          InstanceContext &context, uint64_t *args,
                                          const CompiledFunction &caller) {
  return calls.machine->tierCall(callee, context, args, &caller, &context,
                                 size_t(calls.frames - calls.frameBase));
}

#define NEXT() goto *handlerAt(pc)
// Goes on at `target` in the current function: in its native frame code (Code.h) when a native
// tier compiled it, else interpreted. Function entries, returns and loop headers come here. The
// test needs no ordering: runNative's acquire load reads the code.
#define CONTINUE_AT(target)                                                                        \
  do {                                                                                             \
    pc = (target);                                                                                 \
    if (func->frameCode.load(std::memory_order_relaxed))                                           \
      goto runNative;                                                                              \
    NEXT();                                                                                        \
  } while (0)
#define TRAP(Kind)                                                                                 \
  do {                                                                                             \
    trap = runtime::TrapKind::Kind;                                                                \
    goto trapped;                                                                                  \
  } while (0)
// Function entries and loop back-edges: one load and a branch unless a stop is requested.
// STRATA_INTERP_NO_POLL (CMake option STRATA_INTERP_POLL=OFF) removes the polls, only to
// measure what they cost: interruption and deadlines then never fire.
#ifdef STRATA_INTERP_NO_POLL
#define POLL() ((void)pollFlag)
#else
#define POLL()                                                                                     \
  do {                                                                                             \
    if (pollFlag->load(std::memory_order_relaxed)) [[unlikely]]                                    \
      if (m->pollSlow(func, ctx, size_t(frames - frameBase)))                                      \
        TRAP(Interrupted);                                                                         \
  } while (0)
#endif
// Tiering countdowns (Code.h) at entries and back-edges. STRATA_INTERP_NO_TIER_CHECKS
// (CMake option STRATA_INTERP_TIER_CHECKS=OFF) removes them, only to measure what the
// never-firing check costs.
#ifdef STRATA_INTERP_NO_TIER_CHECKS
#define TIER_TICK(countdown) false
#else
#define TIER_TICK(countdown) CompiledFunction::tick(countdown)
#endif
// A loop back-edge to `target`: the poll, then the loop countdown, which may finish the
// activation in native code (OSR) and return from it.
#define BACK_EDGE(target)                                                                          \
  do {                                                                                             \
    POLL();                                                                                        \
    const uint32_t *header = (target);                                                             \
    if (TIER_TICK(func->loopCountdown)) [[unlikely]] {                                             \
      switch (m->tierBackEdge(*func, *ctx, fp, header, size_t(frames - frameBase))) {              \
      case TierHooks::Outcome::Interpret:                                                          \
        break;                                                                                     \
      case TierHooks::Outcome::Finished:                                                           \
        goto L_Ret;                                                                                \
      case TierHooks::Outcome::Trapped:                                                            \
        trap = runtime::TrapKind::HostError; /* the pending trap says what happened */             \
        goto trapped;                                                                              \
      }                                                                                            \
    }                                                                                              \
    CONTINUE_AT(header);                                                                           \
  } while (0)
#define RELOAD_MEMORY()                                                                            \
  do {                                                                                             \
    memBase = ctx->memory ? ctx->memory->base() : nullptr;                                         \
    memSize = ctx->memory ? ctx->memory->size() : 0;                                               \
  } while (0)

__attribute__((noinline)) bool Dispatch::run(Machine *m, const CompiledFunction *func,
                                             InstanceContext *ctx, uint64_t *fp,
                                             const void *const **labels) {
  static const void *const kLabels[] = {
#define INTERP_ENTRY(Name) &&L_##Name,
#include "OpList.def"
  };
  if (!m) {
    *labels = kLabels;
    return true;
  }

  const uint32_t *pc = func->code.data();
  Frame *frameBase = m->frames_.data();
  Frame *frames = frameBase; // the next free frame record
  Frame *frameLimit = frameBase + std::min<size_t>(m->frameLimit_, m->frames_.size());
  uint64_t *const stackEnd = m->stackEnd_;
  const std::atomic<bool> *const pollFlag = m->pollFlag_;
  uint8_t *memBase;
  uint64_t memSize;
  RELOAD_MEMORY();
  runtime::TrapKind trap;
  // Shared by the call handlers and the entry sequence.
  uint64_t *args;
  const uint32_t *returnPc;
  const CompiledFunction *callee;
  InstanceContext *calleeContext;
  const Callee *outCallee;
  Callee foreignCallee;
  NativeCalls nativeCalls;
  nativeCalls.machine = m;
  nativeCalls.frameBase = frameBase; // and again whenever growFrames moves the records
  nativeCalls.frameLimit = frameLimit;
  nativeCalls.stackEnd = stackEnd;
  // The frame's address, not a local's: a sanitizer may keep locals on a stack of its own.
  nativeCalls.machineStackLimit =
      reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) - NativeCalls::kMachineStackBudget;

  CONTINUE_AT(pc);

// Runs the frame code from pc until it leaves an instruction to this loop or traps.
runNative: {
  const FrameCode &native = *func->frameCode.load(std::memory_order_acquire);
  const void *at = ctx->runsFrameCode ? native.at(uint32_t(pc - func->code.data())) : nullptr;
  if (!at) // not a point the native code can be entered at: interpreted up to the next
    NEXT();
  nativeCalls.frames = frames;
  uint64_t exit = native.enter(at, fp, memBase, memSize, ctx, pollFlag, func, &nativeCalls);
  frames = nativeCalls.frames;
  if (nativeCalls.exitFunction) { // it left native callees of its own instance behind
    func = nativeCalls.exitFunction;
    fp = nativeCalls.exitFp;
    nativeCalls.exitFunction = nullptr;
  }
  RELOAD_MEMORY(); // the native code may have grown it
  pc = func->code.data() + uint32_t(exit);
  if (exit >> 32) [[unlikely]] {
    trap = runtime::TrapKind(uint32_t(exit >> 32) - 1);
    goto trapped;
  }
  NEXT();
}

#include "handlers/Call.inc"
#include "handlers/Control.inc"
#include "handlers/Memory.inc"
#include "handlers/Numeric.inc"
#include "handlers/Table.inc"
#include "handlers/Variable.inc"

trapped:
  m->trapSite_ = {trap, pc, func, ctx, size_t(frames - frameBase)};
  return false;
}

#undef NEXT
#undef CONTINUE_AT
#undef TRAP
#undef POLL
#undef RELOAD_MEMORY
#undef TIER_TICK
#undef BACK_EDGE

const void *const *handlerTable() {
  static const void *const *const kTable = [] {
    const void *const *labels = nullptr;
    Dispatch::run(nullptr, nullptr, nullptr, nullptr, &labels);
    return labels;
  }();
  return kTable;
}

Op opForHandler(const void *handler) {
  const void *const *labels = handlerTable();
  for (unsigned i = 0; i < kOpCount; ++i)
    if (labels[i] == handler)
      return Op(i);
  return Op::None;
}

bool runDispatch(Machine &machine, const CompiledFunction &function, InstanceContext &context,
                 uint64_t *fp) {
  return Dispatch::run(&machine, &function, &context, fp, nullptr);
}

} // namespace strata::interp
