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

/// When functions are translated: all in compileModule, or each at its first call.
enum class TranslationMode : uint8_t { Eager, Lazy };

/// The interpreter code of a validated module; with Eager, every function is translated now.
/// With a frame compiler, every function is also compiled by it once translated, or with
/// `framesOnRequest` when CompiledModule::ensureFrameCode asks.
Expected<std::shared_ptr<const CompiledModule>>
translateModule(const std::shared_ptr<const wasm::Module> &module,
                TranslationMode mode = TranslationMode::Eager, TranslationOptions options = {},
                std::shared_ptr<FrameCompiler> frameCompiler = nullptr,
                bool framesOnRequest = false);

/// True when the interpreter's instruction tables give `opcode` its own form (numeric
/// instructions, loads and stores); the rest are translated by hand.
bool hasInterpreterForm(wasm::Opcode opcode);

/// Translates one defined function (index in the function index space) into `out`, which
/// must not be published yet.
Status translateFunction(const wasm::Module &module, uint32_t functionIndex, CompiledFunction &out,
                         const TranslationOptions &options = {});

} // namespace strata::interp
