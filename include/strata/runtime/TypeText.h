// Extern types as text for link errors: "func (i32) -> ()", "table funcref min 1 max 10",
// "memory min 1", "global mut i64". Depends on wasm/Types.h only.
#pragma once

#include "strata/wasm/Types.h"

#include <string>

namespace strata::runtime {

std::string describe(const wasm::FuncType &type);
std::string describe(const wasm::TableType &type);
std::string describe(const wasm::MemoryType &type);
std::string describe(const wasm::GlobalType &type);

} // namespace strata::runtime
