#include "strata/engine/Engine.h"

#include "strata/engine/HostCallEngine.h"

namespace strata::engine {

std::vector<runtime::Ref>
ModuleEngine::createFuncElementInstance(std::span<const uint32_t> indexes) {
  std::vector<runtime::Ref> refs;
  refs.reserve(indexes.size());
  for (uint32_t index : indexes)
    refs.push_back(runtime::toRef(instance_.function(index)));
  return refs;
}

runtime::CallStatus ModuleEngine::invoke(runtime::CallContext &context,
                                         runtime::FunctionInstance &function,
                                         std::span<uint64_t> argsAndResults) {
  auto callEngine = newCallEngine(function);
  if (!callEngine)
    return runtime::Trap(runtime::TrapKind::HostError, callEngine.error().message());
  return (*callEngine)->call(context, argsAndResults);
}

static Status checkArguments(const wasm::FuncType &type,
                             std::span<const runtime::Value> params) {
  if (params.size() != type.params.size())
    return Error("argument count mismatch: expected " + std::to_string(type.params.size()) +
                 ", got " + std::to_string(params.size()));
  for (size_t i = 0; i < params.size(); ++i)
    if (params[i].type() != type.params[i])
      return Error("argument " + std::to_string(i) + " type mismatch: expected " +
                   wasm::toString(type.params[i]) + ", got " +
                   wasm::toString(params[i].type()));
  return Status::ok();
}

Expected<std::vector<runtime::Value>>
CallEngine::callValues(runtime::CallContext &context, std::span<const runtime::Value> params,
                       std::unique_ptr<runtime::Trap> *trapOut) {
  const runtime::FunctionInstance &callee = function();
  const wasm::FuncType &type = callee.type();
  if (Status status = checkArguments(type, params); !status)
    return status.takeError();

  std::vector<uint64_t> slots(callee.argSlots());
  uint64_t *slot = slots.data();
  for (const runtime::Value &param : params) {
    param.toSlots(slot);
    slot += wasm::slotCount(param.type());
  }
  if (runtime::CallStatus status = call(context, slots); !status) {
    Error error(status.trap().message());
    if (trapOut)
      *trapOut = status.takeTrap();
    return error;
  }

  std::vector<runtime::Value> results;
  results.reserve(type.results.size());
  slot = slots.data();
  for (wasm::ValType t : type.results) {
    results.push_back(runtime::Value::fromSlots(t, slot));
    slot += wasm::slotCount(t);
  }
  return results;
}

Expected<std::unique_ptr<CallEngine>> newCallEngine(runtime::FunctionInstance &function,
                                                    runtime::ModuleInstance *caller) {
  if (function.isHost())
    return std::unique_ptr<CallEngine>(std::make_unique<HostCallEngine>(function, caller));
  ModuleEngine *engine = function.module()->moduleEngine();
  if (!engine)
    return Error("cannot call " + function.displayName() + ": its instance has no engine");
  return engine->newCallEngine(function);
}

} // namespace strata::engine
