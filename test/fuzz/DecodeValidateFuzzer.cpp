// libFuzzer entry point: any byte string goes through the decoder and, when it decodes, the
// validator, once with the default features (WebAssembly 2.0) and once with the feature-dependent
// paths flipped (multi-memory on, SIMD off). Bad input is normal input (design decision 11), so
// the only failures are the sanitizers' (crash, leak, undefined behaviour) and the run's time
// and memory limits.
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <cstddef>
#include <cstdint>

using namespace strata::wasm;

static void decodeAndValidate(const uint8_t *data, size_t size, const Features &features) {
  auto module = decodeModule({data, size}, features);
  if (!module)
    return;
  strata::Status status = validateModule(**module);
  (void)status;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  decodeAndValidate(data, size, Features());
  Features flipped;
  flipped.multiMemory = true;
  flipped.simd = false;
  decodeAndValidate(data, size, flipped);
  return 0;
}
