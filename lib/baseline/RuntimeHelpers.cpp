#include "RuntimeHelpers.h"

#include "strata/interp/Interpreter.h"
#include "strata/runtime/Memory.h"
#include "strata/runtime/Table.h"

using strata::runtime::TrapKind;

static uint32_t trapUnless(bool ok, TrapKind kind) { return ok ? 0 : uint32_t(kind) + 1; }

extern "C" {

uint32_t strata_baseline_tier_call(NativeCalls *calls, const CompiledFunction *callee,
                                   InstanceContext *context, uint64_t *args,
                                   const CompiledFunction *caller) {
  using Outcome = strata::interp::TierHooks::Outcome;
  switch (strata::interp::tierCallFromNativeCode(*calls, *callee, *context, args, *caller)) {
  case Outcome::Interpret:
    return 0;
  case Outcome::Finished:
    return 1;
  case Outcome::Trapped:
    break;
  }
  return 2;
}

uint32_t strata_baseline_memory_grow(InstanceContext *context, uint32_t deltaPages,
                                     uint8_t **memBase, uint64_t *memSize) {
  uint32_t old = uint32_t(context->memory->grow(deltaPages));
  *memBase = context->memory->base();
  *memSize = context->memory->size();
  return old;
}

uint32_t strata_baseline_memory_init(InstanceContext *context, uint32_t segment, uint32_t dest,
                                     uint32_t source, uint32_t size) {
  return trapUnless(context->memory->init(dest, context->instance->dataSegment(segment), source,
                                          size),
                    TrapKind::MemoryOutOfBounds);
}

void strata_baseline_data_drop(InstanceContext *context, uint32_t segment) {
  context->instance->dropDataSegment(segment);
}

uint32_t strata_baseline_memory_copy(InstanceContext *context, uint32_t dest, uint32_t source,
                                     uint32_t size) {
  return trapUnless(context->memory->copy(dest, source, size), TrapKind::MemoryOutOfBounds);
}

uint32_t strata_baseline_memory_fill(InstanceContext *context, uint32_t dest, uint32_t value,
                                     uint32_t size) {
  return trapUnless(context->memory->fill(dest, uint8_t(value), size),
                    TrapKind::MemoryOutOfBounds);
}

uint32_t strata_baseline_table_get(InstanceContext *context, uint32_t table, uint32_t index,
                                   uint64_t *result) {
  strata::runtime::Ref ref;
  if (!context->tables[table]->get(index, ref))
    return uint32_t(TrapKind::TableOutOfBounds) + 1;
  *result = ref;
  return 0;
}

uint32_t strata_baseline_table_set(InstanceContext *context, uint32_t table, uint32_t index,
                                   uint64_t reference) {
  return trapUnless(context->tables[table]->set(index, reference), TrapKind::TableOutOfBounds);
}

uint32_t strata_baseline_table_size(InstanceContext *context, uint32_t table) {
  return context->tables[table]->size();
}

uint32_t strata_baseline_table_grow(InstanceContext *context, uint32_t table, uint64_t init,
                                    uint32_t delta) {
  return uint32_t(context->tables[table]->grow(delta, init));
}

uint32_t strata_baseline_table_fill(InstanceContext *context, uint32_t table, uint32_t index,
                                    uint64_t reference, uint32_t size) {
  return trapUnless(context->tables[table]->fill(index, reference, size),
                    TrapKind::TableOutOfBounds);
}

uint32_t strata_baseline_table_copy(InstanceContext *context, uint32_t destTable,
                                    uint32_t sourceTable, uint32_t dest, uint32_t source,
                                    uint32_t size) {
  return trapUnless(
      context->tables[destTable]->copyFrom(dest, *context->tables[sourceTable], source, size),
      TrapKind::TableOutOfBounds);
}

uint32_t strata_baseline_table_init(InstanceContext *context, uint32_t table, uint32_t segment,
                                    uint32_t dest, uint32_t source, uint32_t size) {
  return trapUnless(context->tables[table]->init(dest, context->instance->elementSegment(segment),
                                                 source, size),
                    TrapKind::TableOutOfBounds);
}

void strata_baseline_elem_drop(InstanceContext *context, uint32_t segment) {
  context->instance->dropElementSegment(segment);
}
}
