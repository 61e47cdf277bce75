#include "strata/runtime/ConstExpr.h"

#include "strata/runtime/Instance.h"

#include <cstring>
#include <vector>

namespace strata::runtime {

using wasm::Opcode;
using wasm::ValType;

static Error failure(const wasm::Instruction &instruction, const std::string &reason) {
  return Error("constant expression: " + reason, instruction.offset);
}

/// Applies an i32/i64 add, sub or mul to the top two values.
static Status binary(const wasm::Instruction &instruction, std::vector<Value> &stack) {
  bool is32 = instruction.op == Opcode::I32Add || instruction.op == Opcode::I32Sub ||
              instruction.op == Opcode::I32Mul;
  ValType type = is32 ? ValType::I32 : ValType::I64;
  if (stack.size() < 2 || stack[stack.size() - 1].type() != type ||
      stack[stack.size() - 2].type() != type)
    return failure(instruction, "type mismatch");
  uint64_t rhs = stack.back().bits();
  stack.pop_back();
  uint64_t lhs = stack.back().bits();
  uint64_t result;
  switch (instruction.op) {
  case Opcode::I32Add: case Opcode::I64Add: result = lhs + rhs; break;
  case Opcode::I32Sub: case Opcode::I64Sub: result = lhs - rhs; break;
  default: result = lhs * rhs; break; // wrapping, as unsigned arithmetic is
  }
  stack.back() = is32 ? Value::i32(int32_t(uint32_t(result))) : Value::i64(int64_t(result));
  return Status::ok();
}

static Status step(const wasm::Instruction &instruction, const ModuleInstance &instance,
                   std::vector<Value> &stack) {
  switch (instruction.op) {
  case Opcode::I32Const:
    stack.push_back(Value::i32(int32_t(uint32_t(instruction.bits))));
    return Status::ok();
  case Opcode::I64Const:
    stack.push_back(Value::i64(int64_t(instruction.bits)));
    return Status::ok();
  case Opcode::F32Const:
    stack.push_back(Value::fromBits(ValType::F32, uint32_t(instruction.bits)));
    return Status::ok();
  case Opcode::F64Const:
    stack.push_back(Value::fromBits(ValType::F64, instruction.bits));
    return Status::ok();
  case Opcode::V128Const: {
    V128 v;
    std::memcpy(&v.low, instruction.v128, 8);
    std::memcpy(&v.high, instruction.v128 + 8, 8);
    stack.push_back(Value::v128(v));
    return Status::ok();
  }
  case Opcode::RefNull:
    stack.push_back(Value::nullRef(instruction.refType));
    return Status::ok();
  case Opcode::RefFunc:
    if (instruction.index >= instance.functions().size())
      return failure(instruction, "unknown function " + std::to_string(instruction.index));
    stack.push_back(Value::funcRef(instance.function(instruction.index)));
    return Status::ok();
  case Opcode::GlobalGet:
    if (instruction.index >= instance.globals().size())
      return failure(instruction, "unknown global " + std::to_string(instruction.index));
    stack.push_back(instance.global(instruction.index)->value());
    return Status::ok();
  case Opcode::I32Add: case Opcode::I32Sub: case Opcode::I32Mul:
  case Opcode::I64Add: case Opcode::I64Sub: case Opcode::I64Mul:
    return binary(instruction, stack);
  default:
    return failure(instruction,
                   std::string("instruction not allowed: ") + wasm::info(instruction.op).text);
  }
}

Expected<Value> evaluateConstExpr(const wasm::ConstExpr &expr, ValType type,
                                  const ModuleInstance &instance) {
  std::vector<Value> stack;
  for (const wasm::Instruction &instruction : expr.instructions)
    if (Status status = step(instruction, instance, stack); !status)
      return status.takeError();
  if (stack.size() != 1 || stack.back().type() != type)
    return Error(std::string("constant expression: type mismatch, expected a single ") +
                     wasm::toString(type),
                 expr.offset);
  return stack.back();
}

} // namespace strata::runtime
