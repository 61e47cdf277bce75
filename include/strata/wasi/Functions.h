// The functions of wasi_snapshot_preview1 as host functions: one per name the snapshot defines
// (46 with sock_accept), each bound to a WasiContext and working on its caller's memory. Link
// them under kModuleName; proc_exit (and a fatal proc_raise) ends the call with a trap of kind
// runtime::TrapKind::Exit whose exit code the embedder reads. Depends on runtime/ and
// wasi/Context.h; never on an engine or on api/.
#pragma once

#include "strata/runtime/Function.h"
#include "strata/wasi/Context.h"
#include "strata/wasm/Types.h"

#include <span>
#include <string_view>
#include <vector>

namespace strata::wasi {

inline constexpr std::string_view kModuleName = "wasi_snapshot_preview1";

struct WasiFunction {
  std::string_view name;
  wasm::FuncType type;
  runtime::HostCallback callback;
};

/// Every function of the snapshot, bound to `context`, which must outlive them.
std::vector<WasiFunction> wasiFunctions(WasiContext &context);

/// The snapshot's function names, in the snapshot's order.
std::span<const std::string_view> wasiFunctionNames();

} // namespace strata::wasi
