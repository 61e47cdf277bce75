// The interpreter's execution machinery: the per-instance context the dispatch loop reads
// (memory, globals, tables, callees), the frame records of its call stack, and Machine, which
// owns one value stack and one frame stack and runs functions on them. Calls between
// interpreted functions never recurse on the native stack; calls to host functions or other
// engines do, and are guarded by a native stack check; calls between baseline functions
// (NativeCalls) nest on it up to a fixed budget. Depends on runtime/ and interp/Code.h.
#pragma once

#include "strata/interp/Code.h"
#include "strata/interp/TierHooks.h"
#include "strata/runtime/Activation.h"
#include "strata/runtime/CallContext.h"
#include "strata/runtime/Function.h"
#include "strata/runtime/Instance.h"
#include "strata/runtime/Trap.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace strata::interp {

struct InstanceContext;
class Machine;

/// How to call one function: interpreted code, or (code == null) through the function's own
/// engine or host callback.
struct Callee {
  const CompiledFunction *code = nullptr;
  InstanceContext *context = nullptr;
  runtime::FunctionInstance *function = nullptr;
};

/// One module instance, flattened for the dispatch loop.
struct InstanceContext {
  runtime::ModuleInstance *instance = nullptr;
  std::shared_ptr<const CompiledModule> code;
  runtime::MemoryInstance *memory = nullptr; // memory 0, or null
  std::vector<uint64_t *> globals;           // each global's value slots
  std::vector<runtime::TableInstance *> tables;
  std::vector<Callee> functions; // the function index space
  std::vector<uint32_t> typeIds; // canonical id of each module type
  TierHooks *tiering = nullptr;  // set by a tiered engine
  /// Whether the frame compiler's code may run in this instance (FrameCompiler::attach).
  bool runsFrameCode = true;
};

/// How to call `function` from interpreted code: directly when an interpreter instance defines
/// it, else through its engine or host callback.
Callee resolveCallee(runtime::FunctionInstance &function);

/// A caller's state, saved while its callee runs.
struct Frame {
  const uint32_t *returnPc;
  uint64_t *fp;
  const CompiledFunction *function;
  InstanceContext *context;
};

/// The dispatch loop's frame records as native frame code sees them, so that baseline code
/// calls baseline code of its own instance without a round trip through the loop: it pushes
/// the caller's frame record and calls the callee's code on the machine stack. The loop sets
/// this before entering native code and reads it back at the exit.
struct NativeCalls {
  Machine *machine = nullptr;
  Frame *frameBase = nullptr; // the loop's first frame record
  Frame *frames = nullptr;    // the next free frame record
  Frame *frameLimit = nullptr;
  uint64_t *stackEnd = nullptr;
  /// Native calls nest on the machine stack down to here; deeper ones go through the loop.
  uintptr_t machineStackLimit = 0;
  /// Native callers waiting on the machine stack for their callee's return.
  uint32_t waitingCallers = 0;
  /// When an exit leaves native callees behind: the innermost, where the loop goes on.
  const CompiledFunction *exitFunction = nullptr;
  uint64_t *exitFp = nullptr;
  /// What native code called natively returns when it returns normally.
  static constexpr uint64_t kReturned = ~uint64_t(0);
  /// Machine stack a chain of native calls may use below the dispatch loop's frame.
  static constexpr uintptr_t kMachineStackBudget = uintptr_t(128) << 10;
};

/// For native frame code: the call countdown of `callee` (of the caller's instance, frame at
/// `args`) ran out at a call native code makes from `caller`; asks the tier hooks as the
/// dispatch loop does. After Trapped, the trap waits in the machine for the exit (HostError).
TierHooks::Outcome tierCallFromNativeCode(NativeCalls &calls, const CompiledFunction &callee,
                                          InstanceContext &context, uint64_t *args,
                                          const CompiledFunction &caller);

struct MachineConfig {
  /// Value stack size in 64-bit slots; the reservation is virtual until touched.
  uint64_t stackSlots = uint64_t(1) << 22;
};

/// The stacks of one CallEngine and the loop that runs on them. Not thread-safe.
class Machine {
public:
  explicit Machine(MachineConfig config = {});
  ~Machine();
  Machine(const Machine &) = delete;
  Machine &operator=(const Machine &) = delete;

  /// Runs `callee` (interpreted) with its parameters in `argsAndResults`, leaving its results
  /// there. Counts against the context's call depth; usable again after a trap.
  runtime::CallStatus call(runtime::CallContext &context, const Callee &callee,
                           std::span<uint64_t> argsAndResults);
  const MachineConfig &config() const { return config_; }

private:
  friend struct Dispatch;
  friend TierHooks::Outcome tierCallFromNativeCode(NativeCalls &, const CompiledFunction &,
                                                   InstanceContext &, uint64_t *,
                                                   const CompiledFunction &);

  bool reserveStack();
  /// Makes room for one more frame above `top`, moving the stack when it grows; false when
  /// the call depth limit is reached.
  bool growFrames(Frame *&base, Frame *&top, Frame *&limit);
  /// A call from `caller` (interpreted, `depth` frames deep) to a host function or another
  /// engine's function; false after a trap, which is left in pendingTrap_.
  bool callOut(const Callee &callee, uint64_t *args, const CompiledFunction *caller,
               InstanceContext *callerContext, size_t depth);
  /// Translates a function at its first call; false after a failure (in pendingTrap_).
  bool translate(const CompiledFunction &function, InstanceContext &context);
  /// Polls the context in `function` (`depth` frames deep) at a function entry or loop
  /// back-edge; true when it must stop.
  bool pollSlow(const CompiledFunction *function, const InstanceContext *context, size_t depth);
  /// A countdown ran out at the entry of `callee` (arguments at `args`, called by `caller`)
  /// or at a back-edge of `function` to the loop at `header`; `depth` frames lie below the
  /// current one. A trap is left in pendingTrap_.
  TierHooks::Outcome tierCall(const CompiledFunction &callee, InstanceContext &calleeContext,
                              uint64_t *args, const CompiledFunction *caller,
                              const InstanceContext *callerContext, size_t depth);
  TierHooks::Outcome tierBackEdge(const CompiledFunction &function, InstanceContext &context,
                                  uint64_t *fp, const uint32_t *header, size_t depth);
  /// Where the dispatch loop stopped with a trap.
  struct TrapSite {
    runtime::TrapKind kind;
    const uint32_t *pc;
    const CompiledFunction *function;
    InstanceContext *context;
    size_t depth; // frames below the trapping one
  };
  /// The trap of `site`, with its WebAssembly stack trace.
  runtime::Trap buildTrap(const TrapSite &site);
  /// The running function's Wasm frames, innermost first, where the dispatch loop last left
  /// off (a poll, a call out, a tier-up): what a profiler's sample sees of this machine.
  void appendSampledFrames(std::vector<runtime::SampledFrame> &frames) const;
  class RunActivation;

  /// The function the dispatch loop last left to poll or call out (null while native code
  /// finishes it after OSR), and the frames below it.
  struct ExecutionSite {
    const CompiledFunction *function = nullptr;
    const InstanceContext *context = nullptr;
    size_t depth = 0;
  };

  MachineConfig config_;
  uint64_t *stackBase_ = nullptr;
  uint64_t *stackEnd_ = nullptr;
  std::vector<Frame> frames_;
  // Set for the duration of call().
  runtime::CallContext *context_ = nullptr;
  const std::atomic<bool> *pollFlag_ = nullptr;
  uint32_t frameLimit_ = 0; // frames the depth limit allows below the entry frame
  uint32_t baseDepth_ = 0;  // the context's depth at entry
  bool running_ = false;
  std::unique_ptr<runtime::Trap> pendingTrap_; // a trap from a host or another engine
  bool pendingTrapHasSite_ = false; // it already holds the trapping frame (OSR)
  std::unique_ptr<Machine> nested_; // for host functions that call back into this engine
  TrapSite trapSite_{};
  ExecutionSite site_{};
};

/// Runs an interpreted function on a machine of the calling thread's own, reused between
/// calls: the entry for native code and host functions that call interpreted code.
runtime::CallStatus callInterpreted(runtime::CallContext &context, const Callee &callee,
                                    std::span<uint64_t> argsAndResults,
                                    const MachineConfig &config = {});

} // namespace strata::interp
