// The engines' activations on a thread's stack, innermost first, so that a profiler can read
// the Wasm call stack at any poll: an interpreter run, an entry into native code, a host call.
// Each activation is an object on the C++ stack of the engine that runs it; its address tells
// which machine frames (found by unwinding) lie inside it. Depends on the standard library.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace strata::wasm {
class Module;
}

namespace strata::runtime {

class CallContext;

/// Where a Wasm frame runs, or what the engine does for it (Compile: compiling it while its
/// caller waits).
enum class FrameTier : uint8_t { Interpreter, Native, NativeOsr, Host, Compile };
/// "interp", "mlir", "mlir-osr", "host", "compile"
const char *frameTierName(FrameTier tier);

struct SampledFrame {
  const wasm::Module *module = nullptr; // null for a host function
  uint32_t function = 0;                // index in the module's function index space
  FrameTier tier = FrameTier::Interpreter;
  const std::string *hostName = nullptr; // a host function's "module.name"
  bool operator==(const SampledFrame &) const = default;
};

class Activation {
public:
  Activation();
  virtual ~Activation();
  Activation(const Activation &) = delete;
  Activation &operator=(const Activation &) = delete;

  /// Appends this activation's Wasm frames, innermost first. `machineFrames` are the code
  /// addresses of the machine frames inside it (below its address, above the next inner
  /// activation), innermost first; only native code needs them.
  virtual void appendFrames(std::vector<SampledFrame> &frames,
                            std::span<const uintptr_t> machineFrames) const = 0;
  /// Whether appendFrames reads machine frames: only then does a sample unwind the stack.
  virtual bool needsMachineFrames() const { return false; }

  Activation *outer() const { return outer_; }
  uintptr_t stackAddress() const { return uintptr_t(this); }

private:
  Activation *outer_;
};

/// Work of an engine on the running thread outside Wasm code, such as compiling a function
/// before it runs: a frame of its own, innermost, for a profiler. The samples requested
/// meanwhile are taken when it ends, so they count as its time.
class WorkActivation final : public Activation {
public:
  WorkActivation(CallContext &context, const wasm::Module &module, uint32_t function,
                 FrameTier tier)
      : context_(context), frame_{&module, function, tier} {}
  ~WorkActivation() override;
  void appendFrames(std::vector<SampledFrame> &frames,
                    std::span<const uintptr_t>) const override {
    frames.push_back(frame_);
  }

private:
  CallContext &context_;
  SampledFrame frame_;
};

/// The innermost activation of the calling thread, or null.
Activation *innermostActivation();

} // namespace strata::runtime
