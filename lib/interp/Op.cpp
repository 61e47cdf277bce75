#include "Op.h"

#include <array>

namespace strata::interp {

const char *opName(Op op) {
  static const char *const kNames[] = {
#define INTERP_ENTRY(Name) #Name,
#include "OpList.def"
  };
  return op < Op::None ? kNames[unsigned(op)] : "None";
}

unsigned operandWords(Op op, const uint32_t *pc) {
  static const uint8_t kWords[] = {
#define INTERP_UNARY(Name, In, Out, Fn) 2,
#define INTERP_UNARY_TRAP(Name, In, Out, Fn) 2,
#define INTERP_BINARY(Name, In, Out, Fn) 3,
#define INTERP_IBINARY(Name, In, Out, Fn) 3, 2 + sizeof(In) / 4,
#define INTERP_IBINARY_TRAP(Name, In, Out, Fn) 3, 2 + sizeof(In) / 4,
#define INTERP_ICOMPARE(Name, In, Fn)                                                          \
  3, 2 + sizeof(In) / 4, 3, 2 + sizeof(In) / 4, 3, 2 + sizeof(In) / 4,
#include "NumericOps.def"
#define INTERP_LOAD(Name, Mem, Out) 3,
#define INTERP_STORE(Name, In, Mem) 3,
#include "MemoryOps.def"
#define INTERP_OP(Name, Words) Words,
#include "InternalOps.def"
  };
  static_assert(sizeof(kWords) == kOpCount);
  if (op == Op::BrTable)
    return 2 + pc[3] + 1;
  return kWords[unsigned(op)];
}

static std::array<OpForms, wasm::kOpcodeCount> buildForms() {
  std::array<OpForms, wasm::kOpcodeCount> forms{};
  auto at = [&](wasm::Opcode opcode) -> OpForms & { return forms[unsigned(opcode)]; };
#define SIMPLE(Name) at(wasm::Opcode::Name).op = Op::Name;
#define INTERP_UNARY(Name, In, Out, Fn) SIMPLE(Name)
#define INTERP_UNARY_TRAP(Name, In, Out, Fn) SIMPLE(Name)
#define INTERP_BINARY(Name, In, Out, Fn) SIMPLE(Name)
#define INTERP_IBINARY(Name, In, Out, Fn) SIMPLE(Name) at(wasm::Opcode::Name).imm = Op::Name##Imm;
#define INTERP_IBINARY_TRAP(Name, In, Out, Fn) INTERP_IBINARY(Name, In, Out, Fn)
#define INTERP_ICOMPARE(Name, In, Fn)                                                          \
  at(wasm::Opcode::Name) = {Op::Name,          Op::Name##Imm,        Op::BrIf##Name,           \
                            Op::BrIf##Name##Imm, Op::BrIf##Name##Loop, Op::BrIf##Name##ImmLoop};
#include "NumericOps.def"
#define INTERP_LOAD(Name, Mem, Out) SIMPLE(Name)
#define INTERP_STORE(Name, In, Mem) SIMPLE(Name)
#include "MemoryOps.def"
#undef SIMPLE
  return forms;
}

const OpForms &formsOf(wasm::Opcode opcode) {
  static const std::array<OpForms, wasm::kOpcodeCount> kForms = buildForms();
  return kForms[unsigned(opcode)];
}

} // namespace strata::interp
