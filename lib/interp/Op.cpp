#include "Op.h"

#include "strata/interp/Translator.h"

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
#define INTERP_ICOMPARE(Name, In, Fn)                                                              \
  3, 2 + sizeof(In) / 4, 3, 2 + sizeof(In) / 4, 3, 2 + sizeof(In) / 4,
#define INTERP_SHIFT(Name, Fn) 3,
#define INTERP_TERNARY(Name, Fn) 4,
#define INTERP_EXTRACT_LANE(Name, Out, Fn) 3,
#define INTERP_REPLACE_LANE(Name, In, Fn) 4,
#include "NumericOps.def"
#define INTERP_LOAD(Name, Mem, Out) 3,
#define INTERP_STORE(Name, In, Mem) 3,
#define INTERP_LOAD_VECTOR(Name, Bytes, Fn) 3,
#define INTERP_LOAD_LANE(Name, Lane) 5,
#define INTERP_STORE_LANE(Name, Lane) 4,
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
#define INTERP_ICOMPARE(Name, In, Fn)                                                              \
  at(wasm::Opcode::Name) = {Op::Name,                                                              \
                            Op::Name##Imm,                                                         \
                            Op::BrIf##Name,                                                        \
                            Op::BrIf##Name##Imm,                                                   \
                            Op::BrIf##Name##Loop,                                                  \
                            Op::BrIf##Name##ImmLoop};
#define INTERP_SHIFT(Name, Fn) SIMPLE(Name)
#define INTERP_TERNARY(Name, Fn) SIMPLE(Name)
#define INTERP_EXTRACT_LANE(Name, Out, Fn) SIMPLE(Name)
#define INTERP_REPLACE_LANE(Name, In, Fn) SIMPLE(Name)
#include "NumericOps.def"
#define INTERP_LOAD(Name, Mem, Out) SIMPLE(Name)
#define INTERP_STORE(Name, In, Mem) SIMPLE(Name)
#define INTERP_LOAD_VECTOR(Name, Bytes, Fn) SIMPLE(Name)
#define INTERP_LOAD_LANE(Name, Lane) SIMPLE(Name)
#define INTERP_STORE_LANE(Name, Lane) SIMPLE(Name)
#include "MemoryOps.def"
#undef SIMPLE
  return forms;
}

// Built at load time, so lookups pay for no initialization guard.
const std::array<OpForms, wasm::kOpcodeCount> kOpForms = buildForms();

bool hasInterpreterForm(wasm::Opcode opcode) { return formsOf(opcode).op != Op::None; }

static std::array<bool, kOpCount> buildMayTrap() {
  std::array<bool, kOpCount> table{};
  auto set = [&](std::initializer_list<Op> ops) {
    for (Op op : ops)
      table[unsigned(op)] = true;
  };
#define INTERP_UNARY_TRAP(Name, In, Out, Fn) set({Op::Name});
#define INTERP_IBINARY_TRAP(Name, In, Out, Fn) set({Op::Name, Op::Name##Imm});
#define INTERP_ICOMPARE(Name, In, Fn) set({Op::BrIf##Name##Loop, Op::BrIf##Name##ImmLoop});
#include "NumericOps.def"
#define INTERP_LOAD(Name, Mem, Out) set({Op::Name});
#define INTERP_STORE(Name, In, Mem) set({Op::Name});
#define INTERP_LOAD_VECTOR(Name, Bytes, Fn) set({Op::Name});
#define INTERP_LOAD_LANE(Name, Lane) set({Op::Name});
#define INTERP_STORE_LANE(Name, Lane) set({Op::Name});
#include "MemoryOps.def"
  set({Op::BrLoop, Op::BrIfLoop, Op::BrUnlessLoop, Op::Unreachable, Op::Call, Op::CallIndirect,
       Op::MemoryInit, Op::MemoryCopy, Op::MemoryFill, Op::TableGet, Op::TableSet, Op::TableFill,
       Op::TableCopy, Op::TableInit});
  return table;
}

const std::array<bool, kOpCount> kMayTrap = buildMayTrap();

} // namespace strata::interp
