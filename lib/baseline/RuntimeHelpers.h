// The host functions baseline stencils call for what is more than a few instructions: memory
// growth, bulk memory and tables. C linkage, so that a stencil reaches each by its plain name
// through a veneer. Those that can trap return 0 or a trap kind plus one, the high half of a
// stencil's exit code. Each is the interpreter's handler body (interp/RuntimeOps.h).
#pragma once

#include <cstdint>

namespace strata::interp {
struct CompiledFunction;
struct InstanceContext;
struct NativeCalls;
} // namespace strata::interp

extern "C" {
using strata::interp::CompiledFunction;
using strata::interp::InstanceContext;
using strata::interp::NativeCalls;

/// A native call's tiering countdown ran out (interp::tierCallFromNativeCode): 0 to make the
/// call in baseline code after all, 1 when it ran elsewhere (results in place), 2 after a trap.
uint32_t strata_baseline_tier_call(NativeCalls *calls, const CompiledFunction *callee,
                                   InstanceContext *context, uint64_t *args,
                                   const CompiledFunction *caller);

/// Grows memory 0 and refreshes the caller's view of it; returns the old size or -1.
uint32_t strata_baseline_memory_grow(InstanceContext *context, uint32_t deltaPages,
                                     uint8_t **memBase, uint64_t *memSize);
uint32_t strata_baseline_memory_init(InstanceContext *context, uint32_t segment, uint32_t dest,
                                     uint32_t source, uint32_t size);
void strata_baseline_data_drop(InstanceContext *context, uint32_t segment);
uint32_t strata_baseline_memory_copy(InstanceContext *context, uint32_t dest, uint32_t source,
                                     uint32_t size);
uint32_t strata_baseline_memory_fill(InstanceContext *context, uint32_t dest, uint32_t value,
                                     uint32_t size);
uint32_t strata_baseline_table_get(InstanceContext *context, uint32_t table, uint32_t index,
                                   uint64_t *result);
uint32_t strata_baseline_table_set(InstanceContext *context, uint32_t table, uint32_t index,
                                   uint64_t reference);
uint32_t strata_baseline_table_size(InstanceContext *context, uint32_t table);
uint32_t strata_baseline_table_grow(InstanceContext *context, uint32_t table, uint64_t init,
                                    uint32_t delta);
uint32_t strata_baseline_table_fill(InstanceContext *context, uint32_t table, uint32_t index,
                                    uint64_t reference, uint32_t size);
uint32_t strata_baseline_table_copy(InstanceContext *context, uint32_t destTable,
                                    uint32_t sourceTable, uint32_t dest, uint32_t source,
                                    uint32_t size);
uint32_t strata_baseline_table_init(InstanceContext *context, uint32_t table, uint32_t segment,
                                    uint32_t dest, uint32_t source, uint32_t size);
void strata_baseline_elem_drop(InstanceContext *context, uint32_t segment);
}
