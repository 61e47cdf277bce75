// Constant expressions (global initializers, segment offsets, element items), and the functions
// that they and the exports declare for `ref.func` in function bodies.
#include "strata/wasm/Validator.h"

#include <string>

namespace strata::wasm {

namespace {

/// The type one constant instruction pushes; fails for anything that is not constant.
Status constantType(const Module &module, const Instruction &inst, ValType &type) {
  switch (inst.op) {
  case Opcode::I32Const: type = ValType::I32; return Status::ok();
  case Opcode::I64Const: type = ValType::I64; return Status::ok();
  case Opcode::F32Const: type = ValType::F32; return Status::ok();
  case Opcode::F64Const: type = ValType::F64; return Status::ok();
  case Opcode::V128Const: type = ValType::V128; return Status::ok();
  case Opcode::RefNull: type = inst.refType; return Status::ok();
  case Opcode::RefFunc:
    if (inst.index >= module.numFunctions())
      return Error("unknown function " + std::to_string(inst.index), inst.offset);
    type = ValType::FuncRef;
    return Status::ok();
  case Opcode::GlobalGet:
    // 2.0 lets constant expressions read imported globals only, and only immutable ones.
    if (inst.index >= module.numImportedGlobals || inst.index >= module.globals.size())
      return Error("unknown global " + std::to_string(inst.index), inst.offset);
    if (module.globals[inst.index].type.isMutable)
      return Error("constant expression required", inst.offset);
    type = module.globals[inst.index].type.type;
    return Status::ok();
  default: return Error("constant expression required", inst.offset);
  }
}

} // namespace

Status validateConstExpr(const Module &module, const ConstExpr &expr, ValType expected) {
  // Every instruction must be constant before the sequence is typed, as in the spec.
  ValType last = expected;
  for (const Instruction &inst : expr.instructions)
    if (Status status = constantType(module, inst, last); !status)
      return status;
  if (expr.instructions.size() != 1 || last != expected) {
    std::string found = expr.instructions.empty() ? "nothing" : toString(last);
    if (expr.instructions.size() > 1)
      found = std::to_string(expr.instructions.size()) + " values";
    return Error(std::string("type mismatch: constant expression must yield one ") +
                     toString(expected) + ", got " + found,
                 expr.offset);
  }
  return Status::ok();
}

std::vector<bool> collectDeclaredFunctions(const Module &module) {
  std::vector<bool> declared(module.numFunctions(), false);
  auto declare = [&](uint32_t index) {
    if (index < declared.size())
      declared[index] = true;
  };
  auto scan = [&](const ConstExpr &expr) {
    for (const Instruction &inst : expr.instructions)
      if (inst.op == Opcode::RefFunc)
        declare(inst.index);
  };
  for (const Export &e : module.exports)
    if (e.kind == ExternKind::Func)
      declare(e.index);
  for (const Global &global : module.globals)
    scan(global.init);
  for (const ElemSegment &segment : module.elements) {
    scan(segment.offset);
    for (const ConstExpr &item : segment.items)
      scan(item);
  }
  for (const DataSegment &segment : module.data)
    scan(segment.offset);
  return declared;
}

} // namespace strata::wasm
