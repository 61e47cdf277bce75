// Function bodies: the instructions typed by hand (calls, variables, tables, references, select),
// the index spaces they name, errors, and the general path that checks any instruction from a
// readInstruction result.
#include "FunctionValidatorImpl.h"

namespace strata::wasm {

using namespace detail;

std::string detail::describe(ValType type, const char *unknown) {
  return type == kUnknown ? unknown : toString(type);
}

//===--- Errors ---------------------------------------------------------------------------===//

bool FunctionValidator::Impl::fail(std::string reason) {
  error_ = Error(std::move(reason), offset());
  return false;
}

bool FunctionValidator::Impl::failUnknown(const char *space, uint32_t index) {
  return fail(std::string("unknown ") + space + " " + std::to_string(index));
}

bool FunctionValidator::Impl::failMismatch(ValType expected, ValType actual) {
  return fail("type mismatch: expected " + describe(expected, "a value") + ", got " +
              describe(actual, "nothing"));
}

bool FunctionValidator::Impl::failTooHigh() {
  return fail("operand stack exceeds " + std::to_string(kMaxOperandSlots) + " slots");
}

bool FunctionValidator::Impl::failRead() {
  error_ = reader_.error();
  return false;
}

bool FunctionValidator::Impl::popListSlow(TypeList types) {
  for (uint32_t i = types.size; i-- > 0;)
    if (!popExpect(types[i]))
      return false;
  return true;
}

//===--- Index spaces ---------------------------------------------------------------------===//

const FuncType *FunctionValidator::Impl::functionType(uint32_t functionIndex) {
  if (functionIndex >= module_.numFunctions()) {
    failUnknown("function", functionIndex);
    return nullptr;
  }
  uint32_t typeIndex = module_.functionTypes[functionIndex];
  if (typeIndex >= module_.types.size()) {
    failUnknown("type", typeIndex);
    return nullptr;
  }
  return &module_.types[typeIndex];
}

bool FunctionValidator::Impl::checkTable(uint32_t index) {
  return index < module_.tables.size() || failUnknown("table", index);
}

bool FunctionValidator::Impl::checkMemory(uint32_t index) {
  return index < module_.memories.size() || failUnknown("memory", index);
}

bool FunctionValidator::Impl::checkElem(uint32_t index) {
  return index < module_.elements.size() || failUnknown("elem segment", index);
}

/// memory.init and data.drop name data segments before the data section is read, so the binary
/// must declare their count up front; an index no segment has is reported as such first.
bool FunctionValidator::Impl::checkData(uint32_t index) {
  if (!module_.dataCount)
    return index >= module_.data.size() ? failUnknown("data segment", index)
                                        : fail("data count section required");
  return index < *module_.dataCount || failUnknown("data segment", index);
}

bool FunctionValidator::Impl::checkLane(uint32_t lanes) {
  return inst_.lane < lanes || fail("invalid lane index");
}

//===--- Instructions typed by hand -------------------------------------------------------===//

bool FunctionValidator::Impl::onCall(uint32_t functionIndex) {
  const FuncType *type = functionType(functionIndex);
  if (!type || !popList(TypeList(type->params)))
    return false;
  if (!module_.isImportedFunction(functionIndex))
    calls_.push_back(CallSite{offset(), functionIndex});
  return pushList(TypeList(type->results)) || failTooHigh();
}

bool FunctionValidator::Impl::onCallIndirect(uint32_t typeIndex, uint32_t tableIndex) {
  if (!checkTable(tableIndex))
    return false;
  if (module_.tables[tableIndex].elemType != ValType::FuncRef)
    return fail("type mismatch: call_indirect needs a funcref table");
  if (typeIndex >= module_.types.size())
    return failUnknown("type", typeIndex);
  const FuncType &type = module_.types[typeIndex];
  if (!popExpect(ValType::I32) || !popList(TypeList(type.params)))
    return false;
  return pushList(TypeList(type.results)) || failTooHigh();
}

/// Untyped select picks between two numeric or two vector operands of one type.
bool FunctionValidator::Impl::onSelect() {
  ValType first, second;
  if (!popExpect(ValType::I32) || !pop(first) || !pop(second))
    return false;
  auto plain = [](ValType t) { return t == kUnknown || isNumType(t) || t == ValType::V128; };
  if (!plain(first) || !plain(second))
    return fail("type mismatch: select without a type needs numeric or vector operands");
  if (first != second && first != kUnknown && second != kUnknown)
    return failMismatch(first, second);
  return push(first == kUnknown ? second : first) || failTooHigh();
}

bool FunctionValidator::Impl::onSelectTyped() {
  if (inst_.listCount != 1)
    return fail("invalid result arity");
  ValType type = ValType(inst_.listBegin[0]);
  if (!popExpect(ValType::I32) || !popExpect(type) || !popExpect(type))
    return false;
  return push(type) || failTooHigh();
}

bool FunctionValidator::Impl::onGlobalSet(uint32_t index) {
  if (index >= module_.globals.size())
    return failUnknown("global", index);
  const GlobalType &global = module_.globals[index].type;
  if (!global.isMutable)
    return fail("global is immutable");
  return popExpect(global.type);
}

bool FunctionValidator::Impl::onTable() {
  if (!checkTable(inst_.index))
    return false;
  ValType elem = module_.tables[inst_.index].elemType;
  switch (inst_.op) {
  case Opcode::TableGet:
    if (!popExpect(ValType::I32))
      return false;
    return push(elem) || failTooHigh();
  case Opcode::TableSet: return popExpect(elem) && popExpect(ValType::I32);
  case Opcode::TableGrow:
    if (!popExpect(ValType::I32) || !popExpect(elem))
      return false;
    return push(ValType::I32) || failTooHigh();
  default: // table.fill
    return popExpect(ValType::I32) && popExpect(elem) && popExpect(ValType::I32);
  }
}

bool FunctionValidator::Impl::onRef() {
  if (inst_.op == Opcode::RefNull)
    return push(inst_.refType) || failTooHigh();
  if (inst_.op == Opcode::RefIsNull) {
    ValType type;
    if (!pop(type))
      return false;
    if (type != kUnknown && !isRefType(type))
      return fail("type mismatch: expected a reference, got " + describe(type, ""));
    return push(ValType::I32) || failTooHigh();
  }
  if (!functionType(inst_.index)) // ref.func
    return false;
  if (!declared_[inst_.index])
    return fail("undeclared function reference");
  return push(ValType::FuncRef) || failTooHigh();
}

//===--- Instructions typed by their signature --------------------------------------------===//

/// Checks the immediates of an instruction typed by its signature.
bool FunctionValidator::Impl::checkImmediates(const OpTraits &traits) {
  auto alignment = [&] {
    return inst_.memArg.alignLog2 <= traits.arg ||
           fail("alignment must not be larger than natural");
  };
  auto sameElemType = [&](ValType a, ValType b) { return a == b || failMismatch(a, b); };
  switch (traits.immediate) {
  case ImmKind::MemArg: return checkMemory(inst_.memArg.memory) && alignment();
  case ImmKind::MemArgLane: // the lane count follows from the access width
    return checkMemory(inst_.memArg.memory) && alignment() && checkLane(16u >> traits.arg);
  case ImmKind::Lane: return checkLane(traits.arg);
  case ImmKind::Shuffle:
    for (uint8_t lane : inst_.v128)
      if (lane >= 32)
        return fail("invalid lane index");
    return true;
  case ImmKind::Memory: return checkMemory(inst_.index);
  case ImmKind::MemoryInit: return checkMemory(inst_.index2) && checkData(inst_.index);
  case ImmKind::MemoryCopy: return checkMemory(inst_.index) && checkMemory(inst_.index2);
  case ImmKind::Data: return checkData(inst_.index);
  case ImmKind::Table: return checkTable(inst_.index);
  case ImmKind::Elem: return checkElem(inst_.index);
  case ImmKind::TableInit:
    return checkTable(inst_.index2) && checkElem(inst_.index) &&
           sameElemType(module_.tables[inst_.index2].elemType,
                        module_.elements[inst_.index].elemType);
  case ImmKind::TableCopy:
    return checkTable(inst_.index) && checkTable(inst_.index2) &&
           sameElemType(module_.tables[inst_.index].elemType,
                        module_.tables[inst_.index2].elemType);
  default: return true;
  }
}

bool FunctionValidator::Impl::simple(const OpTraits &traits) {
  if (traits.special)
    return fail(std::string("no typing rule for ") + info(inst_.op).text);
  if (traits.checksImmediate && !checkImmediates(traits))
    return false;
  if (!popList(TypeList(traits.params, traits.numParams)))
    return false;
  return !traits.hasResult || push(traits.result) || failTooHigh();
}

//===--- The general path -----------------------------------------------------------------===//

/// Types one instruction in inst_: the "*" rows by hand, every other row by its signature.
bool FunctionValidator::Impl::step() {
  switch (inst_.op) {
  case Opcode::LocalGet: return onLocalGet(inst_.index);
  case Opcode::LocalSet: return onLocalSet(inst_.index);
  case Opcode::LocalTee: return onLocalTee(inst_.index);
  case Opcode::Block: return openBlock(FrameKind::Block, inst_.blockType);
  case Opcode::Loop: return openBlock(FrameKind::Loop, inst_.blockType);
  case Opcode::If: return openBlock(FrameKind::If, inst_.blockType);
  case Opcode::Else: return onElse();
  case Opcode::End: return onEnd();
  case Opcode::Br: return onBr(inst_.index);
  case Opcode::BrIf: return onBrIf(inst_.index);
  case Opcode::BrTable: return onBrTable();
  case Opcode::Return: return onReturn();
  case Opcode::Unreachable: markUnreachable(); return true;
  case Opcode::Call: return onCall(inst_.index);
  case Opcode::CallIndirect: return onCallIndirect(inst_.index, inst_.index2);
  case Opcode::Drop: return onDrop();
  case Opcode::Select: return onSelect();
  case Opcode::SelectT: return onSelectTyped();
  case Opcode::GlobalGet: return onGlobalGet(inst_.index);
  case Opcode::GlobalSet: return onGlobalSet(inst_.index);
  case Opcode::TableGet:
  case Opcode::TableSet:
  case Opcode::TableGrow:
  case Opcode::TableFill: return onTable();
  case Opcode::RefNull:
  case Opcode::RefIsNull:
  case Opcode::RefFunc: return onRef();
  default: return simple(kTraits[unsigned(inst_.op)]);
  }
}

/// Reads the current instruction again, whole, and checks it: the prefixed groups, the rare
/// instructions and the bytes that are no opcode.
bool FunctionValidator::Impl::general() {
  reader_.rewind(instStart_);
  if (!readInstruction(reader_, inst_, features_))
    return failRead();
  return step();
}

} // namespace strata::wasm
