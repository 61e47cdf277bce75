// The baseline tier's compiler: interpreter code in, native code out, one stencil copied and
// patched per instruction (StencilTable.h), in two linear passes (layout, then copy and patch).
// The code runs on the interpreter's frames (interp::FrameCode). Private to lib/baseline.
#pragma once

#include "CodeArena.h"
#include "ResultRegister.h"
#include "StencilTable.h"

#include "strata/interp/Code.h"
#include "strata/native/GuardPages.h"

#include <array>
#include <atomic>
#include <memory>
#include <vector>

namespace strata::baseline {

class StencilCompiler final : public interp::FrameCompiler {
public:
  /// With `guardPages`, loads and stores leave bounds to the memory's guard region (the
  /// guarded stencils), and the code runs only in instances whose memories all have one.
  /// Without `tierAbove` (an engine with no tier above), back-edges and calls use the
  /// `__uncounted` stencils: back-edges only poll, and no countdown asks the tier hooks.
  explicit StencilCompiler(bool guardPages, bool tierAbove = true);
  ~StencilCompiler() override;

  /// Also announces the code to perf when perf's files are written (native/PerfSupport.h).
  Expected<std::unique_ptr<const interp::FrameCode>>
  compile(const wasm::Module &module, const interp::CompiledFunction &function) override;

  /// An instruction's place in the native code, for listings.
  struct Placed {
    uint32_t codeOffset;   // in the interpreter code
    uint16_t op;           // interp::Op
    uint32_t nativeOffset; // of its stencil's copy
    int registerOperand;   // the operand word its variant takes from a result register, or -1
    bool floatRegister;    // that register is the float one
  };
  /// compile(), also telling where each instruction went and where the instructions' code
  /// ends (jump tables, data and veneers follow).
  Expected<std::unique_ptr<const interp::FrameCode>>
  compileListed(const interp::CompiledFunction &function, std::vector<Placed> &placed,
                uint32_t &instructionBytes);

  bool attach(const runtime::ModuleInstance &instance) override;
  void detach(const runtime::ModuleInstance &instance) override;
  std::string memoryStatsJson() const override { return boundsChecks_.json(); }
  uint64_t codeBytes() const override { return codeBytes_.load(std::memory_order_relaxed); }
  uint64_t nanoseconds() const override { return nanoseconds_.load(std::memory_order_relaxed); }

private:
  struct Layout;
  Expected<std::unique_ptr<const interp::FrameCode>>
  compileWith(const interp::CompiledFunction &function, Layout &layout);
  static constexpr uint16_t kNoOp = 0xFFFF;
  /// The instruction whose handler is at `handler`, or kNoOp.
  uint16_t opOf(const void *handler) const;

  /// The stencil of each interpreter instruction, by Op (the guarded one where there is one
  /// and guard pages are on), whether it is guarded, and whether it branches to a host
  /// function (which needs a veneer).
  std::vector<const Stencil *> stencils_;
  std::vector<bool> guarded_;
  std::vector<bool> branchesToHost_; // the stencil's or one of its variants'
  /// By Op: the variant taking operand word k from the integer result register (index k) or
  /// the float one (kRegisterOperands + k), or null (ResultRegister.h); which register the
  /// instruction leaves its result in; and a bit per operand word that holds a branch target.
  static constexpr unsigned kRegisterOperands = 4;
  std::vector<std::array<const Stencil *, 2 * kRegisterOperands>> fromRegister_;
  std::vector<ResultRegister> resultRegister_;
  std::vector<uint8_t> targetOperands_;
  /// By Op: for a load or store, the operand word of its offset, and the stencil for offsets
  /// of 2^31 and above (`__wide`, Stencils.cpp; the others use theirs as a displacement).
  std::vector<uint8_t> offsetOperand_;
  std::vector<const Stencil *> wide_;
  /// Handler address to Op: a dense table over the handlers' address range, in steps no wider
  /// than the closest two handlers, so that a lookup is one load and one compare.
  uintptr_t lowestHandler_ = 0;
  unsigned handlerShift_ = 0;
  std::vector<uint16_t> opByHandler_;
  std::vector<const void *> externals_;
  bool guardPages_;
  native::BoundsCheckChoice boundsChecks_;
  /// The guarded accesses of each function compiled, registered with the fault handler.
  std::mutex faultSitesMutex_;
  std::vector<std::pair<native::FaultReturnsHandle, std::unique_ptr<native::FaultReturnSite[]>>>
      faultSites_;
  CodeArena arena_;
  interp::FrameCode::Enter enter_ = nullptr;
  std::atomic<uint64_t> codeBytes_{0}, nanoseconds_{0};
};

} // namespace strata::baseline
