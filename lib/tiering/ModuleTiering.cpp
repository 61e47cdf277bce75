#include "ModuleTiering.h"
#include "TieredModuleEngine.h"

#include "strata/wasm/DirectCalls.h"

#include <algorithm>
#include <chrono>

namespace strata::tiering {

TieringContext::TieringContext(TieredOptions options, std::unique_ptr<TieringPolicy> policy)
    : options(std::move(options)), policy(std::move(policy)), queue(this->options.threads) {
  if (this->options.stats) {
    stats = std::make_shared<profile::StatsCollector>();
    events.addSink(stats);
  }
}

CompilerState TieringContext::compilerState() {
  CompilerState state;
  state.queued = queue.pending();
  state.threads = queue.threads();
  state.runSeconds = double(events.nowNs()) * 1e-9;
  std::lock_guard lock(costMutex);
  state.secondsPerByte = compiledBytes ? compiledSeconds / double(compiledBytes) : 0;
  return state;
}

void TieringContext::recordCompileCost(double seconds, uint64_t wasmBytes) {
  std::lock_guard lock(costMutex);
  compiledSeconds += seconds;
  compiledBytes += wasmBytes;
}

namespace {
thread_local Tier currentTier = Tier::Host;
thread_local uint64_t tierSince = 0;

uint64_t monotonicNs() {
  return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count());
}
} // namespace

TierScope::TierScope(TieringContext &context, Tier tier) {
  if (!context.options.stats)
    return;
  context_ = &context;
  uint64_t now = monotonicNs();
  if (currentTier != Tier::Host)
    context.tierNs[unsigned(currentTier)] += now - tierSince;
  previous_ = currentTier;
  currentTier = tier;
  tierSince = now;
}

TierScope::~TierScope() {
  if (!context_)
    return;
  uint64_t now = monotonicNs();
  context_->tierNs[unsigned(currentTier)] += now - tierSince;
  currentTier = previous_;
  tierSince = now;
}

ModuleTiering::ModuleTiering(std::shared_ptr<TieringContext> context,
                             std::shared_ptr<const interp::CompiledModule> code, bool guardPages)
    : context_(std::move(context)), code_(std::move(code)), guardPages_(guardPages),
      functions_(std::make_unique<FunctionTier[]>(code_->numFunctions())) {
  const wasm::Module &wasm = module();
  for (uint32_t i = wasm.numImportedFunctions; i < wasm.numFunctions(); ++i) {
    FunctionTier &tier = function(i);
    const wasm::FunctionBody &body = wasm.body(i);
    tier.codeBytes = uint32_t(body.codeEnd - body.bodyOffset);
    const wasm::FunctionInfo &info = wasm.info(i);
    tier.loops = std::vector<LoopTier>(info.loops.size());
    for (size_t l = 0; l < info.loops.size(); ++l) {
      const wasm::LoopInfo &loop = info.loops[l];
      const wasm::ControlInfo &control = info.controls[loop.controlIndex];
      tier.loops[l].bodyBytes = uint32_t(control.endOffset - control.startOffset);
      tier.loops[l].root = loop.root;
      // A parent comes before its loops, so its own belowRoot is known.
      tier.loops[l].belowRoot = loop.parent == wasm::kNoLoop || loop.parent == loop.root
                                    ? uint32_t(l)
                                    : tier.loops[loop.parent].belowRoot;
    }
    armInitially(i);
  }
}

void ModuleTiering::attach(TieredModuleEngine &instance) {
  std::lock_guard lock(mutex_);
  if (name_.empty())
    name_ = instance.instance().name();
  instances_.push_back(&instance);
  const wasm::Module &wasm = module();
  for (uint32_t i = wasm.numImportedFunctions; i < wasm.numFunctions(); ++i)
    if (void *native = function(i).native.load(std::memory_order_acquire))
      instance.instance().function(i)->installNativeCode(native, &instance.vmctx());
}

void ModuleTiering::detach(TieredModuleEngine &instance) {
  std::lock_guard lock(mutex_);
  std::erase(instances_, &instance);
  // Its native counts outlive it, for statistics taken after the instance is gone.
  const std::vector<uint64_t> &counts = instance.nativeCounters();
  if (detachedCalls_.size() < counts.size())
    detachedCalls_.resize(counts.size());
  for (size_t i = 0; i < counts.size(); ++i)
    detachedCalls_[i] += counts[i];
}

FunctionProfile ModuleTiering::profile(uint32_t index) {
  FunctionTier &tier = function(index);
  FunctionProfile profile;
  profile.function = index;
  profile.codeBytes = tier.codeBytes;
  profile.numLoops = uint32_t(tier.loops.size());
  for (const LoopTier &loop : tier.loops)
    profile.loopBodyBytes += loop.bodyBytes;
  // With the calls the interpreter counted since the countdown was armed: a back-edge
  // notification in a function's second activation must see that call.
  profile.calls = callsSoFar(index);
  profile.backEdges = tier.backEdges.load(std::memory_order_relaxed);
  profile.compileRequested = tier.requested.load(std::memory_order_relaxed);
  profile.baselineNext =
      code_->framesOnRequest() && !tier.baselineRequested.load(std::memory_order_relaxed);
  profile.scratch = &tier.scratch;
  return profile;
}

uint64_t ModuleTiering::callsSoFar(uint32_t index) {
  FunctionTier &tier = function(index);
  uint64_t calls = tier.calls.load(std::memory_order_relaxed);
  if (tier.thunk.load(std::memory_order_relaxed))
    return calls; // the countdown now only routes calls to native code
  int64_t left = code_->function(index).callCountdown.load(std::memory_order_relaxed);
  int64_t since = tier.armedCalls.load(std::memory_order_relaxed) - 1 - std::max<int64_t>(left, -1);
  return calls + uint64_t(std::max<int64_t>(since, 0));
}

uint64_t ModuleTiering::nativeCalls(uint32_t index) {
  std::lock_guard lock(mutex_);
  uint64_t calls = index < detachedCalls_.size() ? detachedCalls_[index] : 0;
  for (TieredModuleEngine *instance : instances_)
    if (index < instance->nativeCounters().size())
      calls += instance->nativeCounters()[index];
  return calls;
}

static int32_t countdownFor(int64_t events) {
  return int32_t(std::clamp<int64_t>(events, 1, kNever) - 1);
}

/// Adds the calls the interpreter counted since the call countdown was armed to the total, so
/// that re-arming it at a back-edge, or installing code, loses none. Once code is installed
/// the countdown only routes calls to it and counts nothing.
static void foldCalls(FunctionTier &tier, const interp::CompiledFunction &code) {
  if (tier.thunk.load(std::memory_order_relaxed))
    return;
  int64_t left = std::max<int64_t>(code.callCountdown.load(std::memory_order_relaxed), -1);
  int64_t armed = tier.armedCalls.load(std::memory_order_relaxed);
  int64_t since = std::max<int64_t>(armed - 1 - left, 0);
  tier.calls.fetch_add(uint64_t(since), std::memory_order_relaxed);
  tier.armedCalls.store(armed - since, std::memory_order_relaxed);
}

void ModuleTiering::armCalls(uint32_t index, int64_t calls) {
  FunctionTier &tier = function(index);
  const interp::CompiledFunction &code = code_->function(index);
  foldCalls(tier, code);
  tier.armedCalls.store(int64_t(countdownFor(calls)) + 1, std::memory_order_relaxed);
  // Once native code is installed, every interpreted call must reach the hook.
  code.callCountdown.store(tier.thunk.load(std::memory_order_relaxed) ? 0 : countdownFor(calls),
                           std::memory_order_relaxed);
}

void ModuleTiering::arm(uint32_t index, int64_t calls, int64_t backEdges) {
  armCalls(index, calls);
  function(index).armedBackEdges.store(int64_t(countdownFor(backEdges)) + 1,
                                       std::memory_order_relaxed);
  code_->function(index).loopCountdown.store(countdownFor(backEdges), std::memory_order_relaxed);
}

void ModuleTiering::armInitially(uint32_t index) {
  Decision decision = context_->policy->initial(profile(index));
  arm(index, decision.nextCalls, decision.nextBackEdges);
}

void ModuleTiering::apply(const Decision &decision, uint32_t index, int32_t loop) {
  arm(index, decision.nextCalls, decision.nextBackEdges);
  FunctionTier &tier = function(index);
  if (decision.baseline && code_->framesOnRequest() && !tier.baselineRequested.exchange(true))
    moveToBaseline(index, decision);
  auto job = [&](bool osr, int32_t priority) {
    return CompileJob{{index},
                      osr ? std::optional<uint32_t>(tier.loops[loop].root) : std::nullopt,
                      osr ? loop : -1,
                      priority,
                      decision.background,
                      decision.reason};
  };
  switch (decision.action) {
  case Decision::Action::None:
    break;
  case Decision::Action::Compile:
    if (!tier.requested.exchange(true))
      request(job(false, decision.priority));
    break;
  case Decision::Action::CompileOsr:
    // A continuation for one entry is compiled by the hook itself (compileForEntry) and kept
    // by no one: the loop stays open to OSR for the function's later activations.
    if (loop >= 0 && size_t(loop) < tier.loops.size()) {
      LoopTier &root = tier.loops[tier.loops[loop].root];
      if (decision.specialize)
        root.entryCompiledAtCalls.store(callsSoFar(index), std::memory_order_relaxed);
      else if (!root.osrRequested.exchange(true))
        request(job(true, decision.priority));
    }
    if (decision.alsoCompileFunction && !tier.requested.exchange(true))
      request(job(false, decision.priority - 1));
    if (decision.compileCallees && loop >= 0 && size_t(loop) < tier.loops.size())
      requestCallees(index, tier.loops[loop].root, decision);
    break;
  }
}

bool ModuleTiering::osrRequested(uint32_t index, uint32_t loop) {
  LoopTier &root = function(index).loops[function(index).loops[loop].root];
  if (root.osrRequested.load(std::memory_order_relaxed))
    return true;
  uint64_t entry = root.entryCompiledAtCalls.load(std::memory_order_relaxed);
  return entry && entry == callsSoFar(index);
}

void ModuleTiering::requestCallees(uint32_t index, uint32_t loop, const Decision &decision) {
  const wasm::Module &wasm = module();
  size_t requested = 0;
  wasm::forEachDirectCallee(wasm, index, wasm.info(index).loops[loop].offset, [&](uint32_t callee) {
    if (callee == index)
      return true;
    FunctionTier &tier = function(callee);
    if (tier.loops.empty() || tier.codeBytes > kMostCalleeBytes || tier.requested.exchange(true))
      return true;
    request(CompileJob{{callee}, std::nullopt, -1, decision.priority - 2, true,
                       "called after loop " + std::to_string(loop) + " of function " +
                           std::to_string(index)});
    tier.firstCallWaits.store(true, std::memory_order_relaxed);
    armCalls(callee, 1);
    return ++requested < kMostCallees;
  });
}

native::ArrayThunk ModuleTiering::awaitCode(uint32_t index) {
  FunctionTier &tier = function(index);
  auto code = [&] { return tier.thunk.load(std::memory_order_acquire); };
  uint64_t since = tier.compilingSinceNs.load(std::memory_order_acquire);
  if (code() || !since) // there, or still queued: the queue may be long
    return code();
  uint64_t now = context_->events.nowNs();
  double perByte = context_->compilerState().secondsPerByte;
  double expectedNs = perByte > 0 ? perByte * 1e9 * tier.codeBytes : 0;
  double remainingNs = expectedNs - double(now - since);
  if (remainingNs > double(kMostCalleeWaitNs))
    return nullptr;
  std::unique_lock lock(compiledMutex_);
  compiled_.wait_until(lock,
                       std::chrono::steady_clock::now() + std::chrono::nanoseconds(kMostCalleeWaitNs),
                       [&] { return code() || !tier.compilingSinceNs.load(std::memory_order_acquire); });
  return code();
}

void ModuleTiering::requestModule() {
  for (ModuleRequest &request : context_->policy->onModule(module())) {
    std::vector<uint32_t> functions;
    for (uint32_t index : request.functions)
      if (!module().isImportedFunction(index) && index < module().numFunctions() &&
          !function(index).requested.exchange(true))
        functions.push_back(index);
    if (!functions.empty())
      this->request(CompileJob{std::move(functions), std::nullopt, -1, 0, request.background,
                               request.reason});
  }
}

void ModuleTiering::requestInnerLoop(uint32_t index, uint32_t inner) {
  FunctionTier &tier = function(index);
  // A peeled continuation of a large function compiles for seconds, holding up every other
  // request, and arrives when most of the activation it was for has run.
  if (tier.codeBytes > kMostInnerFallbackBytes)
    return;
  uint32_t loop = tier.loops[inner].belowRoot;
  if (tier.loops[loop].osrRequested.load(std::memory_order_relaxed) ||
      tier.loops[tier.loops[loop].root].innerFallbackRequested.exchange(true))
    return;
  tier.loops[loop].osrRequested.store(true, std::memory_order_relaxed);
  request(CompileJob{{index}, loop, int32_t(inner), 10, true,
                     "inner loop without an outermost back-edge"});
}

void ModuleTiering::waitForRoot(const interp::CompiledFunction &function, uint32_t root,
                                uint32_t backEdges) {
  constexpr uint32_t kMost = interp::CompiledFunction::kInnerBackEdgeWait;
  function.innerBackEdgesWaited.store(kMost - std::min(backEdges, kMost),
                                      std::memory_order_relaxed);
  function.osrRoot.store(int32_t(root), std::memory_order_relaxed);
  function.loopCountdown.store(0, std::memory_order_relaxed);
}

void ModuleTiering::deferEntry(uint32_t index, uint32_t root, const Decision &decision) {
  FunctionTier &tier = function(index);
  {
    std::lock_guard lock(tier.entryMutex);
    tier.entryDecision = decision;
  }
  tier.entryRoot.store(int32_t(root), std::memory_order_release);
  waitForRoot(code_->function(index), root, decision.rootWait);
}

std::optional<Decision> ModuleTiering::takeDeferredEntry(uint32_t index, uint32_t root) {
  FunctionTier &tier = function(index);
  int32_t waiting = tier.entryRoot.load(std::memory_order_relaxed);
  if (waiting < 0 || !tier.entryRoot.compare_exchange_strong(waiting, -1))
    return std::nullopt;
  code_->function(index).osrRoot.store(-1, std::memory_order_relaxed);
  if (waiting != int32_t(root))
    return std::nullopt; // the frame left that nest
  std::lock_guard lock(tier.entryMutex);
  return tier.entryDecision;
}

native::ArrayThunk ModuleTiering::compileForEntry(uint32_t index, uint32_t loop,
                                                   const uint64_t *frame,
                                                   const Decision &decision) {
  const wasm::FunctionInfo &info = module().info(index);
  CompileJob job{{index}, loop, int32_t(loop), decision.priority, false, decision.reason};
  job.osrFrame.assign(frame, frame + info.numLocalSlots + wasm::slotCount(info.loops[loop].operandTypes));
  emitRequest(job);
  std::unique_ptr<mlirtier::NativeCode> code = build(job, context_->events.nowNs());
  if (!code)
    return nullptr;
  auto thunk = reinterpret_cast<native::ArrayThunk>(code->osrArrayThunk(index, loop));
  std::lock_guard lock(mutex_);
  units_.push_back(std::move(code));
  return thunk;
}

void ModuleTiering::moveToBaseline(uint32_t index, const Decision &decision) {
  TieringContext &context = *context_;
  profile::Event event;
  event.module = name_;
  event.function = index;
  event.tier = context.options.frameTier;
  if (context.events.enabled()) {
    event.kind = profile::EventKind::TierUpRequest;
    event.reason = decision.reason;
    context.events.emit(event);
  }
  uint64_t startNs = context.events.nowNs();
  Status status = code_->ensureFrameCode(index);
  if (!context.events.enabled())
    return;
  event.kind = profile::EventKind::CompileEnd;
  event.stages.stencils = double(context.events.nowNs() - startNs) * 1e-9;
  event.wasmBytes = function(index).codeBytes;
  const interp::FrameCode *code = code_->function(index).frameCode.load();
  event.codeBytes = code ? code->codeSize : 0;
  event.ok = bool(status);
  std::string error = status ? std::string() : status.error().message();
  event.message = error;
  context.events.emit(event);
  if (status) {
    event.kind = profile::EventKind::CodeInstalled;
    context.events.emit(event);
  }
}

void ModuleTiering::emitRequest(const CompileJob &job) {
  TieringContext &context = *context_;
  if (context.events.enabled()) {
    profile::Event event;
    event.kind = profile::EventKind::TierUpRequest;
    event.module = name_;
    event.function = job.functions.front();
    event.functions = uint32_t(job.functions.size());
    event.loop = job.loop;
    event.reason = job.reason;
    event.priority = job.priority;
    event.background = job.background && context.queue.threads() > 0;
    context.events.emit(event);
  }
}

void ModuleTiering::request(CompileJob job) {
  TieringContext &context = *context_;
  emitRequest(job);
  uint64_t queuedAt = context.events.nowNs();
  int32_t priority = job.priority;
  bool now = !job.background;
  uint64_t bytes = 0;
  for (uint32_t index : job.functions)
    bytes += function(index).codeBytes;
  context.queue.push(
      priority,
      [self = shared_from_this(), job = std::move(job), queuedAt] { self->compile(job, queuedAt); },
      now, bytes);
}

static profile::StageSeconds toStageSeconds(const mlirtier::StageTimes &times) {
  return {times.frontend, times.mlirPasses, times.toLlvmIr, times.llvmOpt, times.codegen};
}

void ModuleTiering::compile(const CompileJob &job, uint64_t queuedAtNs) {
  std::unique_ptr<mlirtier::NativeCode> code = build(job, queuedAtNs);
  bool built = code != nullptr;
  if (built)
    install(job, std::move(code));
  if (!job.osrLoop) {
    // Whoever waits for these functions (awaitCode) has the answer now.
    {
      std::lock_guard lock(compiledMutex_);
      for (uint32_t index : job.functions)
        function(index).compilingSinceNs.store(0, std::memory_order_release);
    }
    compiled_.notify_all();
  }
  if (built)
    return;
  // One function the tier cannot compile (SIMD) must not keep the others of a unit from it.
  if (job.functions.size() > 1)
    for (uint32_t index : job.functions)
      compile(CompileJob{{index}, std::nullopt, -1, job.priority, false, job.reason},
              context_->events.nowNs());
}

std::unique_ptr<mlirtier::NativeCode> ModuleTiering::build(const CompileJob &job,
                                                           uint64_t queuedAtNs) {
  TieringContext &context = *context_;
  uint64_t startNs = context.events.nowNs();
  if (!job.osrLoop)
    for (uint32_t index : job.functions)
      function(index).compilingSinceNs.store(std::max<uint64_t>(startNs, 1),
                                             std::memory_order_release);
  profile::Event event;
  event.module = name_;
  event.function = job.functions.front();
  event.functions = uint32_t(job.functions.size());
  event.loop = job.loop;
  if (context.events.enabled()) {
    event.kind = profile::EventKind::CompileStart;
    context.events.emit(event);
  }
  mlirtier::CompileOptions options = context.options.jit.compile;
  options.guardPages = guardPages_;
  options.counters = context.options.stats;
  options.osrLoop = job.osrLoop;
  options.osrFrame = job.osrFrame;
  auto code = mlirtier::compileToNative(module(), job.functions, options);
  if (code)
    context.recordCompileCost((*code)->times().total(), (*code)->times().wasmBytes);
  if (context.events.enabled()) {
    event.kind = profile::EventKind::CompileEnd;
    event.queueWaitNs = startNs - queuedAtNs;
    event.ok = bool(code);
    std::string message = code ? std::string() : code.error().message();
    event.message = message;
    if (code) {
      event.stages = toStageSeconds((*code)->times());
      event.codeBytes = (*code)->times().codeBytes;
      event.wasmBytes = (*code)->times().wasmBytes;
    }
    context.events.emit(event);
  }
  if (!code)
    return nullptr;
  return std::move(*code);
}

void ModuleTiering::install(const CompileJob &job, std::unique_ptr<mlirtier::NativeCode> code) {
  std::lock_guard lock(mutex_);
  if (job.osrLoop) {
    uint32_t index = job.functions.front();
    const interp::CompiledFunction &interpreted = code_->function(index);
    auto thunk = reinterpret_cast<native::ArrayThunk>(code->osrArrayThunk(index, *job.osrLoop));
    LoopTier &loop = function(index).loops[*job.osrLoop];
    loop.osrThunk.store(thunk, std::memory_order_release);
    if (loop.root == *job.osrLoop) // its inner loops now wait for its back-edge
      waitForRoot(interpreted, *job.osrLoop, interp::CompiledFunction::kInnerBackEdgeWait);
    interpreted.loopCountdown.store(0, std::memory_order_relaxed);
  } else {
    for (uint32_t index : job.functions) {
      FunctionTier &tier = function(index);
      foldCalls(tier, code_->function(index));
      void *native = code->function(index);
      for (TieredModuleEngine *instance : instances_)
        instance->instance().function(index)->installNativeCode(native, &instance->vmctx());
      tier.native.store(native, std::memory_order_release);
      tier.thunk.store(reinterpret_cast<native::ArrayThunk>(code->arrayThunk(index)),
                       std::memory_order_release);
      code_->function(index).callCountdown.store(0, std::memory_order_relaxed);
    }
  }
  units_.push_back(std::move(code));
  TieringContext &context = *context_;
  if (context.events.enabled()) {
    profile::Event event;
    event.kind = profile::EventKind::CodeInstalled;
    event.module = name_;
    event.function = job.functions.front();
    event.functions = uint32_t(job.functions.size());
    event.loop = job.loop;
    context.events.emit(event);
  }
}

} // namespace strata::tiering
