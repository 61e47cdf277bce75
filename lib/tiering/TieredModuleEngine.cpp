#include "TieredModuleEngine.h"


#include "strata/engine/CallChecks.h"
#include "strata/engine/Registry.h"
#include "strata/runtime/Activation.h"

#include <algorithm>
#include <cassert>

namespace strata::tiering {

using interp::TierHooks;

/// Back-edges between looks at an inner loop whose own continuation is being compiled.
constexpr int32_t kInnerLoopPoll = 4095;
using runtime::CallStatus;
using runtime::Trap;

TieredModuleEngine::TieredModuleEngine(runtime::ModuleInstance &instance,
                                       std::shared_ptr<ModuleTiering> tiering)
    : interp::InterpModuleEngine(instance, tiering->sharedCode(),
                                 tiering->context().options.interp),
      tiering_(std::move(tiering)), vmctx_(instance, tiering_->guardPages()) {
  context_.tiering = this;
  if (tiering_->context().options.stats) {
    counters_.assign(mlirtier::counterCount(instance.module()), 0);
    vmctx_.get().counters = counters_.data();
  }
  tiering_->attach(*this);
}

TieredModuleEngine::~TieredModuleEngine() { tiering_->detach(*this); }

std::string_view TieredModuleEngine::name() const { return engine::kTieredEngine; }

Expected<std::unique_ptr<engine::CallEngine>>
TieredModuleEngine::newCallEngine(runtime::FunctionInstance &function) {
  if (function.module() != &instance_ || function.isHost())
    return Error("tiered: " + function.displayName() + " is not a function of this instance");
  return std::unique_ptr<engine::CallEngine>(std::make_unique<TieredCallEngine>(*this, function));
}

CallStatus TieredModuleEngine::invoke(runtime::CallContext &context,
                                      runtime::FunctionInstance &function,
                                      std::span<uint64_t> argsAndResults) {
  if (function.module() != &instance_ || function.isHost())
    return engine::ModuleEngine::invoke(context, function, argsAndResults);
  return run(context, function, argsAndResults, nullptr);
}

CallStatus TieredModuleEngine::run(runtime::CallContext &context,
                                   runtime::FunctionInstance &function,
                                   std::span<uint64_t> argsAndResults, interp::Machine *machine) {
  assert(argsAndResults.size() >= function.argSlots() && "argument span too small");
  uint32_t index = function.index();
  const interp::CompiledFunction &code = context_.code->function(index);
  std::unique_ptr<Trap> trap;
  Outcome outcome = Outcome::Interpret;
  if (interp::CompiledFunction::tick(code.callCountdown))
    outcome = onCall(context, code, context_, argsAndResults.data(), trap);
  CallStatus status;
  if (outcome == Outcome::Trapped) {
    status = CallStatus(std::move(trap));
  } else if (outcome == Outcome::Interpret) {
    TierScope tier(tiering_->context(), Tier::Interpreter);
    const interp::Callee &callee = context_.functions[index];
    status = machine ? machine->call(context, callee, argsAndResults)
                     : interp::callInterpreted(context, callee, argsAndResults, options_.machine);
  }
  TieringContext &tiering = tiering_->context();
  if (!status && machine && tiering.events.enabled()) {
    profile::Event event;
    event.kind = profile::EventKind::Trap;
    event.module = instance_.name();
    event.function = index;
    std::string message = status.trap().message();
    event.message = message;
    tiering.events.emit(event);
  }
  return status;
}

TierHooks::Outcome TieredModuleEngine::callNativeCode(runtime::CallContext &context,
                                                      native::ArrayThunk thunk,
                                                      uint32_t function, uint64_t *slots,
                                                      std::unique_ptr<Trap> &trap) {
  TierScope tier(tiering_->context(), Tier::Native);
  CallStatus status = native::callNative(context, thunk, &vmctx_.get(), slots, function);
  if (status)
    return Outcome::Finished;
  trap = status.takeTrap();
  return Outcome::Trapped;
}

TierHooks::Outcome TieredModuleEngine::onCall(runtime::CallContext &context,
                                              const interp::CompiledFunction &function,
                                              interp::InstanceContext & /*instance*/,
                                              uint64_t *slots, std::unique_ptr<Trap> &trap) {
  uint32_t index = function.index;
  FunctionTier &tier = tiering_->function(index);
  native::ArrayThunk thunk = tier.thunk.load(std::memory_order_acquire);
  // A compile or a wait for one here is the caller's time, as a profile shows it.
  std::optional<runtime::WorkActivation> compiling;
  if (!thunk)
    compiling.emplace(context, instance_.module(), index, runtime::FrameTier::Compile);
  if (!thunk && tier.firstCallWaits.exchange(false, std::memory_order_relaxed))
    thunk = tiering_->awaitCode(index);
  if (!thunk) {
    // The countdown ran out: every call it was armed with is counted (and none twice when
    // apply() re-arms it).
    tier.calls.fetch_add(uint64_t(tier.armedCalls.exchange(0, std::memory_order_relaxed)),
                         std::memory_order_relaxed);
    TieringContext &tiering = tiering_->context();
    Decision decision = tiering.policy->onCall(tiering_->profile(index), tiering.compilerState());
    tiering_->apply(decision, index, -1);
    thunk = tier.thunk.load(std::memory_order_acquire); // compiled synchronously
    if (!thunk)
      return Outcome::Interpret;
    // This call runs native after all, where native code counts it (with statistics).
    tier.calls.fetch_sub(1, std::memory_order_relaxed);
  }
  compiling.reset();
  function.callCountdown.store(0, std::memory_order_relaxed);
  engine::CallFrameScope frame(context);
  if (!frame.ok()) {
    trap = std::make_unique<Trap>(engine::callStackExhausted(context));
    return Outcome::Trapped;
  }
  return callNativeCode(context, thunk, index, slots, trap);
}

TierHooks::Outcome TieredModuleEngine::onBackEdge(runtime::CallContext &context,
                                                  const interp::CompiledFunction &function,
                                                  interp::InstanceContext & /*instance*/,
                                                  const interp::LoopHeader &header,
                                                  uint64_t *frame, std::unique_ptr<Trap> &trap) {
  uint32_t index = function.index;
  FunctionTier &tier = tiering_->function(index);
  LoopTier &loop = tier.loops[header.loopIndex];
  // An inner loop of a root with a continuation reaches here only after waiting long for the
  // root's back-edge (the interpreter filters the others): it gets a continuation of its own.
  auto installed = [&] { return loop.osrThunk.load(std::memory_order_acquire); };
  native::ArrayThunk thunk = installed();
  TieringContext &tiering = tiering_->context();
  std::optional<runtime::WorkActivation> compiling;
  if (!thunk)
    compiling.emplace(context, instance_.module(), index, runtime::FrameTier::Compile);
  // A deferred continuation for one entry is compiled at the root's back-edge, or at this
  // inner loop once the wait is over.
  if (std::optional<Decision> deferred = tiering_->takeDeferredEntry(index, loop.root)) {
    thunk = tiering_->compileForEntry(index, header.loopIndex, frame, *deferred);
    if (!thunk)
      return Outcome::Interpret;
  }
  if (!thunk && !header.outermost() &&
      tier.loops[loop.root].osrThunk.load(std::memory_order_relaxed)) {
    tiering_->requestInnerLoop(index, header.loopIndex);
    thunk = installed(); // compiled synchronously
    if (!thunk) {
      // Waiting for the continuation of the loop just inside the root: once it is there, look
      // at every back-edge, so that the next one of that loop enters it.
      bool ready = tier.loops[loop.belowRoot].osrThunk.load(std::memory_order_relaxed);
      function.loopCountdown.store(ready ? 0 : kInnerLoopPoll, std::memory_order_relaxed);
      return Outcome::Interpret;
    }
  } else if (!thunk) {
    uint64_t counted = uint64_t(tier.armedBackEdges.load(std::memory_order_relaxed));
    tier.backEdges.fetch_add(counted, std::memory_order_relaxed);
    LoopProfile profile;
    profile.loop = header.loopIndex;
    profile.bodyBytes = loop.bodyBytes;
    profile.backEdges = loop.backEdges.fetch_add(counted, std::memory_order_relaxed) + counted;
    profile.osrRequested = tiering_->osrRequested(index, header.loopIndex);
    profile.depth = context.depth();
    Decision decision =
        tiering.policy->onBackEdge(tiering_->profile(index), profile, tiering.compilerState());
    tiering_->apply(decision, index, int32_t(header.loopIndex));
    if (decision.action == Decision::Action::CompileOsr && decision.specialize &&
        !profile.osrRequested) {
      if (!header.outermost() && decision.rootWait > 0) {
        tiering_->deferEntry(index, loop.root, decision);
        return Outcome::Interpret;
      }
      thunk = tiering_->compileForEntry(index, header.loopIndex, frame, decision);
    } else {
      thunk = installed(); // compiled synchronously
    }
    if (!thunk)
      return Outcome::Interpret;
  }
  compiling.reset();
  if (tiering.events.enabled()) {
    profile::Event event;
    event.kind = profile::EventKind::OsrEntry;
    event.module = instance_.name();
    event.function = index;
    event.loop = int32_t(header.loopIndex);
    tiering.events.emit(event);
  }
  // The continuation takes the frame's address in slot 0 and leaves the results from slot 0.
  uint64_t inlineSlots[8];
  std::vector<uint64_t> heapSlots;
  uint64_t *slots = inlineSlots;
  if (function.numResultSlots > std::size(inlineSlots)) {
    heapSlots.resize(function.numResultSlots);
    slots = heapSlots.data();
  }
  slots[0] = reinterpret_cast<uintptr_t>(frame);
  Outcome outcome = callNativeCode(context, thunk, index, slots, trap);
  if (outcome == Outcome::Finished)
    std::copy_n(slots, function.numResultSlots, frame);
  return outcome;
}

} // namespace strata::tiering
