// The tiered engine's state. TieringContext is engine-wide: the policy, the compile queue, the
// event stream and the statistics. ModuleTiering is per module (and bounds-check variant): the
// countdown bookkeeping of every function and loop, the native code compiled so far, and the
// instances to install it into. Private to lib/tiering.
#pragma once

#include "strata/engine/CompileQueue.h"

#include "strata/interp/Code.h"
#include "strata/mlir/Compiler.h"
#include "strata/native/Entry.h"
#include "strata/profile/Events.h"
#include "strata/profile/Summary.h"
#include "strata/tiering/Policy.h"
#include "strata/tiering/TieredEngine.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <optional>
#include <mutex>
#include <vector>

namespace strata::tiering {

class TieredModuleEngine;

/// Where time goes, per thread: the tier running now and since when.
enum class Tier : uint8_t { Host, Interpreter, Native };

struct TieringContext {
  TieringContext(TieredOptions options, std::unique_ptr<TieringPolicy> policy);

  TieredOptions options;
  std::unique_ptr<TieringPolicy> policy;
  profile::EventStream events;
  std::shared_ptr<profile::StatsCollector> stats; // with options.stats
  std::atomic<uint64_t> tierNs[3] = {};           // by Tier, with options.stats
  // Measured compile cost, for policies that weigh it.
  std::mutex costMutex;
  double compiledSeconds = 0;
  uint64_t compiledBytes = 0;
  engine::CompileQueue queue; // last: its threads stop before the rest goes away

  CompilerState compilerState();
  void recordCompileCost(double seconds, uint64_t wasmBytes);
};

/// Switches the thread's tier clock for a scope, when statistics are kept.
class TierScope {
public:
  TierScope(TieringContext &context, Tier tier);
  ~TierScope();

private:
  TieringContext *context_ = nullptr;
  Tier previous_ = Tier::Host;
};

struct LoopTier {
  /// The continuation entered at this loop (F@L), once installed. OSR asked for at any loop
  /// compiles the continuation of its outermost enclosing loop, its root; an inner loop gets
  /// its own only when it runs long without a back-edge of its root.
  std::atomic<native::ArrayThunk> osrThunk{nullptr};
  std::atomic<bool> osrRequested{false};
  /// The function's calls counted when a continuation for one entry (Decision::specialize)
  /// was compiled at this root, 0 before: the activations running then do not ask again,
  /// later ones do, as that continuation is installed nowhere.
  std::atomic<uint64_t> entryCompiledAtCalls{0};
  /// A root's: one of its inner loops asked for a continuation of its own (one at a time).
  std::atomic<bool> innerFallbackRequested{false};
  std::atomic<uint64_t> backEdges{0};
  uint32_t bodyBytes = 0;
  uint32_t root = 0;       // the outermost loop enclosing this one, or itself
  uint32_t belowRoot = 0;  // the loop enclosing this one just inside its root, or itself
};

struct FunctionTier {
  std::atomic<native::ArrayThunk> thunk{nullptr}; // the whole function, once installed
  std::atomic<void *> native{nullptr};              // its native-ABI entry
  std::atomic<bool> requested{false};
  /// Moved to the baseline tier, or tried to: a function whose baseline compile failed stays
  /// interpreted until the optimizing tier's code arrives.
  std::atomic<bool> baselineRequested{false};
  // Events counted at past notifications, and what the countdowns were armed with.
  std::atomic<uint64_t> calls{0};
  std::atomic<uint64_t> backEdges{0};
  std::atomic<int64_t> armedCalls{0};
  std::atomic<int64_t> armedBackEdges{0};
  /// A continuation for one entry (Decision::specialize) asked for at an inner loop waits for
  /// the back-edge of that loop's root, or -1: entered there it needs no peeled copies of the
  /// enclosing loops, which cost compile time.
  std::atomic<int32_t> entryRoot{-1};
  std::mutex entryMutex; // entryDecision
  Decision entryDecision;
  /// Queued for a caller's continuation (Decision::compileCallees): the first call reaches
  /// the hook, which may wait for the code (ModuleTiering::awaitCode).
  std::atomic<bool> firstCallWaits{false};
  /// When its compilation as a whole function started (events clock); 0 while none runs.
  std::atomic<uint64_t> compilingSinceNs{0};
  int64_t scratch = 0; // the policy's
  uint32_t codeBytes = 0;
  std::vector<LoopTier> loops;
};

/// A compilation: some functions as one unit, or one function's OSR continuation at loop
/// `osrLoop`; `loop` is the loop whose back-edge asked for it.
struct CompileJob {
  std::vector<uint32_t> functions;
  std::optional<uint32_t> osrLoop;
  int32_t loop = -1;
  int32_t priority = 0;
  bool background = true;
  std::string reason;
  std::vector<uint64_t> osrFrame; // a continuation for one entry (CompileOptions::osrFrame)
};

class ModuleTiering : public std::enable_shared_from_this<ModuleTiering> {
public:
  ModuleTiering(std::shared_ptr<TieringContext> context,
                std::shared_ptr<const interp::CompiledModule> code, bool guardPages);

  const wasm::Module &module() const { return code_->module(); }
  const interp::CompiledModule &code() const { return *code_; }
  const std::shared_ptr<const interp::CompiledModule> &sharedCode() const { return code_; }
  TieringContext &context() const { return *context_; }
  bool guardPages() const { return guardPages_; }
  FunctionTier &function(uint32_t index) {
    return functions_[index - module().numImportedFunctions];
  }

  /// Installs the code compiled so far into a new instance and keeps it for later code.
  void attach(TieredModuleEngine &instance);
  void detach(TieredModuleEngine &instance);

  /// Arms a function's countdowns before its first notification.
  void armInitially(uint32_t function);
  /// Applies a policy decision taken at a notification of `function` (at `loop`, or -1).
  void apply(const Decision &decision, uint32_t function, int32_t loop);
  /// Queues the module-wide requests of the policy (eager compilation).
  void requestModule();
  /// Asks for the continuation of an inner loop that runs long without reaching its root's
  /// back-edge: of the loop just inside the root that encloses it, whose back-edges come more
  /// often than the root's and which keeps the loops inside it reducible. None in a function
  /// larger than kMostInnerFallbackBytes: the frame goes on where it runs.
  void requestInnerLoop(uint32_t function, uint32_t loop);
  /// Defers a continuation for one entry asked for at an inner loop until a back-edge of its
  /// root (or the end of decision.rootWait inner back-edges) reaches the hook.
  void deferEntry(uint32_t function, uint32_t root, const Decision &decision);
  /// At a back-edge of a loop in `root`'s nest: the deferred decision, if one waits for this
  /// nest. Any deferred entry ends here: a loop of another nest means the frame left it.
  std::optional<Decision> takeDeferredEntry(uint32_t function, uint32_t root);
  /// Compiles, now, the continuation of `function` at `loop` for entering it with `frame`
  /// (Decision::specialize); its thunk, or null when the tier cannot compile it.
  native::ArrayThunk compileForEntry(uint32_t function, uint32_t loop, const uint64_t *frame,
                                       const Decision &decision);
  /// The function's thunk, after waiting for its compilation if that runs and is expected to
  /// end within kMostCalleeWaitNs (then waits at most that long); null when it is not there.
  native::ArrayThunk awaitCode(uint32_t function);
  /// The profile the policy sees.
  FunctionProfile profile(uint32_t function);
  /// Calls counted so far by the interpreter, those since the last notification included.
  uint64_t callsSoFar(uint32_t function);
  /// Whether OSR at `loop`'s root was asked for: a continuation for every entry, or one for
  /// an entry of an activation that may still be running.
  bool osrRequested(uint32_t function, uint32_t loop);
  /// Calls counted by native code (with statistics) in every instance.
  uint64_t nativeCalls(uint32_t function);

private:
  void request(CompileJob job);
  void compile(const CompileJob &job, uint64_t queuedAtNs);
  /// Runs the compiler for `job`, with its events; null when it failed.
  std::unique_ptr<mlirtier::NativeCode> build(const CompileJob &job, uint64_t queuedAtNs);
  void emitRequest(const CompileJob &job);
  /// Decision::baseline: the function's frame code, compiled now, which the interpreter enters
  /// at its next call or loop header.
  void moveToBaseline(uint32_t function, const Decision &decision);
  void install(const CompileJob &job, std::unique_ptr<mlirtier::NativeCode> code);
  void arm(uint32_t function, int64_t calls, int64_t backEdges);
  void armCalls(uint32_t function, int64_t calls);
  /// Decision::compileCallees for the code of `function` from `loop` on.
  void requestCallees(uint32_t function, uint32_t loop, const Decision &decision);
  /// Keeps back-edges of the loops inside `root` from the hooks for up to `backEdges` of
  /// them, so that the root's next back-edge reaches them first.
  static void waitForRoot(const interp::CompiledFunction &function, uint32_t root,
                          uint32_t backEdges);

  std::shared_ptr<TieringContext> context_;
  std::shared_ptr<const interp::CompiledModule> code_;
  bool guardPages_;
  std::unique_ptr<FunctionTier[]> functions_;
  std::mutex mutex_; // instances_ and code_ units
  std::vector<TieredModuleEngine *> instances_;
  std::vector<std::unique_ptr<mlirtier::NativeCode>> units_;
  std::vector<uint64_t> detachedCalls_; // native counts of instances gone
  std::string name_;                    // the first instance's, for events
  std::mutex compiledMutex_;            // for compiled_
  std::condition_variable compiled_;    // a whole-function compilation ended
};

} // namespace strata::tiering
