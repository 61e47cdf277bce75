// The interpreter's pre-decoded code: each function of a module translated into a stream of
// 32-bit words, one instruction being a handler address (two words) followed by its operands,
// which are frame slot indexes, immediates and pre-resolved branch offsets. The frame is
// [locals | operand stack] (DESIGN decision 2): the operand at height h lives in slot
// numLocalSlots + h, and at every block boundary and loop header every operand is in that slot,
// so the loop table below describes the interpreter state at each loop header exactly.
//
// Functions are translated eagerly or at their first call (CompiledModule::ensureTranslated);
// a function's fields are written once, before its `entry` is published.
// Depends on wasm/ only.
#pragma once

#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace strata::runtime {
class ModuleInstance;
}

namespace strata::interp {

/// A loop header: where OSR may leave the interpreter (DESIGN decision 8).
struct LoopHeader {
  uint32_t loopIndex = 0;  // into wasm::FunctionInfo::loops
  uint32_t codeOffset = 0; // word offset of the loop's first instruction
  uint64_t wasmOffset = 0; // the loop opcode
  uint32_t height = 0;     // operand slots live at the header, the loop's parameters included
  uint32_t root = 0;       // the outermost loop enclosing this one, or loopIndex itself
  bool outermost() const { return root == loopIndex; }
};

struct CompiledFunction;
struct InstanceContext;
struct NativeCalls;

/// Native code that runs a function on the interpreter's own frame (the baseline tier's,
/// lib/baseline). The dispatch loop enters it at the function's entry, after each call and at
/// loop headers; it comes back to the loop at calls it cannot make itself (NativeCalls),
/// returns to the loop, back-edges that must poll, and traps.
struct FrameCode {
  /// Runs `function`'s code at `at` on frame `fp`. Returns the code offset of the instruction
  /// where the dispatch loop goes on, with 0 in the high half, or a trap kind plus one there;
  /// the function is calls->exitFunction when that is set.
  using Enter = uint64_t (*)(const void *at, uint64_t *fp, uint8_t *memBase, uint64_t memSize,
                             InstanceContext *context, const std::atomic<bool> *poll,
                             const CompiledFunction *function, NativeCalls *calls);
  struct ResumePoint {
    uint32_t codeOffset;
    uint32_t nativeOffset;
  };
  Enter enter = nullptr;
  const uint8_t *code = nullptr;
  uint32_t codeSize = 0;
  std::vector<ResumePoint> resumePoints; // by codeOffset; the entry, at 0, is `code` itself

  /// The native code for the instruction at `codeOffset`, or null where it cannot be entered.
  const void *at(uint32_t codeOffset) const;
};

/// Maps a code position back to the WebAssembly instruction it came from.
struct PcEntry {
  uint32_t codeOffset;
  uint32_t wasmOffset; // relative to the module's start (modules are < 4 GiB)
};

struct CompiledFunction {
  uint32_t index = 0; // in the module's function index space
  uint32_t numParamSlots = 0;
  uint32_t numLocalSlots = 0; // parameters included
  uint32_t maxStackSlots = 0;
  uint32_t numResultSlots = 0;
  /// Slots a frame of this function needs: locals, operand stack, and room for results.
  uint32_t frameSlots = 0;
  std::vector<uint32_t> code;
  std::vector<PcEntry> pcMap; // instructions that may trap or call, by codeOffset
  std::vector<LoopHeader> loops;
  /// Native code over this function's frames, once a frame compiler made it (owned; set once,
  /// maybe while other threads run the function, which take it at their next entry or loop
  /// header).
  std::atomic<const FrameCode *> frameCode{nullptr};
  /// code.data() once translated, else null; load it (acquire) before reading the rest.
  std::atomic<const uint32_t *> entry{nullptr};
  /// Tiering countdowns, decremented at each entry and each loop back-edge; when one goes
  /// negative the interpreter asks its tier hooks (TierHooks.h) what to do. Far from zero
  /// unless a tiered engine arms them. Plain loads and stores: a lost decrement between
  /// threads only delays a notification.
  mutable std::atomic<int32_t> callCountdown{kNeverFires};
  mutable std::atomic<int32_t> loopCountdown{kNeverFires};
  static constexpr int32_t kNeverFires = INT32_MAX;
  /// The outermost loop with an OSR continuation, or -1. Back-edges of the loops inside it do
  /// not reach the tier hooks, for up to kInnerBackEdgeWait of them: OSR waits for the
  /// outermost loop's back-edge (TierHooks.h).
  mutable std::atomic<int32_t> osrRoot{-1};
  mutable std::atomic<uint32_t> innerBackEdgesWaited{0};
  static constexpr uint32_t kInnerBackEdgeWait = 1u << 21;

  CompiledFunction() = default;
  ~CompiledFunction() { delete frameCode.load(std::memory_order_relaxed); }
  CompiledFunction(const CompiledFunction &) = delete;
  CompiledFunction &operator=(const CompiledFunction &) = delete;

  bool isTranslated() const { return entry.load(std::memory_order_acquire) != nullptr; }
  /// The byte offset of the instruction at or before `codeOffset`, or ~0 when unknown.
  uint64_t wasmOffsetAt(uint32_t codeOffset) const;
  /// The loop whose header starts at `codeOffset`, or null. Loops are in code order.
  const LoopHeader *loopAt(uint32_t codeOffset) const;

  /// Counts one event; true when the countdown has run out.
  static bool tick(std::atomic<int32_t> &countdown) {
    int32_t left = countdown.load(std::memory_order_relaxed) - 1;
    countdown.store(left, std::memory_order_relaxed);
    return left < 0;
  }
};

/// The translator's optimizations, all on by default. Turned off, the translation is a plain
/// stack machine over frame slots: the baseline docs/interpreter.md measures them against.
struct TranslationOptions {
  bool foldLocals = true;    // operands read locals in place; results go straight to locals
  bool foldConstants = true; // constants become immediates of their consumers
  bool fuseBranches = true;  // a comparison and the br_if or if testing it become one
};

/// Translation statistics, for docs/interpreter.md and benchmarks.
struct TranslationStats {
  uint64_t functions = 0;   // translated so far
  uint64_t codeBytes = 0;   // WebAssembly function bodies translated
  uint64_t codeWords = 0;   // interpreter code produced
  uint64_t nanoseconds = 0; // time spent translating, and compiling frame code
  uint64_t framedFunctions = 0; // compiled by the frame compiler so far
  uint64_t framedCodeBytes = 0; // their WebAssembly function bodies

  TranslationStats &operator+=(const TranslationStats &other) {
    functions += other.functions;
    codeBytes += other.codeBytes;
    codeWords += other.codeWords;
    nanoseconds += other.nanoseconds;
    framedFunctions += other.framedFunctions;
    framedCodeBytes += other.framedCodeBytes;
    return *this;
  }
};

/// A tier that compiles translated functions into native code over the interpreter's frames
/// (FrameCode): the baseline tier. Must be thread-safe.
class FrameCompiler {
public:
  virtual ~FrameCompiler() = default;
  virtual Expected<std::unique_ptr<const FrameCode>> compile(const wasm::Module &module,
                                                             const CompiledFunction &function) = 0;
  /// Readies `instance` for this compiler's code and says whether the code may run there: the
  /// baseline tier's code without bounds checks needs every memory's guard region, and the
  /// fault handler watching them. Where it may not, the instance's functions run interpreted.
  /// `detach` undoes `attach` when the instance goes.
  virtual bool attach(const runtime::ModuleInstance &instance) = 0;
  virtual void detach(const runtime::ModuleInstance &instance) = 0;
  /// How the code checks memory accesses per instance, as Engine::memoryStatsJson says.
  virtual std::string memoryStatsJson() const = 0;
  /// Native code bytes made so far, and the time spent making them (translation not included).
  virtual uint64_t codeBytes() const = 0;
  virtual uint64_t nanoseconds() const = 0;
};

/// The interpreter code of one module, shared by all its instances.
class CompiledModule {
public:
  /// With a frame compiler, each function is also compiled by it once translated, or, with
  /// `framesOnRequest`, when ensureFrameCode asks (a tiered engine moving it up a tier).
  explicit CompiledModule(std::shared_ptr<const wasm::Module> module,
                          TranslationOptions options = {},
                          std::shared_ptr<FrameCompiler> frameCompiler = nullptr,
                          bool framesOnRequest = false);

  const wasm::Module &module() const { return *module_; }
  const std::shared_ptr<const wasm::Module> &sharedModule() const { return module_; }
  uint32_t numFunctions() const { return numFunctions_; }
  const TranslationOptions &options() const { return options_; }
  /// Whether frame code waits for ensureFrameCode (a tiered chain with a baseline tier).
  bool framesOnRequest() const { return frameCompiler_ && framesOnRequest_; }
  /// A defined function, by its index in the function index space; maybe not translated yet.
  const CompiledFunction &function(uint32_t functionIndex) const {
    return functions_[functionIndex - module_->numImportedFunctions];
  }

  /// Translates the function unless that is done; thread-safe, and a no-op once done.
  Status ensureTranslated(uint32_t functionIndex) const;
  /// Translates every function not yet translated.
  Status translateAll() const;
  /// Translates the function and compiles its frame code unless that is done; thread-safe.
  /// An error without a frame compiler.
  Status ensureFrameCode(uint32_t functionIndex) const;
  TranslationStats stats() const;

private:
  /// Runs the frame compiler on a translated function; under mutex_.
  Status compileFrameCode(CompiledFunction &function) const;
  uint32_t bodyBytes(uint32_t functionIndex) const;
  static uint64_t nanosecondsSince(std::chrono::steady_clock::time_point start);

  std::shared_ptr<const wasm::Module> module_;
  TranslationOptions options_;
  std::shared_ptr<FrameCompiler> frameCompiler_;
  bool framesOnRequest_;
  uint32_t numFunctions_;
  // Translation fills these in place; `entry` publishes each function.
  std::unique_ptr<CompiledFunction[]> functions_;
  mutable std::mutex mutex_;
  mutable TranslationStats stats_;
};

} // namespace strata::interp
