#include "strata/runtime/Activation.h"

#include "strata/runtime/CallContext.h"

namespace strata::runtime {

namespace {
thread_local Activation *innermost = nullptr;
}

const char *frameTierName(FrameTier tier) {
  switch (tier) {
  case FrameTier::Interpreter:
    return "interp";
  case FrameTier::Native:
    return "mlir";
  case FrameTier::NativeOsr:
    return "mlir-osr";
  case FrameTier::Host:
    return "host";
  case FrameTier::Compile:
    return "compile";
  }
  return "?";
}

Activation::Activation() : outer_(innermost) { innermost = this; }
Activation::~Activation() { innermost = outer_; }

Activation *innermostActivation() { return innermost; }

WorkActivation::~WorkActivation() {
  if (context_.isSampleRequested()) [[unlikely]]
    context_.takeRequestedSamples();
}

} // namespace strata::runtime
