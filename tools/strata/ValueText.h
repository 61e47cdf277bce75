// WebAssembly values as command-line text: arguments parsed by their parameter type, results
// printed so that they read back to the same bits (NaN payloads and signs included).
#pragma once

#include "strata/runtime/Value.h"
#include "strata/support/Error.h"

#include <string>
#include <string_view>

namespace strata::tools {

/// i32/i64 as signed decimal; floats in the shortest text that round-trips, NaNs as
/// `nan:0x400000` / `-nan:0x...` (the payload); v128 as `i32x4 0x... 0x... 0x... 0x...` (lane 0
/// first); references as `null`, `funcref` or `externref:N`.
std::string formatValue(const runtime::Value &value);

/// Parses `text` as a value of `type`. Integers: decimal (signed or unsigned) or hex (`0x`);
/// floats: decimal or hex floats, `inf`, `nan`, `nan:0xPAYLOAD`, each with an optional sign;
/// v128: a shape (`i8x16`, `i16x8`, `i32x4`, `i64x2`, `f32x4`, `f64x2`) and its lanes separated
/// by spaces; externref: `null` or `N`; funcref: `null`.
Expected<runtime::Value> parseValue(wasm::ValType type, std::string_view text);

/// The host value of `externref N`: N + 1, so that `externref 0` is not null.
inline runtime::Value externRefValue(uint64_t n) {
  return runtime::Value::fromBits(wasm::ValType::ExternRef, n + 1);
}

} // namespace strata::tools
