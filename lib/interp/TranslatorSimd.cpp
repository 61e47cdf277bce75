// Translation of the SIMD instructions whose immediates or operand counts the generic paths of
// TranslatorOps.cpp do not cover: v128.const and i8x16.shuffle (16 immediate bytes), the lane
// instructions (a lane index word) and v128.bitselect (three operands).

#include "FunctionTranslator.h"

#include <cstring>

namespace strata::interp {

using wasm::ImmKind;
using wasm::Opcode;
using wasm::ValType;

bool FunctionTranslator::needsSimdForm(const wasm::Instruction &ins) {
  switch (wasm::info(ins.op).immediate) {
  case ImmKind::V128:
  case ImmKind::Shuffle:
  case ImmKind::Lane:
  case ImmKind::MemArgLane:
    return true;
  default:
    return ins.op == Opcode::V128Bitselect;
  }
}

void FunctionTranslator::emitBytes16(const uint8_t *bytes) {
  uint32_t words[4];
  std::memcpy(words, bytes, 16);
  for (uint32_t w : words)
    code_.word(w);
}

bool FunctionTranslator::simd(const wasm::Instruction &ins) {
  const wasm::OpcodeInfo &info = wasm::info(ins.op);
  const OpForms &forms = formsOf(ins.op);
  uint32_t slots[3];
  // Instructions with a result: pops `inputs` operands, then emits op, dst, the operands and
  // `extra`, noted for retargeting.
  auto emitResult = [&](Op op, ValType out, unsigned inputs, auto &&extra) {
    popSlots(slots, inputs);
    uint32_t height = height_;
    uint32_t start = emitOp(op);
    code_.word(pushResult(out));
    for (unsigned i = 0; i < inputs; ++i)
      code_.word(slots[i]);
    extra();
    noteResult(start, start + 2, height);
  };
  auto nothing = [] {};
  switch (ins.op) {
  case Opcode::V128Const:
    emitResult(Op::V128Const, ValType::V128, 0, [&] { emitBytes16(ins.v128); });
    return true;
  case Opcode::I8x16Shuffle:
    emitResult(Op::I8x16Shuffle, ValType::V128, 2, [&] { emitBytes16(ins.v128); });
    return true;
  case Opcode::V128Bitselect:
    emitResult(forms.op, ValType::V128, 3, nothing);
    return true;
  default:
    break;
  }
  if (info.immediate == ImmKind::Lane) {
    // extract_lane: v128 -> scalar; replace_lane: v128, scalar -> v128.
    bool replace = info.signature[1] != '>';
    ValType out = replace ? ValType::V128 : resultTypeOf(ins.op);
    emitResult(forms.op, out, replace ? 2 : 1, [&] { code_.word(ins.lane); });
    return true;
  }
  // Lane loads and stores: address and vector operands, then the offset and the lane.
  if (ins.memArg.memory != 0)
    return unsupported(ins);
  popSlots(slots, 2);
  if (info.signature[2] == '>' && info.signature[3] == 'v') { // load lane: iv>v
    uint32_t height = height_;
    uint32_t start = emitOp(forms.op);
    code_.word(pushResult(ValType::V128));
    code_.word(slots[0]);
    code_.word(slots[1]);
    code_.word(uint32_t(ins.memArg.offset));
    code_.word(ins.lane);
    noteResult(start, start + 2, height);
  } else { // store lane: iv>
    emitOp(forms.op);
    code_.word(slots[0]);
    code_.word(slots[1]);
    code_.word(uint32_t(ins.memArg.offset));
    code_.word(ins.lane);
  }
  return true;
}

} // namespace strata::interp
