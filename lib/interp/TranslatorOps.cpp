// Translation of the instructions that compute: numeric instructions (typed by the opcode
// table's signatures), memory and table access, references, calls and select.

#include "FunctionTranslator.h"

#include <array>

namespace strata::interp {

using wasm::Opcode;
using wasm::ValType;

namespace {
/// An opcode's operand and result types, parsed from its Opcodes.def signature.
struct Signature {
  uint8_t numIn = 0;
  bool hasOut = false;
  ValType out = ValType::I32;
};

ValType typeOfChar(char c) {
  switch (c) {
  case 'l':
    return ValType::I64;
  case 'f':
    return ValType::F32;
  case 'd':
    return ValType::F64;
  case 'v':
    return ValType::V128;
  default:
    return ValType::I32;
  }
}

const Signature &signatureOf(Opcode opcode) {
  static const auto kSignatures = [] {
    std::array<Signature, wasm::kOpcodeCount> table{};
    for (unsigned i = 0; i < wasm::kOpcodeCount; ++i) {
      const char *text = wasm::kOpcodeInfo[i].signature;
      Signature &sig = table[i];
      for (; *text && *text != '>'; ++text)
        ++sig.numIn;
      if (*text == '>' && text[1]) {
        sig.hasOut = true;
        sig.out = typeOfChar(text[1]);
      }
    }
    return table;
  }();
  return kSignatures[unsigned(opcode)];
}

bool isCommutative(Opcode op) {
  switch (op) {
  case Opcode::I32Add:
  case Opcode::I32Mul:
  case Opcode::I32And:
  case Opcode::I32Or:
  case Opcode::I32Xor:
  case Opcode::I32Eq:
  case Opcode::I32Ne:
  case Opcode::I64Add:
  case Opcode::I64Mul:
  case Opcode::I64And:
  case Opcode::I64Or:
  case Opcode::I64Xor:
  case Opcode::I64Eq:
  case Opcode::I64Ne:
    return true;
  default:
    return false;
  }
}

/// The comparison with its operands swapped (a < b is b > a), or Nop.
Opcode mirrored(Opcode op) {
  switch (op) {
  case Opcode::I32LtS:
    return Opcode::I32GtS;
  case Opcode::I32GtS:
    return Opcode::I32LtS;
  case Opcode::I32LtU:
    return Opcode::I32GtU;
  case Opcode::I32GtU:
    return Opcode::I32LtU;
  case Opcode::I32LeS:
    return Opcode::I32GeS;
  case Opcode::I32GeS:
    return Opcode::I32LeS;
  case Opcode::I32LeU:
    return Opcode::I32GeU;
  case Opcode::I32GeU:
    return Opcode::I32LeU;
  case Opcode::I64LtS:
    return Opcode::I64GtS;
  case Opcode::I64GtS:
    return Opcode::I64LtS;
  case Opcode::I64LtU:
    return Opcode::I64GtU;
  case Opcode::I64GtU:
    return Opcode::I64LtU;
  case Opcode::I64LeS:
    return Opcode::I64GeS;
  case Opcode::I64GeS:
    return Opcode::I64LeS;
  case Opcode::I64LeU:
    return Opcode::I64GeU;
  case Opcode::I64GeU:
    return Opcode::I64LeU;
  default:
    return Opcode::Nop;
  }
}

unsigned immBytes(ValType type) { return type == ValType::I64 || type == ValType::F64 ? 8 : 4; }
} // namespace

void FunctionTranslator::popSlots(uint32_t *slots, unsigned count) {
  Operand operands[6];
  for (unsigned i = count; i-- > 0;)
    operands[i] = pop();
  for (unsigned i = 0; i < count; ++i)
    slots[i] = slotOf(operands[i]);
}

void FunctionTranslator::unary(Opcode opcode, Op op, ValType out) {
  uint32_t a;
  popSlots(&a, 1);
  uint32_t height = height_;
  uint32_t start = emitOp(op);
  code_.word(pushResult(out));
  code_.word(a);
  noteResult(start, start + 2, height);
  if (opcode == Opcode::I32Eqz) {
    last().isEqz = true;
    last().a = a;
  }
}

void FunctionTranslator::binary(Opcode opcode, const OpForms &forms, ValType out) {
  // A constant operand becomes an immediate; on the left only when the operation commutes or
  // mirrors.
  Operand rhs = pop(), lhs = pop();
  if (forms.imm != Op::None && lhs.where == Where::Const && rhs.where != Where::Const) {
    if (isCommutative(opcode)) {
      std::swap(lhs, rhs);
    } else if (Opcode m = mirrored(opcode); m != Opcode::Nop) {
      std::swap(lhs, rhs);
      opcode = m;
    }
  }
  const OpForms &chosen = formsOf(opcode);
  bool useImm = chosen.imm != Op::None && rhs.where == Where::Const;
  uint32_t a = slotOf(lhs);
  uint32_t b = useImm ? 0 : slotOf(rhs);
  uint32_t height = height_;
  uint32_t start = emitOp(useImm ? chosen.imm : chosen.op);
  code_.word(pushResult(out));
  code_.word(a);
  if (useImm)
    code_.imm(rhs.bits, immBytes(rhs.type));
  else
    code_.word(b);
  noteResult(start, start + 2, height);
  if (chosen.brIf != Op::None) {
    last().compare = opcode;
    last().isImm = useImm;
    last().a = a;
    last().b = b;
    last().imm = rhs.bits;
  }
}

bool FunctionTranslator::memoryAccess(const wasm::Instruction &ins) {
  if (ins.memArg.memory != 0)
    return unsupported(ins);
  memoryAccess(ins.op, uint32_t(ins.memArg.offset));
  return true;
}

void FunctionTranslator::memoryAccess(Opcode opcode, uint32_t offset) {
  const Signature &sig = signatureOf(opcode);
  Op op = formsOf(opcode).op;
  uint32_t slots[2];
  popSlots(slots, sig.numIn);
  if (sig.hasOut) { // a load: dst, address, offset
    uint32_t height = height_;
    uint32_t start = emitOp(op);
    code_.word(pushResult(sig.out));
    code_.word(slots[0]);
    code_.word(offset);
    noteResult(start, start + 2, height);
  } else { // a store: address, value, offset
    emitOp(op);
    code_.word(slots[0]);
    code_.word(slots[1]);
    code_.word(offset);
  }
}

void FunctionTranslator::call(uint32_t functionIndex) {
  const wasm::FuncType &type = module_->functionType(functionIndex);
  materializeTop(uint32_t(type.params.size()));
  for (size_t i = 0; i < type.params.size(); ++i)
    pop();
  emitOp(Op::Call);
  code_.word(functionIndex);
  code_.word(numLocalSlots_ + height_);
  for (ValType t : type.results)
    pushStack(t);
}

void FunctionTranslator::callIndirect(uint32_t typeIndex, uint32_t tableIndex) {
  const wasm::FuncType &type = module_->types[typeIndex];
  // The element index sits above the arguments, which the callee's frame will overwrite;
  // the handler reads it before the call.
  Operand element = pop();
  uint32_t elementSlot = slotOf(element);
  materializeTop(uint32_t(type.params.size()));
  for (size_t i = 0; i < type.params.size(); ++i)
    pop();
  emitOp(Op::CallIndirect);
  code_.word(typeIndex);
  code_.word(tableIndex);
  code_.word(elementSlot);
  code_.word(numLocalSlots_ + height_);
  for (ValType t : type.results)
    pushStack(t);
}

void FunctionTranslator::select() {
  ValType type = stack_[stack_.size() - 2].type;
  uint32_t slots[3];
  popSlots(slots, 3);
  uint32_t height = height_;
  uint32_t start = emitOp(type == ValType::V128 ? Op::Select2 : Op::Select);
  code_.word(pushResult(type));
  code_.word(slots[0]);
  code_.word(slots[1]);
  code_.word(slots[2]);
  noteResult(start, start + 2, height);
}

void FunctionTranslator::globalGet(uint32_t index) {
  ValType type = module_->globals[index].type.type;
  uint32_t height = height_;
  uint32_t start = emitOp(type == ValType::V128 ? Op::GlobalGet2 : Op::GlobalGet);
  code_.word(pushResult(type));
  code_.word(index);
  noteResult(start, start + 2, height);
}

void FunctionTranslator::globalSet(uint32_t index) {
  Operand value = pop();
  uint32_t slot = slotOf(value);
  emitOp(value.type == ValType::V128 ? Op::GlobalSet2 : Op::GlobalSet);
  code_.word(index);
  code_.word(slot);
}

const FunctionTranslator::CommonForm *FunctionTranslator::commonForms() {
  static const auto kForms = [] {
    std::array<CommonForm, 256> table{};
    auto set = [&](Opcode opcode, CommonForm::Kind kind) {
      table[wasm::info(opcode).code] = {kind, signatureOf(opcode).out};
    };
    set(Opcode::LocalGet, CommonForm::LocalGet);
    set(Opcode::LocalSet, CommonForm::LocalSet);
    set(Opcode::LocalTee, CommonForm::LocalTee);
    set(Opcode::I32Const, CommonForm::I32Const);
    // Exactly the one-byte opcodes translateInstruction leaves to operation() and that does not
    // pass on to tableOrBulk.
    for (unsigned byte = 0; byte < 256; ++byte) {
      uint16_t opcode = wasm::kOneByteOpcodes[byte];
      if (opcode == wasm::kInvalidOpcode || formsOf(Opcode(opcode)).op == Op::None)
        continue;
      if (opcode >= uint16_t(Opcode::I32ReinterpretF32) &&
          opcode <= uint16_t(Opcode::F64ReinterpretI64))
        continue;
      const wasm::OpcodeInfo &info = wasm::kOpcodeInfo[opcode];
      if (info.immediate == wasm::ImmKind::MemArg)
        set(Opcode(opcode), CommonForm::Memory);
      else if (info.immediate == wasm::ImmKind::None)
        set(Opcode(opcode), signatureOf(Opcode(opcode)).numIn == 1 ? CommonForm::Unary
                                                                   : CommonForm::Binary);
    }
    return table;
  }();
  return kForms.data();
}

ValType resultTypeOf(Opcode opcode) { return signatureOf(opcode).out; }

bool FunctionTranslator::operation(const wasm::Instruction &ins) {
  if (needsSimdForm(ins))
    return simd(ins);
  const OpForms &forms = formsOf(ins.op);
  if (forms.op == Op::None)
    return tableOrBulk(ins);
  if (wasm::info(ins.op).immediate == wasm::ImmKind::MemArg)
    return memoryAccess(ins);
  const Signature &sig = signatureOf(ins.op);
  if (sig.numIn == 1)
    unary(ins.op, forms.op, sig.out);
  else
    binary(ins.op, forms, sig.out);
  return true;
}

} // namespace strata::interp
