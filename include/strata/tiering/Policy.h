// Tiering policies are plug-ins (DESIGN decision 9). The tiered engine counts calls and loop
// back-edges of interpreted functions in countdowns the policy arms; when one runs out, the
// policy sees the function's profile and answers with a Decision: compile it, compile an OSR
// continuation for the loop being run, move it to the baseline tier, or nothing, and when to
// ask again. Policies are created by name from "NAME[:key=value,...]" (docs/tiering.md lists
// them and their knobs): the built-in ones and any registered from outside (registerPolicy).
// A policy object serves one engine and may be called from several threads at once. Depends
// on wasm/.
#pragma once

#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace strata::tiering {

/// "Never ask again": the countdowns' largest value.
inline constexpr int64_t kNever = INT32_MAX;
/// Decision::rootWait's default: a few milliseconds of interpreted back-edges.
inline constexpr uint32_t kDefaultRootWait = 1u << 16;
/// Decision::compileCallees' limits: a compilation is not preempted, so a wrong guess holds
/// the background thread for about the time one small function takes to compile.
inline constexpr size_t kMostCallees = 4;
inline constexpr uint32_t kMostCalleeBytes = 4096;
/// An inner loop that runs long without its root's back-edge gets a continuation of its own
/// only in functions of at most this many bytes of code. CPython's 49 KB bytecode loop took
/// 8-12 s to compile such a peeled continuation, on the one compile thread, while smaller
/// functions' requests waited behind it; the kernels the fallback is for are far smaller.
inline constexpr uint32_t kMostInnerFallbackBytes = 16384;
/// Such a callee's first call waits up to this long for its compilation when that is under
/// way and expected to end within it; interpreted instead, a long first activation would need
/// a continuation of its own, compiled on the interpreter's thread.
inline constexpr uint64_t kMostCalleeWaitNs = 30'000'000;

/// What a policy knows of one defined function; counts are of interpreted execution.
struct FunctionProfile {
  uint32_t function = 0;  // index in the function index space
  uint32_t codeBytes = 0; // size of the body
  uint32_t numLoops = 0;
  /// Bytes of all loop bodies together (0: unknown; policies then assume codeBytes / numLoops).
  uint64_t loopBodyBytes = 0;
  uint64_t calls = 0;     // entries counted so far
  uint64_t backEdges = 0; // back-edges counted so far, all loops together
  bool compileRequested = false; // native code for the whole function is queued or installed
  /// The chain is interp,FRAME,optimizing (FRAME the baseline tier or another frame tier,
  /// interp/FrameTiers.h) and the function still runs in the interpreter: Decision::baseline
  /// moves it to that tier.
  bool baselineNext = false;
  /// Free for the policy's own per-function state (a budget, a timestamp); starts at 0.
  int64_t *scratch = nullptr;
};

/// The loop whose back-edge ran the loop countdown out.
struct LoopProfile {
  uint32_t loop = 0;      // index into the function's loops
  uint32_t bodyBytes = 0; // from the loop opcode to its end
  uint64_t backEdges = 0; // counted so far for this loop (when it ran a countdown out)
  bool osrRequested = false;
  /// Wasm frames on the call stack, this one included: 1 when the host called the function.
  uint32_t depth = 1;
};

/// The compile side, for policies that weigh compile cost.
struct CompilerState {
  size_t queued = 0;      // requests waiting
  unsigned threads = 0;   // background compile threads (0: compilation is synchronous)
  /// Measured compile time per byte of Wasm code (seconds), over this engine's compilations
  /// so far; 0 before the first.
  double secondsPerByte = 0;
  /// Seconds since the engine started (0: unknown), which bounds the interpretation so far.
  double runSeconds = 0;
};

struct Decision {
  enum class Action : uint8_t { None, Compile, CompileOsr } action = Action::None;
  /// CompileOsr also compiles the whole function unless this is false.
  bool alsoCompileFunction = true;
  /// CompileOsr for this entry alone: the continuation of the loop being run is compiled now,
  /// with the frame's numbers as constants (which LLVM folds into the loop bounds and
  /// addresses), and entered at once; nothing is kept for other entries.
  bool specialize = false;
  /// With specialize, asked for at an inner loop: back-edges of the loops inside its root to
  /// wait for the root's back-edge, where the continuation needs no peeled copies of the
  /// enclosing loops (which cost compile time); then it is compiled at the loop running. 0:
  /// compile at the inner loop at once.
  uint32_t rootWait = kDefaultRootWait;
  /// CompileOsr also queues, in the background, the functions the code from the loop's root on
  /// calls directly that have loops of their own and no request yet (at most kMostCallees,
  /// none larger than kMostCalleeBytes). The continuation calls them from native code; not
  /// compiled by then, each would start its first activation in the interpreter and need OSR
  /// of its own. Their first call may wait for the code (kMostCalleeWaitNs).
  bool compileCallees = false;
  /// Also move the function to the chain's frame tier now, the baseline tier by default (when
  /// FunctionProfile::baselineNext):
  /// compiled on the calling thread, which its cost (tens of ns per byte) allows, and entered
  /// at this call, or at the loop header this back-edge goes to. Independent of `action`: a
  /// function whose optimized code compiles in the background runs baseline code meanwhile.
  bool baseline = false;
  int32_t priority = 0;    // higher first
  /// Background (when the engine has threads) or now, on the calling thread.
  bool background = true;
  /// Ask again after this many more calls / back-edges of the function (at least 1).
  int64_t nextCalls = kNever;
  int64_t nextBackEdges = kNever;
  std::string reason;      // for the event stream
};

/// Compilations a policy asks for when an instance is created (the `eager` policy).
struct ModuleRequest {
  std::vector<uint32_t> functions; // compiled as one unit
  bool background = false;
  std::string reason;
};

class TieringPolicy {
public:
  virtual ~TieringPolicy() = default;
  /// The policy's name and settings, as `--policy=` takes them.
  virtual std::string describe() const = 0;

  /// Countdowns of a function before its first notification.
  virtual Decision initial(const FunctionProfile &function) = 0;
  /// The call countdown ran out.
  virtual Decision onCall(const FunctionProfile &function, const CompilerState &compiler) = 0;
  /// The loop countdown ran out at a back-edge of `loop`.
  virtual Decision onBackEdge(const FunctionProfile &function, const LoopProfile &loop,
                              const CompilerState &compiler) = 0;
  /// When a module is instantiated for the first time.
  virtual std::vector<ModuleRequest> onModule(const wasm::Module & /*module*/) { return {}; }
};

/// A policy's knobs, "key=value" pairs, checked by the policy: unknown keys are errors.
class PolicySettings {
public:
  explicit PolicySettings(std::string policy) : policy_(std::move(policy)) {}
  std::map<std::string, std::string, std::less<>> values;

  /// A non-negative integer knob, or `fallback` when unset.
  Expected<int64_t> integer(std::string_view key, int64_t fallback);
  /// A non-negative number knob, or `fallback` when unset.
  Expected<double> number(std::string_view key, double fallback);
  /// `on`/`off`, or `fallback` when unset.
  Expected<bool> flag(std::string_view key, bool fallback);
  /// The knob `key` into `knob`, whose value is its default: an integer, a number or a flag by
  /// the knob's type.
  Status read(std::string_view key, int64_t &knob) { return store(integer(key, knob), knob); }
  Status read(std::string_view key, double &knob) { return store(number(key, knob), knob); }
  Status read(std::string_view key, bool &knob) { return store(flag(key, knob), knob); }
  /// An error naming the first key no getter asked for, if any.
  Status checkAllUsed() const;

private:
  template <typename T> static Status store(Expected<T> value, T &knob) {
    if (!value)
      return value.takeError();
    knob = *value;
    return Status::ok();
  }

  std::string policy_;
  std::map<std::string, bool, std::less<>> used_;
};

using PolicyFactory = std::function<Expected<std::unique_ptr<TieringPolicy>>(PolicySettings &)>;

struct PolicyInfo {
  std::string name;
  std::string description;
};

/// The built-in policies and those registered, sorted by name.
std::vector<PolicyInfo> policies();
/// Adds a policy from outside the built-in set, for every tiered engine created afterwards
/// (`--policy=NAME[:key=value,...]`). The factory reads its knobs from the settings; a knob
/// it does not read is an error, as for the built-in ones. Errors when the name is taken, is
/// empty or holds `:`, `,` or `=`.
Status registerPolicy(PolicyInfo info, PolicyFactory factory);
/// The default policy's name.
std::string_view defaultPolicy();
/// A policy from "NAME[:key=value,...]", with a clear error for an unknown name or knob.
Expected<std::unique_ptr<TieringPolicy>> createPolicy(std::string_view spec);

} // namespace strata::tiering
