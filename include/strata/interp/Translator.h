// Translation of validated WebAssembly function bodies into the interpreter's pre-decoded code
// (Code.h): register-style instructions that read and write frame slots directly, locals and
// constants folded into their consumers, compare-and-branch fused, branch targets resolved.
// SIMD instructions are not supported by this tier. Depends on wasm/ and interp/Code.h.
#pragma once

#include "strata/interp/Code.h"
#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <memory>

namespace strata::interp {

/// Translates every defined function of a validated module.
Expected<std::shared_ptr<const CompiledModule>>
translateModule(const std::shared_ptr<const wasm::Module> &module);

/// Translates one defined function (index in the function index space) into `out`.
Status translateFunction(const wasm::Module &module, uint32_t functionIndex,
                         CompiledFunction &out);

} // namespace strata::interp
