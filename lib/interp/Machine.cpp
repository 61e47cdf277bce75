#include "Dispatch.h"
#include "NativeStack.h"

#include "strata/engine/CallChecks.h"
#include "strata/engine/Engine.h"
#include "strata/engine/HostCallEngine.h"
#include "strata/interp/Interpreter.h"

#include <algorithm>
#include <cstring>
#include <sys/mman.h>

namespace strata::interp {

using runtime::CallStatus;
using runtime::Trap;
using runtime::TrapKind;

Machine::Machine(MachineConfig config) : config_(config) {}

Machine::~Machine() {
  if (stackBase_)
    munmap(stackBase_, size_t(stackEnd_ - stackBase_) * sizeof(uint64_t));
}

bool Machine::reserveStack() {
  size_t bytes = size_t(config_.stackSlots) * sizeof(uint64_t);
  // Reserved, not committed: pages cost memory only once a deep call touches them.
  void *memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED)
    return false;
  stackBase_ = static_cast<uint64_t *>(memory);
  stackEnd_ = stackBase_ + config_.stackSlots;
  return true;
}

bool Machine::growFrames(Frame *&base, Frame *&top, Frame *&limit) {
  size_t used = size_t(top - base);
  if (used >= frameLimit_)
    return false;
  size_t size = std::min<size_t>(std::max<size_t>(frames_.size() * 2, 64), frameLimit_);
  frames_.resize(size);
  base = frames_.data();
  top = base + used;
  limit = base + size;
  return true;
}

/// Makes the context count the interpreter's frames while code outside the interpreter runs,
/// so nested calls see the true depth.
class PublishedDepth {
public:
  PublishedDepth(runtime::CallContext &context, uint32_t target)
      : context_(context), entered_(context.enterFramesUpTo(target)) {}
  ~PublishedDepth() { context_.leaveFrames(entered_); }

private:
  runtime::CallContext &context_;
  uint32_t entered_ = 0;
};

bool Machine::callOut(const Callee &callee, uint64_t *args, const CompiledFunction *caller,
                      InstanceContext *callerContext, size_t depth) {
  site_ = {caller, callerContext, depth};
  runtime::FunctionInstance &function = *callee.function;
  std::span<uint64_t> slots(args, function.argSlots());
  PublishedDepth published(*context_, baseDepth_ + uint32_t(depth) + 1);
  CallStatus status;
  if (function.isHost()) {
    status = engine::HostCallEngine::invoke(*context_, function, callerContext->instance, slots);
  } else if (engine::ModuleEngine *engine = function.module()->moduleEngine()) {
    status = engine->invoke(*context_, function, slots);
  } else {
    status = Trap(TrapKind::HostError,
                  "cannot call " + function.displayName() + ": its instance has no engine");
  }
  if (status)
    return true;
  pendingTrap_ = status.takeTrap();
  return false;
}

bool Machine::pollSlow(const CompiledFunction *function, const InstanceContext *context,
                       size_t depth) {
  site_ = {function, context, depth};
  return context_->shouldStop();
}

TierHooks::Outcome Machine::tierCall(const CompiledFunction &callee,
                                     InstanceContext &calleeContext, uint64_t *args,
                                     const CompiledFunction *caller,
                                     const InstanceContext *callerContext, size_t depth) {
  site_ = {caller, callerContext, depth};
  if (!calleeContext.tiering) {
    callee.callCountdown.store(CompiledFunction::kNeverFires, std::memory_order_relaxed);
    return TierHooks::Outcome::Interpret;
  }
  PublishedDepth published(*context_, baseDepth_ + uint32_t(depth) + 1);
  auto outcome = calleeContext.tiering->onCall(*context_, callee, calleeContext, args, pendingTrap_);
  pendingTrapHasSite_ = false;
  return outcome;
}

TierHooks::Outcome Machine::tierBackEdge(const CompiledFunction &function,
                                         InstanceContext &context, uint64_t *fp,
                                         const uint32_t *header, size_t depth) {
  const LoopHeader *loop = function.loopAt(uint32_t(header - function.code.data()));
  if (!context.tiering || !loop) {
    function.loopCountdown.store(CompiledFunction::kNeverFires, std::memory_order_relaxed);
    return TierHooks::Outcome::Interpret;
  }
  if (!loop->outermost() &&
      int32_t(loop->root) == function.osrRoot.load(std::memory_order_relaxed)) {
    uint32_t waited = function.innerBackEdgesWaited.load(std::memory_order_relaxed);
    if (waited < CompiledFunction::kInnerBackEdgeWait) {
      function.innerBackEdgesWaited.store(waited + 1, std::memory_order_relaxed);
      function.loopCountdown.store(0, std::memory_order_relaxed);
      return TierHooks::Outcome::Interpret;
    }
  }
  site_ = {nullptr, nullptr, depth}; // native code finishes this frame if OSR enters it
  PublishedDepth published(*context_, baseDepth_ + uint32_t(depth) + 1);
  auto outcome = context.tiering->onBackEdge(*context_, function, context, *loop, fp, pendingTrap_);
  // The continuation's trap names this function where it trapped.
  pendingTrapHasSite_ = true;
  return outcome;
}

bool Machine::translate(const CompiledFunction &function, InstanceContext &context) {
  Status status = context.code->ensureTranslated(function.index);
  if (status)
    return true;
  pendingTrap_ = std::make_unique<Trap>(TrapKind::HostError, status.error().message());
  return false;
}

/// A run of the dispatch loop on this thread, as a profiler's sample sees it.
class Machine::RunActivation final : public runtime::Activation {
public:
  explicit RunActivation(const Machine &machine) : machine_(machine) {}
  void appendFrames(std::vector<runtime::SampledFrame> &frames,
                    std::span<const uintptr_t>) const override {
    machine_.appendSampledFrames(frames);
  }

private:
  const Machine &machine_;
};

void Machine::appendSampledFrames(std::vector<runtime::SampledFrame> &frames) const {
  auto append = [&](const CompiledFunction &function, const InstanceContext &context) {
    frames.push_back({&context.instance->module(), function.index,
                      runtime::FrameTier::Interpreter});
  };
  if (site_.function)
    append(*site_.function, *site_.context);
  for (size_t i = site_.depth; i-- > 0;)
    append(*frames_[i].function, *frames_[i].context);
}

/// Polled when a deadline is set: every poll then asks the context, which reads the clock only
/// now and then.
static std::atomic<bool> alwaysPoll{true};

CallStatus Machine::call(runtime::CallContext &context, const Callee &callee,
                         std::span<uint64_t> argsAndResults) {
  if (running_) { // a host function called back into this very engine
    if (!nested_)
      nested_ = std::make_unique<Machine>(config_);
    return nested_->call(context, callee, argsAndResults);
  }
  if (!hasNativeStackLeft() || context.depth() >= context.maxCallDepth())
    return engine::callStackExhausted(context);
  if (context.shouldStop()) // before the first instruction: the trace names the callee
    return engine::interruptedAtEntry(context, *callee.context->instance, callee.code->index);
  if (!stackBase_ && !reserveStack())
    return Trap(TrapKind::CallStackExhausted, "cannot reserve the interpreter's value stack");
  const CompiledFunction &function = *callee.code;
  if (!function.isTranslated())
    if (Status status = callee.context->code->ensureTranslated(function.index); !status)
      return Trap(TrapKind::HostError, status.error().message());
  if (function.frameSlots > uint64_t(stackEnd_ - stackBase_))
    return engine::callStackExhausted(context);

  // An empty span may have a null data pointer, which memcpy must not see even for 0 bytes.
  std::copy_n(argsAndResults.data(), function.numParamSlots, stackBase_);
  std::memset(stackBase_ + function.numParamSlots, 0,
              (function.numLocalSlots - function.numParamSlots) * sizeof(uint64_t));
  context_ = &context;
  pollFlag_ = context.deadline() ? &alwaysPoll : context.interruptFlag();
  baseDepth_ = context.depth();
  frameLimit_ = context.maxCallDepth() - baseDepth_ - 1; // the entry frame counts too
  running_ = true;
  site_ = {&function, callee.context, 0};
  RunActivation activation(*this);
  bool ok = runDispatch(*this, function, *callee.context, stackBase_);
  running_ = false;
  CallStatus status;
  if (ok)
    std::copy_n(stackBase_, function.numResultSlots, argsAndResults.data());
  else
    status = buildTrap(trapSite_);
  context_ = nullptr;
  return status;
}

static void appendFrame(Trap &trap, const CompiledFunction &function,
                        const InstanceContext &context, uint32_t codeOffset) {
  runtime::TrapFrame frame;
  frame.module = context.instance->name();
  frame.function = function.index;
  frame.functionName = context.instance->module().functionName(function.index);
  frame.offset = function.wasmOffsetAt(codeOffset);
  trap.trace().push_back(std::move(frame));
}

Trap Machine::buildTrap(const TrapSite &site) {
  Trap trap = pendingTrap_                                ? std::move(*pendingTrap_)
              : site.kind == TrapKind::Interrupted        ? engine::interrupted(*context_)
              : site.kind == TrapKind::CallStackExhausted ? engine::callStackExhausted(*context_)
                                                          : Trap(site.kind);
  bool hasSite = pendingTrap_ && pendingTrapHasSite_ && !trap.trace().empty();
  pendingTrap_.reset();
  pendingTrapHasSite_ = false;
  if (!hasSite)
    appendFrame(trap, *site.function, *site.context,
                uint32_t(site.pc - site.function->code.data()));
  for (size_t i = site.depth; i-- > 0;) {
    const Frame &frame = frames_[i];
    // The return address follows the call; the call itself is one word earlier.
    appendFrame(trap, *frame.function, *frame.context,
                uint32_t(frame.returnPc - frame.function->code.data()) - 1);
  }
  return trap;
}

runtime::CallStatus callInterpreted(runtime::CallContext &context, const Callee &callee,
                                    std::span<uint64_t> argsAndResults,
                                    const MachineConfig &config) {
  // One machine per thread and configuration; Machine::call nests further machines itself.
  thread_local std::vector<std::unique_ptr<Machine>> machines;
  for (auto &machine : machines)
    if (machine->config().stackSlots == config.stackSlots)
      return machine->call(context, callee, argsAndResults);
  machines.push_back(std::make_unique<Machine>(config));
  return machines.back()->call(context, callee, argsAndResults);
}

} // namespace strata::interp
