// The baseline tier's compiler: interpreter code in, native code out, one stencil copied and
// patched per instruction (StencilTable.h), in two linear passes (layout, then copy and patch).
// The code runs on the interpreter's frames (interp::FrameCode). Private to lib/baseline.
#pragma once

#include "CodeArena.h"
#include "StencilTable.h"

#include "strata/interp/Code.h"

#include <atomic>
#include <memory>
#include <unordered_map>
#include <vector>

namespace strata::baseline {

class StencilCompiler final : public interp::FrameCompiler {
public:
  StencilCompiler();

  Expected<std::unique_ptr<const interp::FrameCode>>
  compile(const interp::CompiledFunction &function) override;

  uint64_t codeBytes() const override { return codeBytes_.load(std::memory_order_relaxed); }
  uint64_t nanoseconds() const override { return nanoseconds_.load(std::memory_order_relaxed); }

private:
  struct Layout;
  /// The stencil of each interpreter instruction, by Op.
  std::vector<const Stencil *> stencils_;
  std::unordered_map<const void *, uint16_t> opOfHandler_;
  std::vector<const void *> externals_;
  CodeArena arena_;
  interp::FrameCode::Enter enter_ = nullptr;
  std::atomic<uint64_t> codeBytes_{0}, nanoseconds_{0};
};

} // namespace strata::baseline
