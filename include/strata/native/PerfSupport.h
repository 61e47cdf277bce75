// What Linux perf needs to name and disassemble native Wasm code: the perf map
// (/tmp/perf-PID.map, names for `perf report`) and the jitdump file (/tmp/jit-PID.dump, the
// code itself for `perf inject --jit`, then `perf annotate`). Both are process-wide and list
// what the native tiers register (CodeMap.h) from the moment they are asked for.
#pragma once

#include "strata/native/CodeMap.h"
#include "strata/support/Error.h"

#include <optional>
#include <span>
#include <string>

namespace strata::native {

/// From now on every native code range is appended to /tmp/perf-<pid>.map as
/// `START SIZE wasm:[MODULE!]NAME[$osr<L>|$array] [TIER]` (MODULE: wasm::Module::displayName,
/// left out when empty; NAME: the name section's, or f<N>; TIER: mlir or baseline). Fails when
/// the file cannot be created.
Status writePerfMap();
/// From now on every native code range is also recorded, code bytes and all, in
/// /tmp/jit-<pid>.dump, which the process maps executable so that `perf record -k mono` notes
/// it and `perf inject --jit` finds it. Timestamps are CLOCK_MONOTONIC's, as `-k mono` wants.
Status writeJitDump();
/// The files written, while they are.
std::optional<std::string> perfMapPath();
std::optional<std::string> jitDumpPath();

/// Whether either file is being written.
bool perfWanted();
/// Called by registerNativeCode with what it registers, and by the baseline tier with each
/// function it compiles: tells the files asked for.
void announceToPerf(std::span<const NativeFunctionCode> functions);

} // namespace strata::native
