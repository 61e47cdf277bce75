#include "strata/runtime/CallContext.h"

namespace strata::runtime {

void CallContext::takeRequestedSamples() {
  if (uint32_t ticks = pendingSamples_.exchange(0); ticks != 0 && sampler_)
    sampler_->takeSample(*this, ticks);
  // Cleared before the requests are read again, so that one made meanwhile is not lost.
  attention_.store(false);
  if (interrupted_.load() || pendingSamples_.load() != 0)
    attention_.store(true);
}

} // namespace strata::runtime
