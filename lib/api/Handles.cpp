#include "strata/api/Handles.h"

#include "strata/api/Runtime.h"
#include "strata/engine/Engine.h"

#include <cstring>

namespace strata::api {

std::string CallResult::message() const {
  if (trap_)
    return trap_->message();
  if (error_)
    return error_->message();
  return {};
}

Function &Function::operator=(const Function &other) {
  runtime_ = other.runtime_;
  function_ = other.function_;
  callEngine_.reset();
  return *this;
}
Function::Function(Function &&) noexcept = default;
Function &Function::operator=(Function &&) noexcept = default;
Function::~Function() = default;

CallResult Function::call(std::span<const Value> params) const {
  return call(params, runtime_->callContext());
}

CallResult Function::call(std::span<const Value> params, runtime::CallContext &context) const {
  CallResult result;
  if (!callEngine_) {
    auto callEngine = engine::newCallEngine(*function_, nullptr);
    if (!callEngine) {
      result.error_ = callEngine.takeError();
      return result;
    }
    callEngine_ = std::move(*callEngine);
  }
  std::unique_ptr<runtime::Trap> trap;
  auto values = callEngine_->callValues(context, params, &trap);
  if (!values) {
    if (trap)
      result.trap_ = std::move(trap);
    else
      result.error_ = values.takeError();
    return result;
  }
  result.values_ = std::move(*values);
  return result;
}

Expected<uint32_t> Memory::grow(uint32_t deltaPages) const {
  int64_t old = memory_->grow(deltaPages);
  if (old < 0)
    return Error("memory cannot grow by " + std::to_string(deltaPages) + " pages from " +
                 std::to_string(memory_->pages()) + " (maximum " +
                 std::to_string(memory_->maxPages()) + ")");
  return uint32_t(old);
}

static Error outOfBounds(uint64_t offset, uint64_t length, uint64_t size) {
  return Error("out of bounds memory access: " + std::to_string(length) + " bytes at " +
               std::to_string(offset) + " in a memory of " + std::to_string(size) + " bytes");
}

Status Memory::read(uint64_t offset, std::span<uint8_t> out) const {
  if (!memory_->inBounds(offset, out.size()))
    return outOfBounds(offset, out.size(), memory_->size());
  std::memcpy(out.data(), memory_->base() + offset, out.size());
  return Status::ok();
}

Status Memory::write(uint64_t offset, std::span<const uint8_t> bytes) const {
  if (!memory_->inBounds(offset, bytes.size()))
    return outOfBounds(offset, bytes.size(), memory_->size());
  std::memcpy(memory_->base() + offset, bytes.data(), bytes.size());
  return Status::ok();
}

Expected<Value> Table::get(uint32_t index) const {
  runtime::Ref ref;
  if (!table_->get(index, ref))
    return Error("out of bounds table access: index " + std::to_string(index) +
                 " in a table of " + std::to_string(table_->size()));
  return Value::fromBits(table_->elemType(), ref);
}

Status Table::set(uint32_t index, const Value &value) const {
  if (value.type() != table_->elemType())
    return Error(std::string("table holds ") + wasm::toString(table_->elemType()) + ", not " +
                 wasm::toString(value.type()));
  if (!table_->set(index, value.ref()))
    return Error("out of bounds table access: index " + std::to_string(index) +
                 " in a table of " + std::to_string(table_->size()));
  return Status::ok();
}

Expected<uint32_t> Table::grow(uint32_t delta, const Value &init) const {
  if (init.type() != table_->elemType())
    return Error(std::string("table holds ") + wasm::toString(table_->elemType()) + ", not " +
                 wasm::toString(init.type()));
  int64_t old = table_->grow(delta, init.ref());
  if (old < 0)
    return Error("table cannot grow by " + std::to_string(delta) + " from " +
                 std::to_string(table_->size()));
  return uint32_t(old);
}

Status Global::set(const Value &value) const {
  if (!global_->type().isMutable)
    return Error("global is immutable");
  if (value.type() != global_->type().type)
    return Error(std::string("global holds ") + wasm::toString(global_->type().type) +
                 ", not " + wasm::toString(value.type()));
  global_->setValue(value);
  return Status::ok();
}

std::vector<ExportInfo> Instance::exports() const {
  std::vector<ExportInfo> list;
  for (const wasm::Export &e : instance_->module().exports)
    list.push_back({e.name, e.kind});
  return list;
}

Expected<const runtime::Extern *> Instance::findExport(std::string_view name,
                                                     wasm::ExternKind kind) const {
  const runtime::Extern *found = instance_->findExport(name);
  if (!found)
    return Error("no export named \"" + std::string(name) + "\"");
  if (found->kind() != kind)
    return Error("export \"" + std::string(name) + "\" is a " + wasm::toString(found->kind()) +
                 ", not a " + wasm::toString(kind));
  return found;
}

Expected<Function> Instance::function(std::string_view name) const {
  auto e = findExport(name, wasm::ExternKind::Func);
  return e ? Expected<Function>(Function(runtime_, (*e)->function())) : e.takeError();
}

Expected<Memory> Instance::memory(std::string_view name) const {
  auto e = findExport(name, wasm::ExternKind::Memory);
  return e ? Expected<Memory>(Memory((*e)->memory())) : e.takeError();
}

Expected<Table> Instance::table(std::string_view name) const {
  auto e = findExport(name, wasm::ExternKind::Table);
  return e ? Expected<Table>(Table((*e)->table())) : e.takeError();
}

Expected<Global> Instance::global(std::string_view name) const {
  auto e = findExport(name, wasm::ExternKind::Global);
  return e ? Expected<Global>(Global((*e)->global())) : e.takeError();
}

} // namespace strata::api
