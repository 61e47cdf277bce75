#include "strata/runtime/ConstExpr.h"
#include "strata/runtime/Store.h"
#include "strata/runtime/Instance.h"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::runtime;
using wasm::Opcode;
using wasm::ValType;

namespace {

wasm::Instruction op(Opcode code, uint64_t bits = 0) {
  wasm::Instruction instruction;
  instruction.op = code;
  instruction.bits = bits;
  return instruction;
}

class ConstExprTest : public ::testing::Test {
protected:
  Expected<Value> evaluate(std::vector<wasm::Instruction> instructions, ValType type) {
    wasm::ConstExpr expr;
    expr.instructions = std::move(instructions);
    return evaluateConstExpr(expr, type, instance);
  }
  runtime::Store store;
  ModuleInstance instance{store, std::make_shared<wasm::Module>(), "m"};
};

TEST_F(ConstExprTest, Constants) {
  auto v = evaluate({op(Opcode::I64Const, uint64_t(-7))}, ValType::I64);
  ASSERT_TRUE(bool(v));
  EXPECT_EQ(*v, Value::i64(-7));
  auto f = evaluate({op(Opcode::F64Const, 0x7ff8000000000001)}, ValType::F64);
  ASSERT_TRUE(bool(f));
  EXPECT_EQ(f->bits(), 0x7ff8000000000001u); // NaN payload kept
}

TEST_F(ConstExprTest, ExtendedArithmetic) {
  auto v = evaluate({op(Opcode::I32Const, 2), op(Opcode::I32Const, 3), op(Opcode::I32Mul),
                     op(Opcode::I32Const, 1), op(Opcode::I32Sub)},
                    ValType::I32);
  ASSERT_TRUE(bool(v)) << v.error().message();
  EXPECT_EQ(*v, Value::i32(5));
  auto wrapped = evaluate({op(Opcode::I32Const, 0x7fffffff), op(Opcode::I32Const, 1),
                           op(Opcode::I32Add)},
                          ValType::I32);
  ASSERT_TRUE(bool(wrapped));
  EXPECT_EQ(*wrapped, Value::i32(INT32_MIN));
  auto i64 = evaluate({op(Opcode::I64Const, 10), op(Opcode::I64Const, 20), op(Opcode::I64Sub)},
                      ValType::I64);
  ASSERT_TRUE(bool(i64));
  EXPECT_EQ(*i64, Value::i64(-10));
}

TEST_F(ConstExprTest, Failures) {
  EXPECT_FALSE(bool(evaluate({}, ValType::I32)));
  EXPECT_FALSE(bool(evaluate({op(Opcode::I32Const, 1)}, ValType::I64)));
  EXPECT_FALSE(bool(evaluate({op(Opcode::I32Const, 1), op(Opcode::I32Const, 2)}, ValType::I32)));
  EXPECT_FALSE(bool(evaluate({op(Opcode::I32Const, 1), op(Opcode::I32Add)}, ValType::I32)));
  EXPECT_FALSE(bool(evaluate({op(Opcode::I32Const, 1), op(Opcode::I64Const, 1),
                              op(Opcode::I64Add)},
                             ValType::I64)));
  auto nop = evaluate({op(Opcode::Nop)}, ValType::I32);
  ASSERT_FALSE(bool(nop));
  EXPECT_NE(nop.error().reason().find("not allowed: nop"), std::string::npos);
  wasm::Instruction get = op(Opcode::GlobalGet);
  get.index = 0;
  EXPECT_FALSE(bool(evaluate({get}, ValType::I32))); // no globals
}

} // namespace
