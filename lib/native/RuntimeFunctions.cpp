// Definitions of the strata_rt_* functions. A function that raises a trap first lets every C++
// object of its own go out of scope: raiseTrap jumps over its frame.
#include "strata/native/RuntimeFunctions.h"
#include "strata/native/Entry.h"

#include "strata/engine/CallChecks.h"
#include "strata/engine/Engine.h"
#include "strata/engine/HostCallEngine.h"
#include "strata/runtime/Instance.h"

#include <cstdint>

using strata::runtime::FunctionInstance;
using strata::runtime::Ref;
using strata::runtime::Trap;
using strata::runtime::TrapKind;
using strata::runtime::VMContext;

namespace strata::native {
namespace {

/// The trap of a runtime check, with the Wasm frame of the raising function when known.
Trap *newTrap(VMContext *vmctx, TrapKind kind, int32_t function, int32_t offset) {
  runtime::CallContext &context = *runtime::threadNativeLimits().context;
  auto *trap = new Trap(kind == TrapKind::CallStackExhausted ? engine::callStackExhausted(context)
                        : kind == TrapKind::Interrupted      ? engine::interrupted(context)
                                                             : Trap(kind));
  if (function >= 0) {
    runtime::TrapFrame frame;
    frame.module = vmctx->instance->name();
    frame.function = uint32_t(function);
    frame.functionName = vmctx->instance->module().functionName(uint32_t(function));
    if (offset >= 0)
      frame.offset = uint32_t(offset);
    trap->trace().push_back(std::move(frame));
  }
  return trap;
}

[[noreturn]] void trapAt(VMContext *vmctx, TrapKind kind) {
  raiseTrap(newTrap(vmctx, kind, -1, -1));
}

/// Calls a function without native code; returns its trap, if any, for the caller to raise.
Trap *callSlow(VMContext *vmctx, FunctionInstance *function, uint64_t *slots) {
  runtime::CallContext &context = *runtime::threadNativeLimits().context;
  std::span<uint64_t> argsAndResults(slots, function->argSlots());
  // The callee checks the context's depth: publish the native frames to it meanwhile.
  uint32_t published =
      context.enterFramesUpTo(uint32_t(int64_t(context.maxCallDepth()) - runtime::threadNativeLimits().depthLeft));
  bool wasNative = setRunningNativeCode(false);
  runtime::CallStatus status;
  if (function->isHost()) {
    status = engine::HostCallEngine::invoke(context, *function, vmctx->instance, argsAndResults);
  } else if (engine::ModuleEngine *engine = function->module()->moduleEngine()) {
    status = engine->invoke(context, *function, argsAndResults);
  } else {
    status = Trap(TrapKind::HostError,
                  "cannot call " + function->displayName() + ": its instance has no engine");
  }
  setRunningNativeCode(wasNative);
  context.leaveFrames(published);
  return status ? nullptr : status.takeTrap().release();
}

} // namespace
} // namespace strata::native

using namespace strata;
using namespace strata::native;

extern "C" {

[[noreturn]] void strata_rt_trap(VMContext *vmctx, int32_t kind, int32_t function,
                                 int32_t offset) {
  raiseTrap(newTrap(vmctx, TrapKind(kind), function, offset));
}

void strata_rt_poll(VMContext *vmctx, int32_t function) {
  if (runtime::threadNativeLimits().context->shouldStop())
    raiseTrap(newTrap(vmctx, TrapKind::Interrupted, function, -1));
}

int32_t strata_rt_memory_grow(VMContext *vmctx, int32_t delta) {
  return int32_t(vmctx->memory->grow(uint32_t(delta)));
}

void strata_rt_memory_fill(VMContext *vmctx, int32_t dest, int32_t value, int32_t size) {
  if (!vmctx->memory->fill(uint32_t(dest), uint8_t(value), uint32_t(size)))
    trapAt(vmctx, TrapKind::MemoryOutOfBounds);
}

void strata_rt_memory_copy(VMContext *vmctx, int32_t dest, int32_t source, int32_t size) {
  if (!vmctx->memory->copy(uint32_t(dest), uint32_t(source), uint32_t(size)))
    trapAt(vmctx, TrapKind::MemoryOutOfBounds);
}

void strata_rt_memory_init(VMContext *vmctx, int32_t segment, int32_t dest, int32_t source,
                           int32_t size) {
  if (!vmctx->memory->init(uint32_t(dest), vmctx->instance->dataSegment(uint32_t(segment)),
                           uint32_t(source), uint32_t(size)))
    trapAt(vmctx, TrapKind::MemoryOutOfBounds);
}

void strata_rt_data_drop(VMContext *vmctx, int32_t segment) {
  vmctx->instance->dropDataSegment(uint32_t(segment));
}

int64_t strata_rt_table_get(VMContext *vmctx, int32_t table, int32_t index) {
  Ref ref;
  if (!vmctx->tables[table]->get(uint32_t(index), ref))
    trapAt(vmctx, TrapKind::TableOutOfBounds);
  return int64_t(ref);
}

void strata_rt_table_set(VMContext *vmctx, int32_t table, int32_t index, int64_t ref) {
  if (!vmctx->tables[table]->set(uint32_t(index), Ref(ref)))
    trapAt(vmctx, TrapKind::TableOutOfBounds);
}

int32_t strata_rt_table_size(VMContext *vmctx, int32_t table) {
  return int32_t(vmctx->tables[table]->size());
}

int32_t strata_rt_table_grow(VMContext *vmctx, int32_t table, int64_t init, int32_t delta) {
  return int32_t(vmctx->tables[table]->grow(uint32_t(delta), Ref(init)));
}

void strata_rt_table_fill(VMContext *vmctx, int32_t table, int32_t dest, int64_t ref,
                          int32_t size) {
  if (!vmctx->tables[table]->fill(uint32_t(dest), Ref(ref), uint32_t(size)))
    trapAt(vmctx, TrapKind::TableOutOfBounds);
}

void strata_rt_table_copy(VMContext *vmctx, int32_t destTable, int32_t sourceTable, int32_t dest,
                          int32_t source, int32_t size) {
  if (!vmctx->tables[destTable]->copyFrom(uint32_t(dest), *vmctx->tables[sourceTable],
                                          uint32_t(source), uint32_t(size)))
    trapAt(vmctx, TrapKind::TableOutOfBounds);
}

void strata_rt_table_init(VMContext *vmctx, int32_t table, int32_t segment, int32_t dest,
                          int32_t source, int32_t size) {
  if (!vmctx->tables[table]->init(uint32_t(dest),
                                  vmctx->instance->elementSegment(uint32_t(segment)),
                                  uint32_t(source), uint32_t(size)))
    trapAt(vmctx, TrapKind::TableOutOfBounds);
}

void strata_rt_elem_drop(VMContext *vmctx, int32_t segment) {
  vmctx->instance->dropElementSegment(uint32_t(segment));
}

void strata_rt_call_function(VMContext *vmctx, FunctionInstance *function, uint64_t *slots) {
  if (Trap *trap = callSlow(vmctx, function, slots))
    raiseTrap(trap);
}

} // extern "C"

namespace strata::native {

std::span<const std::pair<const char *, void *>> runtimeFunctionSymbols() {
  static const std::pair<const char *, void *> symbols[] = {
#define STRATA_RT_FUNCTION(name, ...)                                                             \
  {"strata_rt_" #name, reinterpret_cast<void *>(&strata_rt_##name)},
#include "strata/native/RuntimeFunctions.def"
  };
  return symbols;
}

} // namespace strata::native
