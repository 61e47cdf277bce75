// libFuzzer entry point: any byte string goes through the decoder and, when it decodes, the
// validator. Bad input is normal input (design decision 11), so the only failures are the
// sanitizers' (crash, leak, undefined behaviour) and the run's time and memory limits.
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto module = strata::wasm::decodeModule({data, size});
  if (!module)
    return 0;
  strata::Status status = strata::wasm::validateModule(**module);
  (void)status;
  return 0;
}
